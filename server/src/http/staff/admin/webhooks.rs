//! Webhooks: the allowed address prefixes (added and removed) and every
//! registered webhook with how its deliveries went (deleted here too).

use super::*;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::format::format_datetime;
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::{AppError, AppState, Query};
use crate::usecase::webhooks::{self, Event, WebhookError};
use app::forms::FormErrors;
use app::i18n::{I18n, Locale};
use app::pages::staff::{WebhookPrefixRow, WebhookRow, WebhooksAdminPage, WebhooksPageData};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::workspace::SignedIn;
use leptos::prelude::*;

impl From<WebhookError> for AppError {
    fn from(error: WebhookError) -> AppError {
        match error {
            WebhookError::Forbidden => AppError::Forbidden,
            WebhookError::NotFound => AppError::NotFound,
            WebhookError::Invalid(_) => AppError::BadRequest("webhook form"),
            WebhookError::Store(error) => AppError::Store(error),
        }
    }
}

/// The message key of each event's name on this page.
fn event_label(event: Event) -> &'static str {
    match event {
        Event::Created => "admin.webhooks.event_created",
        Event::Replied => "admin.webhooks.event_replied",
        Event::Closed => "admin.webhooks.event_closed",
    }
}

/// A failure code of a delivery (see `http::api::WebhookView`), in words.
fn failure(i18n: &I18n, code: &str) -> String {
    if let Some(status) = code.strip_prefix("http_") {
        return i18n.t_with("admin.webhooks.error.http", &[("status", status)]);
    }
    let key = match code {
        "timeout" => "admin.webhooks.error.timeout",
        "connect_failed" => "admin.webhooks.error.connect_failed",
        "address_not_allowed" => "admin.webhooks.error.address_not_allowed",
        "key_revoked" => "admin.webhooks.error.key_revoked",
        _ => "admin.webhooks.error.request_failed",
    };
    i18n.t(key).to_string()
}

async fn render(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    (prefix, errors, done_key): (String, FormErrors, Option<&'static str>),
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = fresh_catalog(state).await?;
    let i18n = I18n::new(locale);
    let (prefixes, registered) = webhooks::overview(state.store.as_ref(), staff).await?;
    let data = WebhooksPageData {
        nav: nav(staff, &catalog, locale, "admin"),
        prefixes: prefixes.into_iter().map(|p| WebhookPrefixRow { id: p.id, prefix: p.prefix, created: format_datetime(&i18n, p.created_at) }).collect(),
        webhooks: registered
            .into_iter()
            .map(|w| WebhookRow {
                events: Event::of(&w).into_iter().map(|e| i18n.t(event_label(e)).to_string()).collect(),
                id: w.id,
                key_name: w.key_name,
                url: w.url,
                delivered: w.delivered,
                pending: w.pending,
                dead: w.dead,
                last_error: w.last_error.map(|code| failure(&i18n, &code)),
            })
            .collect(),
        prefix,
        errors,
        done_key,
        developers: format!("{}/for-utviklere#webhooks", state.settings.public_url.as_str().trim_end_matches('/')),
    };
    let uri: Uri = "/ansatt/admin/webhooker".parse().unwrap_or_default();
    Ok(page(state, locale, uri, status, "admin.webhooks.title", move || view! { <WebhooksAdminPage data=data.clone()/> }).await)
}

#[derive(serde::Deserialize, Default)]
pub struct DoneQuery {
    ok: Option<String>,
}

pub async fn webhooks_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let done_key = match query.ok.as_deref() {
        Some("adresse") => Some("admin.webhooks.prefix_allowed"),
        Some("fjernet") => Some("admin.webhooks.prefix_removed"),
        Some("slettet") => Some("admin.webhooks.deleted"),
        _ => None,
    };
    render(&state, locale, &staff, (String::new(), FormErrors::default(), done_key), StatusCode::OK).await
}

pub async fn allow_webhook_prefix(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let typed = value(&pairs, "prefix").to_string();
    match webhooks::allow_prefix(state.store.as_ref(), &staff, &typed, chrono::Utc::now()).await {
        Ok(()) => Ok(see_other("/ansatt/admin/webhooker?ok=adresse")),
        Err(WebhookError::Invalid(errors)) => {
            let errors = FormErrors(errors.into_iter().map(|(field, key)| (field.to_string(), key)).collect());
            render(&state, locale, &staff, (typed, errors, None), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn remove_webhook_prefix(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff, Path(id): Path<i64>) -> Result<Response, AppError> {
    webhooks::remove_prefix(state.store.as_ref(), &staff, id, chrono::Utc::now()).await?;
    Ok(see_other("/ansatt/admin/webhooker?ok=fjernet"))
}

pub async fn delete_webhook(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff, Path(id): Path<i64>) -> Result<Response, AppError> {
    webhooks::delete(state.store.as_ref(), &staff, id, chrono::Utc::now()).await?;
    Ok(see_other("/ansatt/admin/webhooker?ok=slettet"))
}
