//! Administration: teams, themes, areas, routing rules (with a box to test
//! where a sample would go), staff accounts and reply templates. Each page
//! is a list plus one plain form, used both for new entries and for editing
//! the one chosen from the list. One module per resource: `catalog`,
//! `rules`, `accounts`, `api_keys` (Open311 clients), `templates`, `invitations`, `mail` (the outbox), `log` (the audit log); the home page and what
//! they share are here.

mod accounts;
mod api_keys;
mod catalog;
mod invitations;
mod log;
mod mail;
mod rules;
mod templates;
mod webhooks;

pub use accounts::*;
pub use api_keys::*;
pub use catalog::*;
pub use invitations::*;
pub use log::*;
pub use mail::*;
pub use rules::*;
pub use templates::*;
pub use webhooks::*;

use super::{StaffNav, StaffNavData};
use crate::context::use_i18n;
use leptos::prelude::*;

/// A success message after saving, as a text key.
pub(super) fn done(key: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    key.map(|key| view! { <div class="ds-alert" data-color="success" role="status"><p class="ds-paragraph">{i18n.t(key)}</p></div> })
}

#[component]
pub fn AdminHomePage(nav: StaffNavData) -> impl IntoView {
    let i18n = use_i18n();
    let links = [
        ("/ansatt/admin/team", "admin.teams.title", "admin.teams.lead"),
        ("/ansatt/admin/tema", "admin.themes.title", "admin.themes.lead"),
        ("/ansatt/admin/omrade", "admin.areas.title", "admin.areas.lead"),
        ("/ansatt/admin/regler", "admin.rules.title", "admin.rules.lead"),
        ("/ansatt/admin/ansatte", "admin.staff.title", "admin.staff.lead"),
        ("/ansatt/admin/svarmaler", "admin.templates.title", "admin.templates.lead"),
        ("/ansatt/admin/api-nokler", "admin.api.title", "admin.api.lead_short"),
        ("/ansatt/admin/webhooker", "admin.webhooks.title", "admin.webhooks.lead_short"),
        ("/ansatt/admin/epost", "admin.mail.title", "admin.mail.lead_short"),
        ("/ansatt/admin/logg", "admin.log.title", "admin.log.lead_short"),
    ]
    .into_iter()
    .map(|(href, title, lead)| {
        view! {
            <li>
                <h2 class="ds-heading" data-size="xs"><a class="ds-link" href=href>{i18n.t(title)}</a></h2>
                <p class="ds-paragraph" data-size="sm">{i18n.t(lead)}</p>
            </li>
        }
    })
    .collect_view();
    view! {
        <StaffNav nav=nav/>
        <h1 class="ds-heading" data-size="lg">{i18n.t("admin.heading")}</h1>
        <ul class="admin-links">{links}</ul>
    }
}
