//! Extractors for what every handler starts from, each owning its
//! rejection so a failure is our styled page in the person's language,
//! never axum's plain text:
//! - `RequestInfo`: the reader's locale, the page's address, the request id;
//! - `SignedInStaff`: the staff member `session::require` let through;
//! - `AppForm<T>`: a form body, refused with the 400 page when unreadable.

use super::{AppError, RequestInfo};
use app::i18n::Locale;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use domain::workspace::SignedIn;

impl<S: Send + Sync> FromRequestParts<S> for RequestInfo {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        // The locale middleware runs before every page handler.
        let locale = parts.extensions.get::<Locale>().copied().unwrap_or(Locale::DEFAULT);
        let request_id = parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
        Ok(RequestInfo { locale, uri: parts.uri.clone(), request_id })
    }
}

/// The signed-in staff member of a staff route.
pub struct SignedInStaff(pub SignedIn);

impl<S: Send + Sync> FromRequestParts<S> for SignedInStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        // `session::require` guards every staff route and leaves the member
        // here; without it the route table is wrong, which is our fault.
        parts.extensions.get::<SignedIn>().cloned().map(SignedInStaff).ok_or(AppError::internal("a staff route without the sign-in guard"))
    }
}

/// A form body (`application/x-www-form-urlencoded`) read into `T`.
pub struct AppForm<T>(pub T);

impl<T, S> FromRequest<S> for AppForm<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(AppForm(value)),
            Err(_) => Err(AppError::BadRequest(std::any::type_name::<T>())),
        }
    }
}
