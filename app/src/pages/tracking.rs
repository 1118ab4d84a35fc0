//! The resident's private tracking page, reached through the link in the
//! receipt. Shows what was sent (never contact details), the status, the
//! public timeline (replies, referrals, the outcome) and, once closed, a
//! form to reopen the item with a comment.

use crate::context::use_i18n;
use crate::forms::{named_view, translate_labels, ErrorSummary, FormErrors, Named, TextArea};
use leptos::prelude::*;

/// One line of the public timeline, already in the reader's language.
#[derive(Clone, Debug)]
pub struct TimelineEntry {
    pub when: String,
    pub text: String,
    /// A reply or comment, shown as written.
    pub body: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TrackedStep {
    pub position: i64,
    pub team: String,
    pub channel_key: &'static str,
    pub what_happened: String,
    pub feeling_key: &'static str,
    pub went_wrong: bool,
}

#[derive(Clone, Debug)]
pub struct TrackedJourney {
    pub goal_key: &'static str,
    pub result_key: &'static str,
    pub what_would_have_helped: Option<String>,
    pub steps: Vec<TrackedStep>,
}

/// What the tracking page shows; prepared by the server in the reader's language.
#[derive(Clone, Debug)]
pub struct TrackingData {
    /// The contact details kept, masked ("k•••@eksempel.no"); `None` when none are.
    pub contact: Option<String>,
    /// Where the resident downloads everything stored about the item (JSON).
    pub data_href: String,
    /// Where the resident asks for their contact details to be deleted.
    pub forget_action: String,
    /// Right after the contact details were deleted.
    pub contact_forgotten: bool,
    /// The resident asked to delete them: ask once more before doing it.
    pub confirm_forget: bool,
    /// This page, to ask that (`?slett=kontakt`) and to go back from it.
    pub page_href: String,
    pub reference: String,
    /// Text key of the kind of input, e.g. `kind.idea`.
    pub kind_key: &'static str,
    /// Text key of the current status, e.g. `status.new`.
    pub status_key: &'static str,
    pub timeline: Vec<TimelineEntry>,
    pub outcome_key: Option<&'static str>,
    pub outcome_detail: Option<String>,
    pub title: Option<String>,
    pub body: String,
    pub theme: Option<Named>,
    pub area: Option<Named>,
    pub address: Option<String>,
    /// Text key of the concern's kind, for concerns.
    pub concern_kind_key: Option<&'static str>,
    pub journey: Option<TrackedJourney>,
    pub submitter_key: &'static str,
    /// The full private link, shown on the receipt so it can be saved.
    pub link: String,
    /// Where the reopen form posts.
    pub action: String,
    /// True right after submitting: show the receipt.
    pub just_sent: bool,
    /// Right after sending: the address had its receipts for the day, so no mail was sent.
    pub receipt_withheld: bool,
    /// True right after reopening.
    pub reopened: bool,
    /// Closed and not reopened before: the resident may reopen it once.
    pub can_reopen: bool,
    pub reopen_comment: String,
    pub reopen_error: Option<&'static str>,
    /// Text key explaining what happens next for this kind; none once closed.
    pub next_key: Option<&'static str>,
    /// A request for help (§ 6): the team deciding it, when there is one.
    pub help: Option<HelpRequest>,
}

/// What the page says about a request for help with one's own housing.
#[derive(Clone, Debug, Default)]
pub struct HelpRequest {
    /// The team that decides it (the setting `help.intake_team`).
    pub team: Option<Named>,
    /// The person left a way to reach them.
    pub reachable: bool,
}

/// The right to help, the decision and how to reach the office: on the
/// receipt and the tracking page of a request for help.
#[component]
fn HelpRequestView(help: HelpRequest) -> impl IntoView {
    let i18n = use_i18n();
    let page = crate::context::use_page();
    let office = page.site.office.clone();
    // The office's details are written in bokmål by the municipality.
    let lang = (page.locale.code() != "nb").then_some("nb");
    let team = help.team.map(|team| {
        view! { <p class="ds-paragraph">{i18n.t("tracking.help.team")} " " <strong>{named_view(team)}</strong></p> }
    });
    view! {
        <section class="ds-alert help-request" data-color="info" aria-labelledby="help-heading">
            <h2 class="ds-heading" data-size="sm" id="help-heading">{i18n.t("tracking.help.heading")}</h2>
            <p class="ds-paragraph">{i18n.t("tracking.help.right")}</p>
            {team}
            <p class="ds-paragraph">{i18n.t("tracking.help.decision")}</p>
            <p class="ds-paragraph">{if help.reachable { i18n.t("tracking.help.contact") } else { i18n.t("tracking.help.no_contact") }}</p>
            <dl class="office">
                <dt>{i18n.t("tracking.help.phone")}</dt>
                <dd><a class="ds-link" href=format!("tel:{}", office.phone.replace(' ', "")) dir="ltr">{office.phone.clone()}</a></dd>
                <dt>{i18n.t("tracking.help.hours")}</dt>
                <dd lang=lang dir=lang.map(|_| "auto")>{office.hours.clone()}</dd>
                <dt>{i18n.t("tracking.help.address")}</dt>
                <dd lang=lang dir=lang.map(|_| "auto")>{office.address.clone()}</dd>
            </dl>
        </section>
    }
}

#[component]
pub fn TrackingPage(data: TrackingData) -> impl IntoView {
    let i18n = use_i18n();
    let receipt = data.just_sent.then(|| {
        view! {
            <div class="ds-alert receipt" data-color="success" role="status">
                <h2 class="ds-heading" data-size="sm">{i18n.t("tracking.thanks")}</h2>
                <p class="ds-paragraph">{i18n.t_with("tracking.reference_is", &[("reference", &data.reference)])}</p>
                <p class="ds-paragraph">{i18n.t("tracking.save_link")}</p>
                <p class="ds-paragraph tracking-link"><a class="ds-link" href=data.link.clone()>{data.link.clone()}</a></p>
                {data.receipt_withheld.then(|| view! { <p class="ds-paragraph">{i18n.t("tracking.receipt_withheld")}</p> })}
            </div>
        }
    });
    let reopened = data.reopened.then(|| {
        view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t("tracking.reopen.done")}</p></div> }
    });
    let optional_row = |key: &'static str, value: Option<String>| value.map(|value| view! { <dt>{i18n.t(key)}</dt><dd>{value}</dd> });
    let timeline = data
        .timeline
        .iter()
        .map(|entry| {
            view! {
                <li>
                    <p class="ds-paragraph"><strong>{entry.text.clone()}</strong> " · " {entry.when.clone()}</p>
                    {entry.body.clone().map(|b| view! { <p class="ds-paragraph sent__text">{b}</p> })}
                </li>
            }
        })
        .collect_view();
    let outcome = data.outcome_key.map(|key| {
        view! {
            <div class="ds-alert" data-color="info">
                <p class="ds-paragraph"><strong>{i18n.t("tracking.outcome")}</strong> " " {i18n.t(key)}</p>
                {data.outcome_detail.clone().map(|t| view! { <p class="ds-paragraph sent__text">{t}</p> })}
            </div>
        }
    });
    let journey = data.journey.clone().map(|j| {
        let steps = j
            .steps
            .iter()
            .map(|s| {
                let wrong = s.went_wrong.then(|| view! { <span class="tag" data-color="danger">{i18n.t("journey.step.went_wrong")}</span> });
                view! {
                    <li class="journey-step">
                        <h3 class="ds-heading" data-size="2xs">{i18n.t_with("journey.step", &[("number", &s.position.to_string())])} " – " {s.team.clone()}</h3>
                        <p class="ds-paragraph" data-size="sm">{i18n.t(s.channel_key)} " · " {i18n.t(s.feeling_key)} " " {wrong}</p>
                        <p class="ds-paragraph sent__text">{s.what_happened.clone()}</p>
                    </li>
                }
            })
            .collect_view();
        view! {
            <dt>{i18n.t("journey.goal")}</dt><dd>{i18n.t(j.goal_key)}</dd>
            <dt>{i18n.t("journey.result")}</dt><dd>{i18n.t(j.result_key)}</dd>
            {optional_row("journey.helped", j.what_would_have_helped.clone())}
            <dt>{i18n.t("journey.steps_title")}</dt>
            <dd><ol class="journey-steps">{steps}</ol></dd>
        }
    });
    let errors = FormErrors(data.reopen_error.map(|key| vec![("comment".to_string(), key)]).unwrap_or_default());
    let reopen = data.can_reopen.then(|| {
        view! {
            <h2 class="ds-heading" data-size="md">{i18n.t("tracking.reopen.title")}</h2>
            <p class="ds-paragraph">{i18n.t("tracking.reopen.lead")}</p>
            <ErrorSummary errors=errors.clone() labels=translate_labels(&[("comment", "tracking.reopen.comment")])/>
            <form class="input-form" method="post" action=data.action.clone() novalidate>
                <TextArea name="comment" label="tracking.reopen.comment" value=data.reopen_comment.clone() error=errors.for_field("comment") rows=4/>
                <button class="ds-button" data-variant="secondary" type="submit">{i18n.t("tracking.reopen.submit")}</button>
            </form>
        }
    });
    let not_allowed = (!data.can_reopen && data.reopen_error.is_some()).then(|| {
        view! { <div class="ds-alert" data-color="danger" role="alert"><p class="ds-paragraph">{i18n.t("tracking.reopen.not_allowed")}</p></div> }
    });
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t_with("tracking.heading", &[("reference", &data.reference)])}</h1>
        {receipt}
        {data.help.clone().map(|help| view! { <HelpRequestView help=help/> })}
        {reopened}
        {not_allowed}
        <h2 class="ds-heading" data-size="md">{i18n.t("tracking.status_title")}</h2>
        <p class="ds-paragraph"><strong>{i18n.t("tracking.status_now")}</strong> " " {i18n.t(data.status_key)}</p>
        {outcome}
        <ol class="ds-list timeline">{timeline}</ol>
        {data.next_key.map(|key| view! { <p class="ds-paragraph">{i18n.t(key)}</p> })}
        {reopen}
        <h2 class="ds-heading" data-size="md">{i18n.t("tracking.sent_title")}</h2>
        <dl class="sent">
            <dt>{i18n.t("tracking.kind")}</dt><dd>{i18n.t(data.kind_key)}</dd>
            {optional_row("concern.kind", data.concern_kind_key.map(|k| i18n.t(k).to_string()))}
            {optional_row("idea.title", data.title.clone())}
            {(!data.body.is_empty()).then(|| view! { <dt>{i18n.t("tracking.text")}</dt><dd class="sent__text">{data.body.clone()}</dd> })}
            {journey}
            {data.theme.clone().map(|name| view! { <dt>{i18n.t("form.theme")}</dt><dd>{named_view(name)}</dd> })}
            {data.area.clone().map(|name| view! { <dt>{i18n.t("form.area")}</dt><dd>{named_view(name)}</dd> })}
            {optional_row("concern.address", data.address.clone())}
            <dt>{i18n.t("form.submitter")}</dt><dd>{i18n.t(data.submitter_key)}</dd>
        </dl>
        <h2 class="ds-heading" data-size="md" id="data">{i18n.t("tracking.data.title")}</h2>
        {data.contact_forgotten.then(|| view! {
            <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t("tracking.data.forgotten")}</p></div>
        })}
        {match data.contact.clone() {
            Some(contact) if data.confirm_forget => view! {
                <p class="ds-paragraph">{i18n.t_with("tracking.data.contact", &[("contact", &contact)])}</p>
                <div class="ds-alert" data-color="warning" role="alert">
                    <p class="ds-paragraph">{i18n.t("tracking.data.forget_confirm")}</p>
                    <form method="post" action=data.forget_action.clone()>
                        <button class="ds-button" data-variant="primary" type="submit">{i18n.t("tracking.data.forget_yes")}</button>
                    </form>
                    <p class="ds-paragraph"><a class="ds-link" href=format!("{}#data", data.page_href)>{i18n.t("tracking.data.forget_no")}</a></p>
                </div>
            }.into_any(),
            Some(contact) => view! {
                <p class="ds-paragraph">{i18n.t_with("tracking.data.contact", &[("contact", &contact)])}</p>
                <p class="ds-paragraph"><a class="ds-link" href=format!("{}?slett=kontakt#data", data.page_href)>{i18n.t("tracking.data.forget")}</a></p>
            }.into_any(),
            None => view! { <p class="ds-paragraph">{i18n.t("tracking.data.no_contact")}</p> }.into_any(),
        }}
        <p class="ds-paragraph">
            <a class="ds-link" href=data.data_href.clone() download="">{i18n.t("tracking.data.download")}</a>
        </p>
        <p class="ds-paragraph" data-size="sm">{i18n.t("tracking.contact_hidden")}</p>
    }
}
