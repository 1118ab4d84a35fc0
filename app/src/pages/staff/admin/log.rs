//! The audit log for administrators: who did what, to which item, when,
//! newest first, a page at a time, and the whole log as CSV.

use super::{done, StaffNav, StaffNavData};
use crate::context::use_i18n;
use leptos::prelude::*;

/// One entry as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub at: String,
    /// The member's name, or "the system" (retention, a resident's own request).
    pub who: String,
    pub action: String,
    /// The item's reference and staff page; `None` when erased or not about an item.
    pub item: Option<(String, String)>,
    pub detail: String,
}

#[derive(Clone, Debug, Default)]
pub struct AuditLogData {
    pub nav: StaffNavData,
    pub rows: Vec<AuditRow>,
    /// The next (older) page, when there is one.
    pub older: Option<String>,
    pub done_key: Option<&'static str>,
}

#[component]
pub fn AuditLogPage(data: AuditLogData) -> impl IntoView {
    let i18n = use_i18n();
    let d = data;
    let rows = d
        .rows
        .iter()
        .map(|r| {
            let item = r.item.clone().map(|(reference, href)| view! { " · " <a class="ds-link" href=href>{reference}</a> });
            view! {
                <li class="dead-mail">
                    <p class="ds-paragraph"><strong>{r.action.clone()}</strong>{item}</p>
                    <p class="ds-paragraph" data-size="sm">{r.at.clone()} " · " {r.who.clone()}</p>
                    {(!r.detail.is_empty()).then(|| view! { <p class="ds-paragraph" data-size="sm">{r.detail.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <StaffNav nav=d.nav.clone()/>
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin">{i18n.t("admin.back")}</a></p>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.log.title")}</h1>
        <p class="ds-paragraph">{i18n.t("admin.log.lead")}</p>
        {done(d.done_key)}
        <p class="ds-paragraph"><a class="ds-link" href="/ansatt/admin/logg.csv" download="">{i18n.t("admin.log.export")}</a></p>
        {d.rows.is_empty().then(|| view! { <p class="ds-paragraph">{i18n.t("admin.log.empty")}</p> })}
        <ul class="dead-mails">{rows}</ul>
        {d.older.clone().map(|href| view! { <p class="ds-paragraph"><a class="ds-link" href=href rel="next">{i18n.t("admin.log.older")}</a></p> })}
    }
}
