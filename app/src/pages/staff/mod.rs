//! The staff workspace: sign-in, inboxes, the triage queue, the item page
//! and the department's insight.
//! Everything is plain HTML forms, like the resident side: it works without
//! JavaScript and with a keyboard and a screen reader.

mod admin;
mod consultations;
mod inbox;
mod insight;
mod insight_growth;
mod insight_teams;
mod item;
mod moderation;
mod sign_in;

pub use admin::{
    AdminHomePage, ApiKeyForm, ApiKeyRow, ApiKeysAdminPage, ApiKeysPageData, AuditLogData, AuditLogPage, AuditRow, CatalogAdminPage, CatalogForm,
    CatalogPageData, CatalogPageKind, CatalogRow, DeadMailRow, InviteForm, InvitePage, InvitePageData, MailAdminPage, MailPageData, RuleForm, RuleRow,
    RuleTestForm, RulesAdminPage, RulesPageData, StaffAdminPage, StaffForm, StaffPageData, StaffRow, TemplateForm, TemplateRow, TemplatesAdminPage,
    TemplatesPageData, WebhookPrefixRow, WebhookRow, WebhooksAdminPage, WebhooksPageData,
};
pub use consultations::{
    question_field, ConsultationEditData, ConsultationEditPage, ConsultationListData, ConsultationListPage, ConsultationRow, DetailsChoices, DetailsForm,
    QuestionForm, QuestionRow, StaffResultsData, StaffResultsPage,
};
pub use inbox::{InboxFilters, InboxPage, InboxPageData, InboxRowView};
pub use insight::{CellView, CurveView, GoalRow, InsightPage, InsightPageData, SegmentValue, ServiceView, TransitionView};
pub use insight_growth::{GrowthPage, GrowthPageData, RiseRow, TermView};
pub use insight_teams::{GroupRow, GroupTable, MonthBar, NumberLink, TeamLineView, TeamsPage, TeamsPageData};
pub use item::{ConcernView, ContactView, EventView, ItemForms, ItemPage, ItemPageData, JourneyView, OwnerView, PrivacyView, ReferralView, StepView};
pub use moderation::{
    Highlighted, HighlightedText, ModerateCommentData, ModerateCommentPage, ModerateIdeaData, ModerateIdeaPage, ModerationForm, ModerationQueuePage,
    QueuePageData, QueueRow,
};
pub use sign_in::{SignInForm, SignInPage, SignInPageData};

use crate::context::use_i18n;
use leptos::prelude::*;

/// What the workspace navigation needs to know about the signed-in person.
#[derive(Clone, Debug, Default)]
pub struct StaffNavData {
    pub display_name: String,
    /// Text key of the role, e.g. `role.caseworker`.
    pub role_key: &'static str,
    pub can_triage: bool,
    pub is_admin: bool,
    /// The team inboxes this person can open: (href, team name).
    pub team_links: Vec<(String, String)>,
    /// Which link is the current page: `inbox`, `triage` or a team href.
    pub current: String,
}

/// The workspace's own navigation, above each staff page's content.
#[component]
pub fn StaffNav(nav: StaffNavData) -> impl IntoView {
    let i18n = use_i18n();
    let current = nav.current.clone();
    let link = move |href: String, label: String| {
        let is_current = current == href
            || (current == "inbox" && href == "/ansatt")
            || (current == "triage" && href == "/ansatt/triage")
            || (current == "admin" && href == "/ansatt/admin")
            || (current == "moderation" && href == "/ansatt/moderering")
            || (current == "consultations" && href == "/ansatt/konsultasjoner")
            || (current == "insight" && href == "/ansatt/innsikt");
        view! { <li><a class="ds-link" href=href aria-current=is_current.then_some("page")>{label}</a></li> }
    };
    let triage = nav.can_triage.then(|| link("/ansatt/triage".to_string(), i18n.t("staff.nav.triage").to_string()));
    let moderation = nav.can_triage.then(|| link("/ansatt/moderering".to_string(), i18n.t("staff.nav.moderation").to_string()));
    let consultations = nav.can_triage.then(|| link("/ansatt/konsultasjoner".to_string(), i18n.t("staff.nav.consultations").to_string()));
    let insight = link("/ansatt/innsikt".to_string(), i18n.t("staff.nav.insight").to_string());
    let admin = nav.is_admin.then(|| link("/ansatt/admin".to_string(), i18n.t("staff.nav.admin").to_string()));
    let teams = nav.team_links.iter().map(|(href, name)| link(href.clone(), name.clone())).collect_view();
    view! {
        <nav class="staff-nav" aria-label=i18n.t("staff.nav.label")>
            <ul class="staff-nav__links">
                {link("/ansatt".to_string(), i18n.t("staff.nav.inbox").to_string())}
                {triage}
                {moderation}
                {consultations}
                {teams}
                {insight}
                {admin}
            </ul>
            <form class="staff-nav__user" method="post" action="/ansatt/logg-ut">
                <span>{i18n.t_with("staff.nav.signed_in_as", &[("name", &nav.display_name), ("role", i18n.t(nav.role_key))])}</span>
                " "
                <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">{i18n.t("staff.nav.sign_out")}</button>
            </form>
        </nav>
    }
}
