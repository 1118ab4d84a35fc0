//! Staff sign-in and sign-out over the session cookie, and the access guard
//! in front of every staff route. The rules (throttling, sessions, timeouts)
//! are in `usecase::sign_in`.

use crate::http::extract::SignedInStaff;
use crate::http::limits::client_key;
use crate::http::middleware::cookie_value;
use crate::http::redirect::see_other;
use crate::http::routes::Access;
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, RequestInfo};
use crate::usecase::sign_in::{self, SignInError};
use app::i18n::Locale;
use app::pages::staff::{SignInForm, SignInPage, SignInPageData};
use axum::extract::{FromRequest, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use domain::Role;
use leptos::prelude::*;

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

/// The guard in front of every non-public route: no session → the sign-in
/// page (303, remembering where a GET was going); wrong role → 403.
pub async fn require(State((state, access)): State<(AppState, Access)>, mut request: Request, next: Next) -> Response {
    let token = cookie_value(request.headers(), cookie_name(state.settings.cookie_secure));
    let staff = match token {
        Some(token) => match sign_in::signed_in(state.store.as_ref(), token, chrono::Utc::now()).await {
            Ok(staff) => staff,
            Err(error) => return AppError::from(error).into_response(),
        },
        None => None,
    };
    let Some(mut staff) = staff else {
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
    // The audit log records which connection each action came from.
    staff.client = Some(crate::http::limits::client_tag(state.tracking_secret.as_bytes(), request.extensions()));
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
        wait_minutes: None,
    };
    render_sign_in(&state, locale, StatusCode::OK, data).await
}

pub async fn sign_in(State(state): State<AppState>, Extension(locale): Extension<Locale>, request: Request) -> Result<Response, AppError> {
    let client = client_key(state.tracking_secret.as_bytes(), request.extensions(), "signin");
    let previous = cookie_value(request.headers(), cookie_name(state.settings.cookie_secure)).map(str::to_string);
    let Form(form): Form<SignInForm> = Form::from_request(request, &state).await.map_err(|_| AppError::BadRequest("sign-in form unreadable"))?;
    let credentials = sign_in::Credentials { email: &form.email, password: &form.password };
    let (status, error_key): (StatusCode, &'static str) =
        match sign_in::sign_in(state.store.as_ref(), credentials, &client, previous.as_deref(), chrono::Utc::now()).await {
            Ok(session) => {
                let mut response = see_other(safe_return(Some(&form.back)));
                response.headers_mut().insert(header::SET_COOKIE, set_cookie(state.settings.cookie_secure, &session.token, None));
                return Ok(response);
            }
            Err(SignInError::Blocked { until }) => {
                let minutes = ((until - chrono::Utc::now()).num_seconds().max(1) + 59) / 60;
                let mut page = render_sign_in(&state, locale, StatusCode::TOO_MANY_REQUESTS, form_again(&form, None, Some(minutes))).await;
                if let Ok(value) = HeaderValue::from_str(&(minutes * 60).to_string()) {
                    page.headers_mut().insert(header::RETRY_AFTER, value);
                }
                return Ok(page);
            }
            Err(SignInError::Failed) => (StatusCode::UNAUTHORIZED, "signin.failed"),
            Err(SignInError::Store(error)) => return Err(error.into()),
            Err(SignInError::Task(error)) => return Err(AppError::internal(error)),
        };
    Ok(render_sign_in(&state, locale, status, form_again(&form, Some(error_key), None)).await)
}

/// The form again with the address they typed, never the password, and
/// what went wrong: an error at the field, or how long to wait.
fn form_again(form: &SignInForm, error_key: Option<&'static str>, wait_minutes: Option<i64>) -> SignInPageData {
    SignInPageData {
        form: SignInForm { email: form.email.clone(), password: String::new(), back: safe_return(Some(&form.back)).to_string() },
        signed_out: false,
        password_set: false,
        error_key,
        wait_minutes,
    }
}

pub async fn sign_out(State(state): State<AppState>, SignedInStaff(staff): SignedInStaff) -> Result<Response, AppError> {
    sign_in::sign_out(state.store.as_ref(), &staff).await?;
    let mut response = see_other("/ansatt/logg-inn?ut=1");
    response.headers_mut().insert(header::SET_COOKIE, set_cookie(state.settings.cookie_secure, "", Some(0)));
    Ok(response)
}
