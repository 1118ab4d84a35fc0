//! HTTP: the router, middleware and page rendering.
//!
//! Pages are plain axum handlers that load their data from the `Store` and
//! render a Leptos component with it (see `render`). Why not Leptos's router
//! with Resources and server functions: every page here must work without
//! JavaScript, return the right status code (404, 422, 503) and, on a form
//! error, come back with everything the person typed. Handlers that own the
//! data and the status give that directly, in one render pass, with no
//! loading states; Leptos still renders every component and hydrates islands.

mod api;
pub mod assets;
pub mod client;
mod consultation;
mod error;
mod extract;
mod format;
mod health;
mod labels;
mod language;
pub mod limits;
mod middleware;
mod open311;
mod pages;
mod participation;
mod redirect;
mod render;
pub mod routes;
mod staff;
mod submissions;
mod survey_views;
mod visitor;

pub use error::AppError;
pub use render::{render_cached, render_page, RequestInfo, FORM_KEY_HOLE};

use crate::config::Settings;
use crate::store::Store;
use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Name of the cookie that remembers the chosen language.
pub const LANGUAGE_COOKIE: &str = "innspill_lang";

/// `response`, with the cookie that remembers `locale` for a year.
pub fn remember_language(state: &AppState, locale: app::i18n::Locale, mut response: axum::response::Response) -> axum::response::Response {
    let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
    let cookie = format!("{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", locale.code());
    // The code and attributes are ASCII: the value is always a valid header.
    if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(axum::http::header::SET_COOKIE, value);
    }
    response
}
/// Largest request body accepted (bytes); larger ones get 413.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// axum's `Query` for every handler here: a query string it cannot read (a
/// repeated key, a wrong type) gets our 400 page in the person's language
/// instead of axum's plain English text.
pub struct Query<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for Query<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(_) => Err(AppError::BadRequest("query string")),
        }
    }
}

/// `?ok=…` after a redirect: which done or refused notice a page shows.
#[derive(serde::Deserialize, Default)]
pub struct OkQuery {
    pub ok: Option<String>,
}

/// Shared by every handler. One reference count per clone: axum clones the
/// state for every extractor and middleware, on every request, from both cores.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What `AppState` holds.
pub struct Shared {
    pub store: Arc<dyn Store>,
    pub settings: Arc<Settings>,
    pub leptos: LeptosOptions,
    /// The current key: keys the hashes of client addresses and signs
    /// visitor cookies (`keys.current()`).
    pub tracking_secret: Arc<str>,
    /// Signs form keys and derives tracking links, current and older keys.
    pub keys: Arc<crate::keys::KeyRing>,
    /// In-process buckets of the resident forms, per sender.
    pub submission_buckets: Arc<limits::Buckets>,
    /// In-process buckets of supports, comments, reports and survey answers,
    /// per sender and action: refused before the database counts them.
    pub participation_buckets: Arc<limits::Buckets>,
    /// In-process buckets of Open311 reads, per client: the public GETs
    /// read the database, so one client cannot read without end.
    pub open311_buckets: Arc<limits::Buckets>,
    /// Posts per minute on this instance, beyond which posts are held.
    pub flood: Arc<limits::FloodGauge>,
    /// Wakes the mail worker when a mail is queued.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
    /// Teams, themes and areas, cached for a few seconds.
    pub catalog: Arc<crate::catalog::CatalogCache>,
    /// The operator's site settings and asset paths, as every page shows them.
    pub site: Arc<app::context::SiteInfo>,
    /// The stylesheet, island bundle and icon under hashed names.
    pub static_files: Arc<assets::StaticFiles>,
    /// The empty forms and the home page, rendered once per language.
    pub pages: Arc<render::PageCache>,
}

/// The whole application as one `Router`.
pub fn router(state: AppState) -> Router {
    let pkg_dir = state.settings.site_root.join(&*state.leptos.site_pkg_dir);
    let (pages, _) = page_routes(state.clone()).finish();
    let pages = pages
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(middleware::reject_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::error_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::locale));
    Router::new()
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .route(&format!("{}/{{name}}", assets::PREFIX), get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .nest(
            &format!("/{}", state.leptos.site_pkg_dir),
            Router::new().fallback_service(ServeDir::new(pkg_dir)).layer(axum::middleware::from_fn(assets::revalidate)),
        )
        .merge(pages)
        .merge(open311::router(state.clone()))
        .merge(api::router())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // A body that trickles in fails its read (the form answers 400) instead of holding a handler.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(state.settings.connection_limits.body_read_timeout))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(state.clone(), client::client_address))
        .layer(middleware::trace_layer())
        .layer(tower_http::request_id::PropagateRequestIdLayer::x_request_id())
        .layer(tower_http::request_id::SetRequestIdLayer::x_request_id(middleware::RandomRequestId))
        // A client's own request id is not ours to log or show: ours replaces it.
        .layer(axum::middleware::from_fn(middleware::drop_client_request_id))
        .with_state(state)
}

/// Every page and form route with its access level (see `routes`).
fn page_routes(state: AppState) -> routes::Routes {
    use routes::Access::{Administrator, Moderator, Public, Staff};
    use staff::{admin, consultations, moderation};
    routes::Routes::new(state)
        .get("/", Public, pages::home)
        .get("/personvern", Public, pages::privacy)
        .get("/tilgjengelighet", Public, pages::accessibility)
        .get("/for-utviklere", Public, pages::developers)
        .post("/sprak", Public, language::choose)
        .get("/ide", Public, submissions::idea_form)
        .post("/ide", Public, submissions::submit_idea)
        .get("/brukerreise", Public, submissions::journey_form)
        .post("/brukerreise", Public, submissions::submit_journey)
        .get("/nabobekymring", Public, submissions::concern_form)
        .post("/nabobekymring", Public, submissions::submit_concern)
        .get("/sak/{token}", Public, submissions::tracking)
        .post("/sak/{token}/gjenapne", Public, submissions::reopen)
        .get("/sak/{token}/data.json", Public, submissions::tracking_data)
        .post("/sak/{token}/glem-kontakt", Public, submissions::forget_contact)
        .get("/ideer", Public, participation::ideas)
        .get("/ideer/{id}", Public, participation::idea)
        .post("/ideer/{id}/stott", Public, participation::support)
        .post("/ideer/{id}/kommentar", Public, participation::comment)
        .post("/ideer/{id}/flagg", Public, participation::flag)
        .get("/vi-gjorde", Public, participation::summaries)
        .get("/konsultasjoner", Public, consultation::list)
        .get("/konsultasjoner/{slug}", Public, consultation::answer_form)
        .post("/konsultasjoner/{slug}", Public, consultation::answer)
        .get("/konsultasjoner/{slug}/resultater", Public, consultation::public_results)
        .get("/ansatt/logg-inn", Public, staff::session::sign_in_form)
        .post("/ansatt/logg-inn", Public, staff::session::sign_in)
        .post("/ansatt/logg-ut", Staff, staff::session::sign_out)
        .get("/ansatt", Staff, staff::my_inbox)
        .get("/ansatt/team/{slug}", Staff, staff::team_inbox)
        .get("/ansatt/triage", Moderator, staff::triage_queue)
        .get("/ansatt/triage/holdt", Moderator, staff::held_queue)
        .get("/ansatt/innsikt", Staff, staff::insight_journeys)
        .get("/ansatt/innsikt/csv/{table}", Staff, staff::insight_csv)
        .get("/ansatt/innsikt/mermaid", Staff, staff::insight_mermaid)
        .post("/ansatt/innsikt/saker", Staff, staff::insight_items_csv)
        .get("/ansatt/innsikt/team", Staff, staff::insight_teams)
        .get("/ansatt/innsikt/team/csv/{table}", Staff, staff::insight_teams_csv)
        .get("/ansatt/innsikt/vekst", Staff, staff::insight_growth)
        .get("/ansatt/innsikt/vekst/csv/{table}", Staff, staff::insight_growth_csv)
        .get("/ansatt/sak/{id}", Staff, staff::show_item)
        .post("/ansatt/sak/{id}/personvern", Administrator, staff::privacy_action)
        .post("/ansatt/sak/{id}/{action}", Staff, staff::item_action)
        .get("/ansatt/moderering", Moderator, moderation::queue)
        .get("/ansatt/moderering/ide/{id}", Moderator, moderation::idea_page)
        .post("/ansatt/moderering/ide/{id}", Moderator, moderation::decide_idea)
        .post("/ansatt/moderering/ide/{id}/masker", Moderator, moderation::mask_idea)
        .post("/ansatt/moderering/ide/{id}/svar", Moderator, moderation::official_answer)
        .get("/ansatt/moderering/kommentar/{id}", Moderator, moderation::comment_page)
        .post("/ansatt/moderering/kommentar/{id}", Moderator, moderation::decide_comment)
        .post("/ansatt/moderering/kommentar/{id}/masker", Moderator, moderation::mask_comment)
        .get("/ansatt/konsultasjoner", Moderator, consultations::list)
        .post("/ansatt/konsultasjoner", Moderator, consultations::create)
        .get("/ansatt/konsultasjoner/{id}", Moderator, consultations::editor)
        .post("/ansatt/konsultasjoner/{id}/{action}", Moderator, consultations::action)
        .post("/ansatt/konsultasjoner/{id}/sporsmal/{question}", Moderator, consultations::question)
        .post("/ansatt/konsultasjoner/{id}/sporsmal/{question}/{action}", Moderator, consultations::question_action)
        .get("/ansatt/konsultasjoner/{id}/forhandsvisning", Moderator, consultations::preview)
        .get("/ansatt/konsultasjoner/{id}/resultater", Moderator, consultations::results)
        .get("/ansatt/konsultasjoner/{id}/resultater.csv", Moderator, consultations::results_csv)
        .get("/ansatt/invitasjon/{token}", Public, admin::invite_form)
        .post("/ansatt/invitasjon/{token}", Public, admin::accept_invite)
        .get("/ansatt/admin", Administrator, admin::admin_home)
        .get("/ansatt/admin/team", Administrator, admin::teams_page)
        .post("/ansatt/admin/team", Administrator, admin::save_team)
        .get("/ansatt/admin/tema", Administrator, admin::themes_page)
        .post("/ansatt/admin/tema", Administrator, admin::save_theme)
        .get("/ansatt/admin/omrade", Administrator, admin::areas_page)
        .post("/ansatt/admin/omrade", Administrator, admin::save_area)
        .get("/ansatt/admin/regler", Administrator, admin::rules_page)
        .post("/ansatt/admin/regler", Administrator, admin::save_rule)
        .post("/ansatt/admin/regler/test", Administrator, admin::test_rule)
        .get("/ansatt/admin/ansatte", Administrator, admin::staff_page)
        .post("/ansatt/admin/ansatte", Administrator, admin::save_staff)
        .get("/ansatt/admin/svarmaler", Administrator, admin::templates_page)
        .post("/ansatt/admin/svarmaler", Administrator, admin::save_template)
        .post("/ansatt/admin/svarmaler/{id}/slett", Administrator, admin::delete_template)
        .get("/ansatt/admin/api-nokler", Administrator, admin::api_keys_page)
        .post("/ansatt/admin/api-nokler", Administrator, admin::issue_api_key)
        .post("/ansatt/admin/api-nokler/{id}/trekk-tilbake", Administrator, admin::revoke_api_key)
        .get("/ansatt/admin/webhooker", Administrator, admin::webhooks_page)
        .post("/ansatt/admin/webhooker", Administrator, admin::allow_webhook_prefix)
        .post("/ansatt/admin/webhooker/adresser/{id}/fjern", Administrator, admin::remove_webhook_prefix)
        .post("/ansatt/admin/webhooker/{id}/slett", Administrator, admin::delete_webhook)
        .get("/ansatt/admin/epost", Administrator, admin::mail_page)
        .get("/ansatt/admin/logg", Administrator, admin::log_page)
        .get("/ansatt/admin/logg.csv", Administrator, admin::log_csv)
        .post("/ansatt/admin/epost/{id}/send", Administrator, admin::resend_mail)
}

/// Every registered page route and who may use it, for the access tests.
pub fn route_table(state: AppState) -> Vec<routes::RouteSpec> {
    page_routes(state).finish().1
}
