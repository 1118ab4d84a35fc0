//! The pages shown when something is not found or goes wrong. They never show
//! technical details: those are logged on the server with the request id.

use crate::context::use_i18n;
use leptos::prelude::*;

/// Which error page to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 404: no such page, or a link that is wrong or expired.
    NotFound,
    /// 400: a form or request we cannot read.
    BadRequest,
    /// 403: a state-changing request from another site (CSRF protection).
    Forbidden,
    /// 403: a signed-in staff member whose role does not allow the page.
    NoAccess,
    /// 503: a part the service depends on (the database) is down for now.
    Unavailable,
    /// 500: anything else.
    Internal,
}

impl ErrorKind {
    pub fn title_key(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "error.not_found.title",
            ErrorKind::Unavailable => "error.unavailable.title",
            ErrorKind::Internal => "error.internal.title",
            ErrorKind::BadRequest => "error.bad_request.title",
            ErrorKind::Forbidden => "error.forbidden.title",
            ErrorKind::NoAccess => "error.no_access.title",
        }
    }

    pub fn body_key(self) -> &'static str {
        match self {
            ErrorKind::NotFound => "error.not_found.body",
            ErrorKind::Unavailable => "error.unavailable.body",
            ErrorKind::Internal => "error.internal.body",
            ErrorKind::BadRequest => "error.bad_request.body",
            ErrorKind::Forbidden => "error.forbidden.body",
            ErrorKind::NoAccess => "error.no_access.body",
        }
    }
}

/// `request_id` lets a resident quote the failure to support without any
/// technical detail being shown.
#[component]
pub fn ErrorPage(kind: ErrorKind, request_id: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let reference = request_id.map(|id| {
        view! {
            <p class="ds-paragraph" data-size="sm">
                {i18n.t_with("error.reference", &[("id", &id)])}
            </p>
        }
    });
    view! {
        <h1 class="ds-heading" data-size="lg">{i18n.t(kind.title_key())}</h1>
        <p class="ds-paragraph">{i18n.t(kind.body_key())}</p>
        <p class="ds-paragraph">
            <a class="ds-link" href="/">{i18n.t("error.home_link")}</a>
        </p>
        {reference}
    }
}
