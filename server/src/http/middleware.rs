//! Middleware: request ids and logging, the person's language, styled error
//! pages, CSRF protection and security headers.

use super::error::ErrorPageMarker;
use super::{render_page, AppError, AppState, RequestInfo, LANGUAGE_COOKIE};
use app::i18n::Locale;
use app::pages::ErrorPage;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::request_id::{MakeRequestId, RequestId};
use tower_http::trace::TraceLayer;

/// 16 random hex digits per request, echoed in `x-request-id` and shown on
/// error pages so a resident can quote it.
#[derive(Clone, Copy, Default)]
pub struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = format!("{:016x}", rand::random::<u64>());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Removes a request id the client sent, so `SetRequestIdLayer` always
/// makes ours: a client could otherwise put any text into our logs and
/// error pages, or pose as another request.
pub async fn drop_client_request_id(mut request: Request, next: Next) -> Response {
    request.headers_mut().remove("x-request-id");
    next.run(request).await
}

/// One span per request with the request id and the route *template*: raw
/// paths and query strings may one day hold tracking tokens, so they are never logged.
pub fn trace_layer() -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, impl Fn(&Request) -> tracing::Span + Clone> {
    TraceLayer::new_for_http().on_response(tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO)).make_span_with(|request: &Request| {
        // Field values are worked out only when the span is enabled.
        tracing::info_span!(
            "request",
            request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or(""),
            method = %request.method(),
            route = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("(unmatched)"),
        )
    })
}

/// The value of the cookie called `name`, if the request has it.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The language chosen in the cookie, else the browser's, else bokmål, of
/// those `offered`.
pub fn resolve_locale(headers: &HeaderMap, offered: &[Locale]) -> Locale {
    let from_cookie = cookie_value(headers, LANGUAGE_COOKIE).and_then(Locale::from_code).filter(|l| offered.contains(l));
    from_cookie
        .or_else(|| headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(|h| Locale::from_accept_language_among(h, offered)))
        .unwrap_or(Locale::DEFAULT)
}

/// Puts the resolved `Locale` in the request's extensions.
pub async fn locale(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let offered = app::context::offered_languages(request.uri().path(), &state.settings.languages);
    let locale = resolve_locale(request.headers(), offered);
    request.extensions_mut().insert(locale);
    let mut response = next.run(request).await;
    // The same URL renders differently per language: caches must know.
    response.headers_mut().append(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    response
}

/// Replaces the body of responses marked by `AppError` with the styled
/// error page, in the person's language, keeping status and headers.
pub async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let info = RequestInfo {
        locale: request.extensions().get::<Locale>().copied().unwrap_or(Locale::DEFAULT),
        uri: request.uri().clone(),
        request_id: request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string),
    };
    let response = next.run(request).await;
    let Some(ErrorPageMarker(kind)) = response.extensions().get::<ErrorPageMarker>().copied() else {
        return response;
    };
    let (parts, _) = response.into_parts();
    // Only server-side failures get a code to quote; a 404 is not our failure.
    let request_id = parts.status.is_server_error().then(|| info.request_id.clone()).flatten();
    let mut page = render_page(&state, &info, parts.status, kind.title_key(), move || {
        view! { <ErrorPage kind=kind request_id=request_id.clone()/> }
    })
    .await;
    for name in [header::RETRY_AFTER] {
        if let Some(value) = parts.headers.get(&name) {
            page.headers_mut().insert(name, value.clone());
        }
    }
    page
}

/// CSRF protection for every state-changing request. Leptos and plain form
/// posts have no token, so we rely on what browsers send with every POST:
/// `Sec-Fetch-Site` must be `same-origin` (a sibling subdomain of kommune.no
/// is `same-site` and refused too); older browsers send only `Origin`, which
/// must name this host. Requests with neither come from non-browser clients,
/// which hold no victim's cookies, and are let through.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let allowed = match fetch_site {
        Some(site) => site == "same-origin",
        None => match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(origin) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
                let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
                !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
            }
        },
    };
    if allowed {
        next.run(request).await
    } else {
        tracing::warn!(sec_fetch_site = fetch_site.unwrap_or(""), "cross-site request refused");
        AppError::Forbidden.into_response()
    }
}

/// Headers on every response kind: pages, static files, errors, health.
pub async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    // Pages set their own CSP with a nonce; everything else gets the strictest.
    set(headers, header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // `same-origin`, not `no-referrer`: no-JS form redirects rely on Referer.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(headers, header::HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if state.settings.cookie_secure {
        set(headers, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    if is_html {
        // Pages may carry personal data (tracking pages, staff views): never cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
