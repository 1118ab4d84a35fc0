//! The outbox for administrators: counts, the dead mails with why, and
//! sending one again.

use super::*;
use crate::http::extract::SignedInStaff;
use crate::http::format::format_datetime;
use crate::http::redirect::see_other;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::usecase::administer;
use app::i18n::{I18n, Locale};
use app::pages::staff::{DeadMailRow, MailAdminPage, MailPageData};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use leptos::prelude::*;

pub async fn mail_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<EditQuery>,
) -> Result<Response, AppError> {
    let overview = administer::mail_overview(&administration(&state), &staff).await?;
    let catalog = fresh_catalog(&state).await?;
    let i18n = I18n::new(locale);
    let (waiting, sent, dead) = overview.counts;
    let rows = overview
        .dead
        .into_iter()
        .map(|mail| DeadMailRow {
            id: mail.id,
            template_key: if mail.template == "receipt" { "admin.mail.receipt" } else { "admin.mail.update" },
            item: mail.reference.zip(mail.submission_id).map(|(reference, id)| (reference, format!("/ansatt/sak/{id}"))),
            queued: format_datetime(&i18n, mail.created_at),
            attempts: mail.attempts,
            reason: mail.last_error,
        })
        .collect();
    let done_key = query.ok.is_some().then_some("admin.mail.resent");
    let data = MailPageData { nav: nav(&staff, &catalog, locale, "admin"), waiting, sent, dead, rows, done_key };
    let uri: Uri = "/ansatt/admin/epost".parse().unwrap_or_default();
    Ok(page(&state, locale, uri, StatusCode::OK, "admin.mail.title", move || view! { <MailAdminPage data=data.clone()/> }).await)
}

pub async fn resend_mail(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff, Path(id): Path<i64>) -> Result<Response, AppError> {
    administer::resend_mail(&administration(&state), &staff, id, chrono::Utc::now()).await?;
    state.mail_wakeup.notify_one();
    Ok(see_other("/ansatt/admin/epost?ok=1"))
}
