//! Administration pages (administrators only: the route table sends others
//! away, and `usecase::administer` refuses them too), one module per
//! resource: `catalog` (teams, themes and areas), `rules` (routing rules
//! with a test box), `accounts` (staff), `api_keys` (Open311 clients), `invitations`, `templates` (reply
//! templates), `mail` (dead mails, sending again), `webhooks` (allowed prefixes, registered webhooks), `log`
//! (the audit log, and its CSV). They parse forms and render; the use case checks, saves,
//! audits and refreshes the catalog cache. What they share is here.

mod accounts;
mod api_keys;
mod catalog;
mod invitations;
mod log;
mod mail;
mod rules;
mod templates;
mod webhooks;

pub use accounts::{save_staff, staff_page};
pub use api_keys::{api_keys_page, issue_api_key, revoke_api_key};
pub use catalog::{areas_page, save_area, save_team, save_theme, teams_page, themes_page};
pub use invitations::{accept_invite, invite_form};
pub use log::{log_csv, log_page};
pub use mail::{mail_page, resend_mail};
pub use rules::{rules_page, save_rule, test_rule};
pub use templates::{delete_template, save_template, templates_page};
pub use webhooks::{allow_webhook_prefix, delete_webhook, remove_webhook_prefix, webhooks_page};

use super::nav;
use crate::catalog::Catalog;
use crate::http::extract::SignedInStaff;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::usecase::administer::Administration;
use app::i18n::Locale;
use app::pages::staff::AdminHomePage;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use leptos::prelude::*;
use std::sync::Arc;

/// The administration use cases' view of the running server.
pub(super) fn administration(state: &AppState) -> Administration<'_> {
    Administration { store: state.store.as_ref(), catalog: &state.catalog }
}

#[derive(serde::Deserialize, Default)]
pub struct EditQuery {
    rediger: Option<String>,
    ok: Option<String>,
}

pub(super) type Pairs = Vec<(String, String)>;

pub(super) fn value<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

pub(super) fn values(pairs: &Pairs, name: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

pub(super) async fn fresh_catalog(state: &AppState) -> Result<Arc<Catalog>, AppError> {
    Ok(state.catalog.get(state.store.as_ref()).await?)
}

pub(super) async fn page<V: IntoView + 'static>(
    state: &AppState,
    locale: Locale,
    uri: Uri,
    status: StatusCode,
    title: &'static str,
    view: impl Fn() -> V + Clone + Send + Sync + 'static,
) -> Response {
    render_page(state, &RequestInfo { locale, uri, request_id: None }, status, title, view).await
}

/// Trims and bounds a short text; `None` and an error key when empty or too long.
pub(super) fn short_text(value: &str, max: usize, required: bool) -> Result<Option<String>, &'static str> {
    match domain::submission::BoundedText::parse("text", value, domain::submission::TextLimits { required, max_chars: max }) {
        Ok(text) => Ok(text.map(|t| t.as_str().to_string())),
        Err(error) => Err(error.key),
    }
}

pub async fn admin_home(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(&state).await?;
    let nav = nav(&staff, &catalog, locale, "admin");
    Ok(page(&state, locale, uri, StatusCode::OK, "admin.heading", move || view! { <AdminHomePage nav=nav.clone()/> }).await)
}
