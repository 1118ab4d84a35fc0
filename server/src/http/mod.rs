//! HTTP: the router, middleware and page rendering.
//!
//! Pages are plain axum handlers that load their data from the `Store` and
//! render a Leptos component with it (see `render`). Why not Leptos's router
//! with Resources and server functions: every page here must work without
//! JavaScript, return the right status code (404, 422, 503) and, on a form
//! error, come back with everything the person typed. Handlers that own the
//! data and the status give that directly, in one render pass, with no
//! loading states; Leptos still renders every component and hydrates islands.

mod catalog;
mod error;
mod health;
mod language;
mod middleware;
mod pages;
mod render;
mod submissions;

pub use error::AppError;
pub use render::{render_page, RequestInfo};

use crate::config::Settings;
use crate::store::Store;
use axum::routing::{get, post};
use axum::Router;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Name of the cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "innspill_lang";
/// Largest request body accepted (bytes); larger ones get 413.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Shared by every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub leptos: LeptosOptions,
    /// Derives tracking tokens from form keys; generated once per database.
    pub tracking_secret: Arc<str>,
    /// Wakes the mail worker when a mail is queued.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
    /// Teams, themes and areas, cached for a few seconds.
    pub catalog: Arc<catalog::CatalogCache>,
}

/// The whole application as one `Router`.
pub fn router(state: AppState) -> Router {
    let pkg_dir = state.settings.site_root.join(&*state.leptos.site_pkg_dir);
    let pages = Router::new()
        .route("/", get(pages::home))
        .route("/personvern", get(pages::privacy))
        .route("/tilgjengelighet", get(pages::accessibility))
        .route("/sprak", post(language::choose))
        .route("/ide", get(submissions::idea_form).post(submissions::submit_idea))
        .route("/brukerreise", get(submissions::journey_form).post(submissions::submit_journey))
        .route("/nabobekymring", get(submissions::concern_form).post(submissions::submit_concern))
        .route("/sak/{token}", get(submissions::tracking))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(middleware::reject_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::error_pages))
        .layer(axum::middleware::from_fn(middleware::locale));
    Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .nest_service(&format!("/{}", state.leptos.site_pkg_dir), ServeDir::new(pkg_dir))
        .merge(pages)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(middleware::trace_layer())
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(middleware::RandomRequestId))
        .with_state(state)
}
