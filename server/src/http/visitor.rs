//! The signed visitor cookies residents get without an account: one for
//! ideas (one support each, reports counted per person) and one for
//! consultations (one answer set each), each limited to its part of the site.

use super::middleware::cookie_value;
use super::{AppError, AppState};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use domain::participation::VisitorCookie;

/// A visitor cookie's name and the path it is sent to.
#[derive(Clone, Copy, Debug)]
pub struct VisitorCookieKind {
    name: &'static str,
    path: &'static str,
}

pub const IDEAS: VisitorCookieKind = VisitorCookieKind { name: "innspill_supporter", path: "/ideer" };
pub const CONSULTATIONS: VisitorCookieKind = VisitorCookieKind { name: "innspill_respondent", path: "/konsultasjoner" };

/// A visitor: their cookie (random id + signature), its hash, and whether it is new.
pub struct Visitor {
    value: String,
    pub hash: String,
    fresh: bool,
}

impl VisitorCookieKind {
    /// The hash of the cookie the request carries, if it verifies.
    pub fn known(&self, state: &AppState, headers: &HeaderMap) -> Option<String> {
        cookie_value(headers, self.name).and_then(|value| VisitorCookie::verify(state.tracking_secret.as_bytes(), value))
    }

    /// The visitor the request carries, or a new one.
    pub fn visitor(&self, state: &AppState, headers: &HeaderMap) -> Result<Visitor, AppError> {
        let secret = state.tracking_secret.as_bytes();
        let (value, fresh) = match cookie_value(headers, self.name).filter(|v| VisitorCookie::verify(secret, v).is_some()) {
            Some(value) => (value.to_string(), false),
            None => (VisitorCookie::issue(secret), true),
        };
        let hash = VisitorCookie::verify(secret, &value).ok_or(AppError::internal("fresh visitor cookie does not verify"))?;
        Ok(Visitor { value, hash, fresh })
    }

    /// Gives a new visitor their cookie (a year long) with the response.
    pub fn keep(&self, state: &AppState, mut response: Response, visitor: &Visitor) -> Response {
        if visitor.fresh {
            let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
            let cookie = format!("{}={}; Path={}; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}", self.name, visitor.value, self.path);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
        }
        response
    }
}
