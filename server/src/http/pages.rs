//! Handlers for the public pages.

use super::{render_cached, render_page, AppError, AppState, RequestInfo};
use app::forms::Named;
use app::i18n::Locale;
use app::pages::{AccessibilityPage, DevelopersPage, DevelopersPageData, HomePage, PrivacyPage};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use leptos::prelude::*;

fn info(request: &Request) -> RequestInfo {
    RequestInfo { locale: request.extensions().get::<Locale>().copied().unwrap_or(Locale::DEFAULT), uri: request.uri().clone(), request_id: None }
}

pub async fn home(State(state): State<AppState>, request: Request) -> Result<Response, AppError> {
    let info = info(&request);
    // From the cached catalog: the home page is the most visited page.
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let (from, locale) = (catalog.clone(), info.locale);
    Ok(render_cached(&state, &info, "home", &catalog, "home.title", move || {
        let names: Vec<Named> = from.teams.iter().filter(|t| t.active).map(|t| Named::of(&t.names, locale)).collect();
        view! { <HomePage team_names=names/> }
    })
    .await)
}

pub async fn privacy(State(state): State<AppState>, request: Request) -> Response {
    render_page(&state, &info(&request), StatusCode::OK, "privacy.title", || view! { <PrivacyPage/> }).await
}

pub async fn accessibility(State(state): State<AppState>, request: Request) -> Response {
    render_page(&state, &info(&request), StatusCode::OK, "accessibility.title", || view! { <AccessibilityPage/> }).await
}

/// For developers: Open311 and the JSON API, the calls read from the OpenAPI document.
pub async fn developers(State(state): State<AppState>, request: Request) -> Response {
    let base = state.settings.public_url.as_str().trim_end_matches('/').to_string();
    let data = DevelopersPageData {
        open311: format!("{base}/open311/v2/discovery.xml"),
        openapi: format!("{base}/api/v1/openapi.json"),
        operations: super::api::operations(),
    };
    render_page(&state, &info(&request), StatusCode::OK, "developers.title", move || view! { <DevelopersPage data=data.clone()/> }).await
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}
