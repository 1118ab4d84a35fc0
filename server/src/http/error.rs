//! The one error type of the HTTP layer. It never carries text for the
//! person: `IntoResponse` marks the response with the error page to show,
//! and the `error_pages` middleware renders it in the person's language.
//! Internal details are logged (with the request id), never shown.

use crate::store::StoreError;
use app::pages::ErrorKind;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("cross-site request refused")]
    Forbidden,
    /// Signed in, but the role does not allow this page.
    #[error("no access for this role")]
    NoAccess,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error")]
    Internal(#[source] crate::store::BoxError),
}

impl AppError {
    /// An internal error, keeping its cause as the source.
    pub fn internal(cause: impl Into<crate::store::BoxError>) -> AppError {
        AppError::Internal(cause.into())
    }
}

impl AppError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden | AppError::NoAccess => StatusCode::FORBIDDEN,
            AppError::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Store(StoreError::NotFound(_)) => StatusCode::NOT_FOUND,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn kind(&self) -> ErrorKind {
        if let AppError::NoAccess = self {
            return ErrorKind::NoAccess;
        }
        match self.status_code() {
            StatusCode::NOT_FOUND => ErrorKind::NotFound,
            StatusCode::BAD_REQUEST => ErrorKind::BadRequest,
            StatusCode::FORBIDDEN => ErrorKind::Forbidden,
            StatusCode::SERVICE_UNAVAILABLE => ErrorKind::Unavailable,
            _ => ErrorKind::Internal,
        }
    }
}

impl From<crate::usecase::item::ActError> for AppError {
    fn from(error: crate::usecase::item::ActError) -> Self {
        use crate::usecase::item::ActError;
        match error {
            ActError::NotFound => AppError::NotFound,
            ActError::NoAccess => AppError::NoAccess,
            // The form shows these as field errors; here only after a race.
            ActError::Closed => AppError::BadRequest("the item is closed"),
            ActError::NotInTriage => AppError::BadRequest("the item is not in triage"),
            ActError::Restricted => AppError::NoAccess,
            ActError::Invalid(_) => AppError::BadRequest("action fields"),
            ActError::Store(error) => AppError::Store(error),
        }
    }
}

impl From<crate::usecase::participate::ParticipateError> for AppError {
    fn from(error: crate::usecase::participate::ParticipateError) -> Self {
        use crate::usecase::participate::ParticipateError;
        match error {
            ParticipateError::NotFound => AppError::NotFound,
            ParticipateError::Invalid(what) => AppError::BadRequest(what),
            // Each handler answers this in its own way first.
            ParticipateError::Limited => AppError::BadRequest("over the hourly limit"),
            ParticipateError::Store(error) => AppError::Store(error),
        }
    }
}

impl From<crate::usecase::track::TrackError> for AppError {
    fn from(error: crate::usecase::track::TrackError) -> Self {
        use crate::usecase::track::TrackError;
        match error {
            TrackError::NotFound => AppError::NotFound,
            // The tracking page answers this itself first.
            TrackError::NotReopenable => AppError::BadRequest("not reopenable"),
            TrackError::Store(error) => AppError::Store(error),
        }
    }
}

impl From<crate::usecase::administer::AdminError> for AppError {
    fn from(error: crate::usecase::administer::AdminError) -> Self {
        use crate::usecase::administer::AdminError;
        match error {
            AdminError::NoAccess => AppError::NoAccess,
            AdminError::NotFound(_) => AppError::NotFound,
            // The administration pages show these next to the fields first.
            AdminError::Invalid(_) => AppError::BadRequest("the change breaks a configuration rule"),
            AdminError::Store(error) => AppError::Store(error),
            AdminError::Task(error) => AppError::internal(error),
        }
    }
}

impl From<crate::usecase::consult::ConsultError> for AppError {
    fn from(error: crate::usecase::consult::ConsultError) -> Self {
        use crate::usecase::consult::ConsultError;
        match error {
            ConsultError::NoAccess => AppError::NoAccess,
            ConsultError::NotFound => AppError::NotFound,
            // The editor shows these as notices or field errors first.
            ConsultError::Locked => AppError::BadRequest("the questions are locked"),
            ConsultError::TooManyQuestions => AppError::BadRequest("too many questions"),
            ConsultError::NoQuestions | ConsultError::AlreadyOver | ConsultError::WrongPhase => AppError::BadRequest("not possible in this phase"),
            ConsultError::Store(error) => AppError::Store(error),
        }
    }
}

impl From<crate::usecase::moderate::ModerateError> for AppError {
    fn from(error: crate::usecase::moderate::ModerateError) -> Self {
        use crate::usecase::moderate::ModerateError;
        match error {
            ModerateError::NotFound => AppError::NotFound,
            ModerateError::NoAccess => AppError::NoAccess,
            // The moderation page shows these next to the fields first.
            ModerateError::NotPublishable(_) => AppError::BadRequest("personal data in the text to publish"),
            ModerateError::Store(error) => AppError::Store(error),
        }
    }
}

impl From<crate::usecase::privacy::PrivacyError> for AppError {
    fn from(error: crate::usecase::privacy::PrivacyError) -> Self {
        use crate::usecase::privacy::PrivacyError;
        match error {
            PrivacyError::NoAccess => AppError::NoAccess,
            PrivacyError::NotFound => AppError::NotFound,
            // The item page offers neither for a kept item; here only after a race.
            PrivacyError::Kept => AppError::BadRequest("the item is kept"),
            PrivacyError::Store(error) => AppError::Store(error),
        }
    }
}

impl From<crate::usecase::insight::InsightError> for AppError {
    fn from(error: crate::usecase::insight::InsightError) -> Self {
        use crate::usecase::insight::InsightError;
        match error {
            InsightError::NoTeam => AppError::NoAccess,
            InsightError::Store(error) => AppError::Store(error),
        }
    }
}

/// Marks a response whose body the `error_pages` middleware must render.
#[derive(Clone, Copy, Debug)]
pub struct ErrorPageMarker(pub ErrorKind);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            // Store errors can hold SQL but never submitted values: we bind them.
            tracing::error!(error = %crate::telemetry::ErrorChain(&self), "request failed");
        } else {
            tracing::info!(error = %crate::telemetry::ErrorChain(&self), "request refused");
        }
        let mut response = (status, self.to_string()).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response.extensions_mut().insert(ErrorPageMarker(self.kind()));
        response
    }
}
