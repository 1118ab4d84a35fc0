//! The outbox as administrators see it: how many mails wait, went out and
//! were given up, and the given-up ones with the reason, each with a button
//! that sends it again once the cause is fixed. No address is shown.

use super::{done, StaffNav, StaffNavData};
use crate::context::use_i18n;
use leptos::prelude::*;

/// One mail given up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadMailRow {
    pub id: i64,
    /// Text key of the kind of mail (receipt or update).
    pub template_key: &'static str,
    /// The item's reference and its staff page, when the item still exists.
    pub item: Option<(String, String)>,
    pub queued: String,
    pub attempts: i64,
    pub reason: String,
}

#[derive(Clone, Debug, Default)]
pub struct MailPageData {
    pub nav: StaffNavData,
    pub waiting: i64,
    pub sent: i64,
    pub dead: i64,
    pub rows: Vec<DeadMailRow>,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn MailAdminPage(data: MailPageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let what = i18n.t(r.template_key).to_string();
            let name = r.item.as_ref().map(|(reference, _)| format!("{what} {reference}")).unwrap_or_else(|| what.clone());
            view! {
                <li class="dead-mail">
                    <h2 class="ds-heading" data-size="xs">
                        {match r.item.clone() {
                            Some((reference, href)) => view! { {what.clone()} " " <a class="ds-link" href=href>{reference}</a> }.into_any(),
                            None => view! { {what.clone()} " – " {i18n.t("admin.mail.item_gone")} }.into_any(),
                        }}
                    </h2>
                    <dl class="sent">
                        <dt>{i18n.t("admin.mail.queued")}</dt><dd>{r.queued.clone()}</dd>
                        <dt>{i18n.t("admin.mail.attempts")}</dt><dd>{r.attempts}</dd>
                        <dt>{i18n.t("admin.mail.reason")}</dt><dd>{r.reason.clone()}</dd>
                    </dl>
                    <form method="post" action=format!("/ansatt/admin/epost/{}/send", r.id)>
                        <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">
                            {i18n.t_with("admin.mail.resend_named", &[("name", &name)])}
                        </button>
                    </form>
                </li>
            }
        })
        .collect_view();
    let empty = d.rows.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("admin.mail.none_dead")}</p> });
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.mail.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.mail.lead")}</p>
        {done(d.done_key)}
        <dl class="sent">
            <dt>{i18n.t("admin.mail.waiting")}</dt><dd>{d.waiting}</dd>
            <dt>{i18n.t("admin.mail.sent")}</dt><dd>{d.sent}</dd>
            <dt>{i18n.t("admin.mail.dead")}</dt><dd>{d.dead}</dd>
        </dl>
        <h2 class="ds-heading" data-size="md">{i18n.t("admin.mail.dead_heading")}</h2>
        {empty}
        <ul class="dead-mails">{rows}</ul>
    }
}
