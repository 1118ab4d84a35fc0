//! API keys for Open311 clients and staff systems: list, issue (the key
//! shown once, in the page that answers the post, never in a URL), revoke.

use super::*;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::format::format_datetime;
use crate::http::redirect::see_other;
use crate::http::staff::nav;
use crate::http::{AppError, AppState, OkQuery, Query};
use crate::usecase::keys::{self, KeyError, KeyRequest};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{ApiKeyForm, ApiKeyRow, ApiKeysAdminPage, ApiKeysPageData};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::workspace::SignedIn;
use leptos::prelude::*;

impl From<KeyError> for AppError {
    fn from(error: KeyError) -> AppError {
        match error {
            KeyError::Forbidden => AppError::Forbidden,
            KeyError::NotFound => AppError::NotFound,
            KeyError::Invalid(_) => AppError::BadRequest("api key form"),
            KeyError::Store(error) => AppError::Store(error),
        }
    }
}

struct Shown {
    form: ApiKeyForm,
    errors: FormErrors,
    issued: Option<(String, String)>,
    done_key: Option<&'static str>,
}

async fn render_keys(state: &AppState, locale: Locale, staff: &SignedIn, shown: Shown, status: StatusCode) -> Result<Response, AppError> {
    let catalog = fresh_catalog(state).await?;
    let i18n = I18n::new(locale);
    let team_name = |id: &i64| catalog.teams.iter().find(|t| t.id == *id).map(|t| t.names.get(locale.code()).to_string());
    let rows = keys::keys(state.store.as_ref(), staff)
        .await?
        .into_iter()
        .map(|k| ApiKeyRow {
            teams: k.member.as_ref().map(|m| m.team_ids.iter().filter_map(team_name).collect()),
            id: k.id,
            name: k.name,
            hint: k.hint,
            per_hour: k.per_hour,
            created: format_datetime(&i18n, k.created_at),
            last_used: k.last_used_at.map(|at| format_datetime(&i18n, at)),
            revoked: k.revoked_at.map(|at| format_datetime(&i18n, at)),
        })
        .collect();
    let data = ApiKeysPageData {
        nav: nav(staff, &catalog, locale, "admin"),
        rows,
        form: shown.form,
        errors: shown.errors,
        issued: shown.issued,
        done_key: shown.done_key,
        endpoint: format!("{}/for-utviklere", state.settings.public_url.as_str().trim_end_matches('/')),
        team_choices: catalog.teams.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect(),
    };
    let uri: Uri = "/ansatt/admin/api-nokler".parse().unwrap_or_default();
    Ok(page(state, locale, uri, status, "admin.api.title", move || view! { <ApiKeysAdminPage data=data.clone()/> }).await)
}

pub async fn api_keys_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<OkQuery>,
) -> Result<Response, AppError> {
    let shown = Shown { form: ApiKeyForm::default(), errors: FormErrors::default(), issued: None, done_key: query.ok.is_some().then_some("admin.api.revoked") };
    render_keys(&state, locale, &staff, shown, StatusCode::OK).await
}

pub async fn issue_api_key(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let form = ApiKeyForm {
        name: value(&pairs, "name").to_string(),
        per_hour: value(&pairs, "per_hour").to_string(),
        purpose: value(&pairs, "purpose").to_string(),
        teams: values(&pairs, "teams"),
    };
    let catalog = fresh_catalog(&state).await?;
    let request = KeyRequest { name: &form.name, per_hour: &form.per_hour, purpose: &form.purpose, teams: &form.teams };
    match keys::issue_key(state.store.as_ref(), &catalog, &staff, &request, chrono::Utc::now()).await {
        Ok(issued) => {
            let shown =
                Shown { issued: Some((form.name.trim().to_string(), issued.key)), form: ApiKeyForm::default(), errors: FormErrors::default(), done_key: None };
            render_keys(&state, locale, &staff, shown, StatusCode::OK).await
        }
        Err(KeyError::Invalid(errors)) => {
            let errors = FormErrors(errors.into_iter().map(|(field, key)| (field.to_string(), key)).collect());
            render_keys(&state, locale, &staff, Shown { form, errors, issued: None, done_key: None }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn revoke_api_key(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff, Path(id): Path<i64>) -> Result<Response, AppError> {
    keys::revoke_key(state.store.as_ref(), &staff, id, chrono::Utc::now()).await?;
    Ok(see_other("/ansatt/admin/api-nokler?ok=1"))
}
