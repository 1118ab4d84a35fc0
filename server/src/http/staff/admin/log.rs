//! The audit log: a page at a time, and the whole log as CSV.

use super::*;
use crate::http::extract::SignedInStaff;
use crate::http::format::format_datetime;
use crate::http::Query;
use crate::http::{AppError, AppState};
use crate::store::privacy::AuditEntry;
use crate::usecase::privacy::{self, AUDIT_PAGE};
use app::i18n::{I18n, Locale};
use app::pages::staff::{AuditLogData, AuditLogPage, AuditRow};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::consultation::csv_cell;
use leptos::prelude::*;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct LogQuery {
    before: String,
    ok: String,
}

/// The member (or the system), and the connection they acted from.
fn who(i18n: &I18n, entry: &AuditEntry) -> String {
    let name = entry.staff_name.clone().unwrap_or_else(|| i18n.t("admin.log.system").to_string());
    match &entry.client {
        Some(client) => i18n.t_with("admin.log.from", &[("name", &name), ("client", client)]),
        None => name,
    }
}

pub async fn log_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<LogQuery>,
) -> Result<Response, AppError> {
    let before = query.before.parse::<i64>().ok();
    let mut entries = privacy::audit_log(state.store.as_ref(), &staff, before, AUDIT_PAGE + 1).await?;
    let has_more = entries.len() as i64 > AUDIT_PAGE;
    entries.truncate(AUDIT_PAGE as usize);
    let catalog = fresh_catalog(&state).await?;
    let i18n = I18n::new(locale);
    let older = has_more.then(|| entries.last().map(|e| format!("/ansatt/admin/logg?before={}", e.id))).flatten();
    let rows = entries
        .iter()
        .map(|e| AuditRow {
            at: format_datetime(&i18n, e.at),
            who: who(&i18n, e),
            action: crate::http::labels::audit_key(&e.action).map(|key| i18n.t(key).to_string()).unwrap_or_else(|| e.action.clone()),
            item: e.reference.clone().zip(e.submission_id).map(|(reference, id)| (reference, format!("/ansatt/sak/{id}"))),
            detail: e.detail.clone(),
        })
        .collect();
    let done_key = (query.ok == "slettet").then_some("admin.log.erased");
    let data = AuditLogData { nav: nav(&staff, &catalog, locale, "admin"), rows, older, done_key };
    let uri: Uri = "/ansatt/admin/logg".parse().unwrap_or_default();
    Ok(page(&state, locale, uri, StatusCode::OK, "admin.log.title", move || view! { <AuditLogPage data=data.clone()/> }).await)
}

/// The whole log as CSV (UTF-8 with BOM so spreadsheets read æøå), newest first.
pub async fn log_csv(State(state): State<AppState>, Extension(locale): Extension<Locale>, SignedInStaff(staff): SignedInStaff) -> Result<Response, AppError> {
    let i18n = I18n::new(locale);
    let mut body = String::from("\u{feff}");
    let heading = [
        "admin.log.csv.id",
        "admin.log.csv.time",
        "admin.log.csv.who",
        "admin.log.csv.client",
        "admin.log.csv.action",
        "admin.log.csv.item",
        "admin.log.csv.detail",
    ];
    body.push_str(&heading.iter().map(|key| csv_cell(i18n.t(key))).collect::<Vec<_>>().join(","));
    body.push_str("\r\n");
    let mut before = None;
    loop {
        let entries = privacy::audit_log(state.store.as_ref(), &staff, before, 1000).await?;
        let Some(last) = entries.last() else { break };
        before = Some(last.id);
        for e in &entries {
            let cells = [
                e.id.to_string(),
                e.at.to_rfc3339(),
                e.staff_name.clone().unwrap_or_else(|| i18n.t("admin.log.system").to_string()),
                e.client.clone().unwrap_or_default(),
                e.action.clone(),
                e.reference.clone().unwrap_or_default(),
                e.detail.clone(),
            ];
            body.push_str(&cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
            body.push_str("\r\n");
        }
    }
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"revisjonslogg.csv\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
