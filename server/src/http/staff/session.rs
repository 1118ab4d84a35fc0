//! Staff sign-in, sessions and the access guard.
//!
//! Sessions live in the database (any instance can serve any request). The
//! cookie holds 256 random bits; only their SHA-256 is stored. A new session
//! (new id) is made at every sign-in; sign-out deletes it. A session ends
//! after 30 minutes idle or 12 hours in all, and at once when the account is
//! disabled or its role or teams change (security version).

use crate::http::extract::SignedInStaff;
use crate::http::middleware::cookie_value;
use crate::http::redirect::see_other;
use crate::http::routes::Access;
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::password::{HashPassword, VerifyPassword};
use crate::store::staff::{NewSession, ThrottlePolicy};
use app::i18n::Locale;
use app::pages::staff::{SignInForm, SignInPage, SignInPageData};
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use domain::workspace::SignedIn;
use domain::{Email, Password, PasswordHash, Role};
use leptos::prelude::*;
use std::sync::LazyLock;

pub const IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);
pub const ABSOLUTE_TIMEOUT: chrono::Duration = chrono::Duration::hours(12);
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_AFTER: chrono::Duration = chrono::Duration::seconds(60);

/// Per account: 5 failures in 15 minutes block it for 15 minutes.
const ACCOUNT_POLICY: ThrottlePolicy = ThrottlePolicy { window: chrono::Duration::minutes(15), max_failures: 5, block: chrono::Duration::minutes(15) };
/// Per client address: more room (an office shares one address), same idea.
const ADDRESS_POLICY: ThrottlePolicy = ThrottlePolicy { window: chrono::Duration::minutes(15), max_failures: 30, block: chrono::Duration::minutes(15) };

/// Verified when the account does not exist, so an unknown address takes as
/// long as a wrong password.
static DECOY_HASH: LazyLock<PasswordHash> = LazyLock::new(|| {
    let random = format!("{:032x}{:032x}", rand::random::<u128>(), rand::random::<u128>());
    Password::parse(&random).map(|p| p.hash()).unwrap_or(PasswordHash(String::new()))
});

/// `__Host-` pins the cookie to this host, path `/` and HTTPS; plain-http
/// local use (cookie_secure = false) cannot have that prefix.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-innspill_staff"
    } else {
        "innspill_staff"
    }
}

fn set_cookie(secure: bool, value: &str, max_age: Option<i64>) -> HeaderValue {
    let mut cookie = format!("{}={value}; Path=/; HttpOnly; SameSite=Lax", cookie_name(secure));
    if secure {
        cookie.push_str("; Secure");
    }
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn hash_token(token: &str) -> String {
    domain::submission::sha256_hex(token.as_bytes())
}

/// The signed-in staff member of this request, if any.
pub async fn current(state: &AppState, headers: &HeaderMap) -> Result<Option<SignedIn>, AppError> {
    let Some(token) = cookie_value(headers, cookie_name(state.settings.cookie_secure)) else {
        return Ok(None);
    };
    if token.len() != 43 {
        return Ok(None);
    }
    let now = chrono::Utc::now();
    let hash = hash_token(token);
    let signed_in = state.store.signed_in(&hash, now, now - IDLE_TIMEOUT).await?;
    if let Some(staff) = &signed_in {
        if now - staff.last_seen_at > TOUCH_AFTER {
            state.store.touch_session(&hash, now).await?;
        }
    }
    Ok(signed_in)
}

/// The guard in front of every non-public route: no session → the sign-in
/// page (303, remembering where a GET was going); wrong role → 403.
pub async fn require(State((state, access)): State<(AppState, Access)>, mut request: Request, next: Next) -> Response {
    let staff = match current(&state, request.headers()).await {
        Ok(staff) => staff,
        Err(error) => return error.into_response(),
    };
    let Some(staff) = staff else {
        let back = if request.method() == axum::http::Method::GET {
            format!("?tilbake={}", url::form_urlencoded::byte_serialize(request.uri().path().as_bytes()).collect::<String>())
        } else {
            String::new()
        };
        return see_other(&format!("/ansatt/logg-inn{back}"));
    };
    let allowed = match access {
        Access::Public | Access::Staff => true,
        Access::Moderator => staff.can_triage(),
        Access::Administrator => staff.role == Role::Administrator,
    };
    if !allowed {
        return AppError::NoAccess.into_response();
    }
    request.extensions_mut().insert(staff);
    next.run(request).await
}

/// Only paths inside the workspace are followed after sign-in (no open redirect).
fn safe_return(path: Option<&str>) -> &str {
    match path {
        Some(p) if p.starts_with("/ansatt") && !p.starts_with("//") && !p.contains("://") && !p.contains('\\') => p,
        _ => "/ansatt",
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SignInQuery {
    tilbake: Option<String>,
    ut: Option<String>,
    /// Just chose a password from an invitation.
    klar: Option<String>,
}

async fn render_sign_in(state: &AppState, locale: Locale, status: StatusCode, data: SignInPageData) -> Response {
    let info = RequestInfo { locale, uri: "/ansatt/logg-inn".parse().unwrap_or_default(), request_id: None };
    render_page(state, &info, status, "signin.title", move || view! { <SignInPage data=data.clone()/> }).await
}

pub async fn sign_in_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, Query(query): Query<SignInQuery>) -> Response {
    let data = SignInPageData {
        form: SignInForm { back: safe_return(query.tilbake.as_deref()).to_string(), ..Default::default() },
        signed_out: query.ut.is_some(),
        password_set: query.klar.is_some(),
        error_key: None,
    };
    render_sign_in(&state, locale, StatusCode::OK, data).await
}

pub async fn sign_in(State(state): State<AppState>, Extension(locale): Extension<Locale>, request: Request) -> Result<Response, AppError> {
    let address = request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".to_string());
    let old_session = cookie_value(request.headers(), cookie_name(state.settings.cookie_secure)).map(hash_token);
    let Form(form): Form<SignInForm> = Form::from_request(request, &state).await.map_err(|_| AppError::BadRequest("sign-in form unreadable"))?;
    let now = chrono::Utc::now();
    let normalized = form.email.trim().to_lowercase();
    let keys = [format!("account:{}", hash_token(&normalized)), format!("address:{address}")];
    let again = |error_key: &'static str| SignInPageData {
        form: SignInForm { email: form.email.clone(), password: String::new(), back: safe_return(Some(&form.back)).to_string() },
        signed_out: false,
        password_set: false,
        error_key: Some(error_key),
    };
    if state.store.login_blocked(&keys, now).await? {
        return Ok(render_sign_in(&state, locale, StatusCode::TOO_MANY_REQUESTS, again("signin.blocked")).await);
    }
    let user = match Email::parse(&form.email) {
        Ok(email) => state.store.find_staff_by_email(&email).await?.filter(|u| u.active),
        Err(_) => None,
    };
    let candidate = form.password.clone();
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    // Argon2 takes tens of milliseconds of CPU: not on the async runtime.
    let verified = tokio::task::spawn_blocking(move || match stored {
        // An invited account without a password yet verifies the decoy, like an unknown one.
        Some(hash) if hash.0.starts_with("$argon2") => hash.verify(&candidate),
        _ => {
            DECOY_HASH.verify(&candidate);
            false
        }
    })
    .await
    .map_err(AppError::internal)?;
    let Some(user) = user.filter(|_| verified) else {
        state.store.record_login_failure(&keys[0], now, ACCOUNT_POLICY).await?;
        state.store.record_login_failure(&keys[1], now, ADDRESS_POLICY).await?;
        tracing::info!("sign-in failed");
        return Ok(render_sign_in(&state, locale, StatusCode::UNAUTHORIZED, again("signin.failed")).await);
    };
    state.store.clear_login_failures(&keys[0]).await?;
    if let Some(old) = old_session {
        state.store.end_session(&old).await?;
    }
    let token = domain::submission::random_token();
    state
        .store
        .create_session(&NewSession {
            id_hash: hash_token(&token),
            staff_id: user.id,
            security_version: user.security_version,
            now,
            expires_at: now + ABSOLUTE_TIMEOUT,
        })
        .await?;
    tracing::info!(staff_id = user.id, "signed in");
    let mut response = see_other(safe_return(Some(&form.back)));
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(state.settings.cookie_secure, &token, None));
    Ok(response)
}

pub async fn sign_out(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff) -> Result<Response, AppError> {
    state.store.end_session(&staff.session_hash).await?;
    let mut response = see_other("/ansatt/logg-inn?ut=1");
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(state.settings.cookie_secure, "", Some(0)));
    Ok(response)
}
