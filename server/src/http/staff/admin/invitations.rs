//! Invitations (public: the link is the key): setting a password from a one-time link.

use super::*;
use crate::http::extract::AppForm;
use crate::http::redirect::see_other;
use crate::http::{AppError, AppState};
use crate::usecase::administer;
use app::forms::FormErrors;
use app::i18n::Locale;
use app::pages::staff::{InviteForm, InvitePage, InvitePageData};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::{Password, PasswordError};
use leptos::prelude::*;

async fn render_invite(state: &AppState, locale: Locale, token: &str, errors: FormErrors, status: StatusCode) -> Response {
    let data = InvitePageData { action: format!("/ansatt/invitasjon/{token}"), errors };
    let uri: Uri = "/ansatt/invitasjon".parse().unwrap_or_default();
    page(state, locale, uri, status, "invite.heading", move || view! { <InvitePage data=data.clone()/> }).await
}

pub async fn invite_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(token): Path<String>) -> Result<Response, AppError> {
    administer::invitation(state.store.as_ref(), &token, chrono::Utc::now()).await?;
    Ok(render_invite(&state, locale, &token, FormErrors::default(), StatusCode::OK).await)
}

pub async fn accept_invite(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    AppForm(form): AppForm<InviteForm>,
) -> Result<Response, AppError> {
    administer::invitation(state.store.as_ref(), &token, chrono::Utc::now()).await?;
    let password = match Password::parse(&form.password) {
        Ok(password) if form.password == form.repeat => password,
        Ok(_) => {
            let errors = FormErrors(vec![("repeat".into(), "invite.error.mismatch")]);
            return Ok(render_invite(&state, locale, &token, errors, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
        Err(error) => {
            let key = match error {
                PasswordError::TooShort => "invite.error.too_short",
                PasswordError::TooLong => "invite.error.too_long",
                PasswordError::TooCommon => "invite.error.too_common",
            };
            let errors = FormErrors(vec![("password".into(), key)]);
            return Ok(render_invite(&state, locale, &token, errors, StatusCode::UNPROCESSABLE_ENTITY).await);
        }
    };
    administer::accept_invitation(state.store.as_ref(), &token, password, chrono::Utc::now()).await?;
    Ok(see_other("/ansatt/logg-inn?klar=1"))
}
