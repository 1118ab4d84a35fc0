//! Invitations (public: the link is the key): setting a password from a one-time link.

use super::*;
use crate::http::extract::AppForm;
use crate::http::redirect::see_other;
use crate::http::{AppError, AppState};
use crate::password::HashPassword;
use app::forms::FormErrors;
use app::i18n::Locale;
use app::pages::staff::{InviteForm, InvitePage, InvitePageData};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::submission::sha256_hex;
use domain::{Password, PasswordError};
use leptos::prelude::*;

fn valid_token(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn render_invite(state: &AppState, locale: Locale, token: &str, errors: FormErrors, status: StatusCode) -> Response {
    let data = InvitePageData { action: format!("/ansatt/invitasjon/{token}"), errors };
    let uri: Uri = "/ansatt/invitasjon".parse().unwrap_or_default();
    page(state, locale, uri, status, "invite.heading", move || view! { <InvitePage data=data.clone()/> }).await
}

pub async fn invite_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(token): Path<String>) -> Result<Response, AppError> {
    if !valid_token(&token) || state.store.invite_staff(&sha256_hex(token.as_bytes()), chrono::Utc::now()).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(render_invite(&state, locale, &token, FormErrors::default(), StatusCode::OK).await)
}

pub async fn accept_invite(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    AppForm(form): AppForm<InviteForm>,
) -> Result<Response, AppError> {
    let hash = sha256_hex(token.as_bytes());
    if !valid_token(&token) || state.store.invite_staff(&hash, chrono::Utc::now()).await?.is_none() {
        return Err(AppError::NotFound);
    }
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
    let password_hash = tokio::task::spawn_blocking(move || password.hash()).await.map_err(AppError::internal)?;
    if !state.store.accept_invite(&hash, &password_hash.0, chrono::Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/ansatt/logg-inn?klar=1"))
}
