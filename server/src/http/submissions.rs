//! Resident input over plain HTML forms: show the form, validate the post,
//! and either show the form again with every value and the errors (422), or
//! store the item and send the person to its private tracking page (303).
//!
//! A double click, a refresh or back-and-resubmit carries the same hidden
//! idempotency key: the store returns the first item, and the tracking token,
//! derived from that key, leads to the same page.

use super::{render_page, AppError, AppState, RequestInfo};
use crate::domain::personal_data;
use crate::domain::submission::{
    BoundedText, Contact, FieldError, IdempotencyKey, InputKind, NewSubmission, SubmitterKind, TextLimits, TrackingToken,
};
use crate::domain::{Area, Theme};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::{IdeaForm, IdeaPage, IdeaPageData, TrackingData, TrackingPage, DESCRIPTION_MAX_CHARS, SUBMITTER_CHOICES, TITLE_MAX_CHARS};
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use leptos::prelude::*;

fn request_info(locale: Locale, uri: &axum::http::Uri) -> RequestInfo {
    RequestInfo { locale, uri: uri.clone(), request_id: None }
}

/// Active themes and areas as choices in the reader's language. The triage
/// theme ("don't know") is the form's empty first option instead.
async fn choices(state: &AppState, locale: Locale) -> Result<(Vec<Theme>, Vec<Area>, Vec<Choice>, Vec<Choice>), AppError> {
    let themes = state.store.list_themes().await?;
    let areas = state.store.list_areas().await?;
    let theme_choices = themes
        .iter()
        .filter(|t| t.active && !t.is_triage)
        .map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code())))
        .collect();
    let area_choices =
        areas.iter().filter(|a| a.active).map(|a| Choice::new(a.slug.as_str(), a.names.get(locale.code()))).collect();
    Ok((themes, areas, theme_choices, area_choices))
}

async fn render_idea_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: IdeaPageData) -> Result<Response, AppError> {
    let (_, _, themes, areas) = choices(state, info.locale).await?;
    data.themes = themes;
    data.areas = areas;
    Ok(render_page(state, info, status, "idea.heading", move || view! { <IdeaPage data=data.clone()/> }).await)
}

pub async fn idea_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, request: Request) -> Result<Response, AppError> {
    let form = IdeaForm { idempotency_key: IdempotencyKey::generate().as_str().to_string(), ..IdeaForm::default() };
    render_idea_form(&state, &request_info(locale, request.uri()), StatusCode::OK, IdeaPageData { form, ..Default::default() }).await
}

pub async fn submit_idea(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    uri: axum::http::Uri,
    form: Result<Form<IdeaForm>, FormRejection>,
) -> Result<Response, AppError> {
    let info = request_info(locale, &uri);
    let Form(mut form) = form.map_err(|_| AppError::BadRequest("idea form unreadable"))?;
    let Some(key) = IdempotencyKey::parse(&form.idempotency_key) else {
        // Not a form we issued (or an old copy): keep what was typed, issue a key, ask again.
        form.idempotency_key = IdempotencyKey::generate().as_str().to_string();
        let data = IdeaPageData { form, stale: true, ..Default::default() };
        return render_idea_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
    };
    let (themes, areas, _, _) = choices(&state, locale).await?;
    let parsed = parse_idea(&form, &themes, &areas);
    let valid = match parsed {
        Ok(valid) => valid,
        Err(errors) => {
            let errors = FormErrors(errors.into_iter().map(|e| (e.field.to_string(), e.key)).collect());
            let data = IdeaPageData { form, errors, ..Default::default() };
            return render_idea_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
        }
    };
    let token = TrackingToken::derive(state.tracking_secret.as_bytes(), &key);
    let flags = personal_data::kinds(&format!("{}\n{}", valid.title.as_str(), valid.description.as_str()));
    let submission = NewSubmission {
        kind: InputKind::Idea,
        theme_id: valid.theme_id,
        area_id: valid.area_id,
        submitter_kind: valid.submitter,
        organisation_name: None,
        locale: locale.code().to_string(),
        title: Some(valid.title),
        body: valid.description,
        personal_data_flags: flags.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","),
        contact: valid.contact,
        idempotency_key: key,
        tracking_token_hash: token.hash(),
        reference_prefix: state.settings.reference_prefix.clone(),
        received_at: chrono::Utc::now(),
    };
    let created = state.store.create_submission(&submission).await?;
    tracing::info!(submission_id = created.id, created = created.created, "idea received");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let location = format!("/sak/{}?ny=1", token.as_str());
    response.headers_mut().insert(header::LOCATION, HeaderValue::from_str(&location).map_err(|e| AppError::Internal(e.to_string()))?);
    Ok(response)
}

struct ValidIdea {
    title: BoundedText,
    description: BoundedText,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    submitter: SubmitterKind,
    contact: Contact,
}

/// Checks every field and collects every error, so the person sees them all at once.
fn parse_idea(form: &IdeaForm, themes: &[Theme], areas: &[Area]) -> Result<ValidIdea, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = BoundedText::parse("title", &form.title, TextLimits { required: true, max_chars: TITLE_MAX_CHARS })
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let description =
        BoundedText::parse("description", &form.description, TextLimits { required: true, max_chars: DESCRIPTION_MAX_CHARS })
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
    let mut pick = |field: &'static str, slug: &str, found: Option<i64>| -> Option<i64> {
        if !slug.is_empty() && found.is_none() {
            errors.push(FieldError::new(field, "validation.choose_from_list"));
        }
        found
    };
    let theme_id = pick("theme", &form.theme, themes.iter().find(|t| t.active && t.slug.as_str() == form.theme).map(|t| t.id));
    let area_id = pick("area", &form.area, areas.iter().find(|a| a.active && a.slug.as_str() == form.area).map(|a| a.id));
    let submitter = match form.submitter.as_str() {
        "" => {
            errors.push(FieldError::new("submitter", "validation.choose_one"));
            None
        }
        value => SubmitterKind::parse(value).or_else(|| {
            errors.push(FieldError::new("submitter", "validation.choose_from_list"));
            None
        }),
    };
    let wants_contact = match form.contact.as_str() {
        "" | "anonymous" => Some(false),
        "contact" => Some(true),
        _ => {
            errors.push(FieldError::new("contact", "validation.choose_from_list"));
            None
        }
    };
    let contact = wants_contact.and_then(|wants| {
        Contact::parse(wants, &form.email, &form.phone, form.consent == "yes").map_err(|e| errors.extend(e)).ok()
    });
    match (title, description, submitter, contact) {
        (Some(title), Some(description), Some(submitter), Some(contact)) if errors.is_empty() => {
            Ok(ValidIdea { title, description, theme_id, area_id, submitter, contact })
        }
        _ => Err(errors),
    }
}

#[derive(serde::Deserialize)]
pub struct TrackingQuery {
    ny: Option<String>,
}

/// The resident's private page. A wrong token is an ordinary, friendly 404.
pub async fn tracking(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    uri: axum::http::Uri,
    Path(token): Path<String>,
    Query(query): Query<TrackingQuery>,
) -> Result<Response, AppError> {
    // Tokens are 43 base64url characters; anything else cannot match.
    if token.len() != 43 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(AppError::NotFound);
    }
    let token = TrackingToken::from_link(&token);
    let Some(item) = state.store.submission_by_token_hash(&token.hash()).await? else {
        return Err(AppError::NotFound);
    };
    let i18n = I18n::new(locale);
    let themes = state.store.list_themes().await?;
    let areas = state.store.list_areas().await?;
    let local = crate::domain::time::norway(item.created_at);
    let received = i18n.t_with(
        "date.datetime",
        &[
            ("day", &format!("{:02}", chrono::Datelike::day(&local))),
            ("month", &format!("{:02}", chrono::Datelike::month(&local))),
            ("year", &chrono::Datelike::year(&local).to_string()),
            ("hour", &format!("{:02}", chrono::Timelike::hour(&local))),
            ("minute", &format!("{:02}", chrono::Timelike::minute(&local))),
        ],
    );
    let public = state.settings.public_url.as_str().trim_end_matches('/');
    let data = TrackingData {
        reference: item.reference.clone(),
        kind_key: match item.kind {
            InputKind::Idea => "kind.idea",
            InputKind::Concern => "kind.concern",
            InputKind::Journey => "kind.journey",
        },
        status_key: status_key(&item.status),
        received,
        title: item.title.clone(),
        body: item.body.clone(),
        theme: item.theme_id.and_then(|id| themes.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()),
        area: item.area_id.and_then(|id| areas.iter().find(|a| a.id == id)).map(|a| a.names.get(locale.code()).to_string()),
        submitter_key: SUBMITTER_CHOICES.iter().find(|(v, _)| *v == item.submitter_kind).map(|(_, k)| *k).unwrap_or("form.submitter.other"),
        link: format!("{public}/sak/{}", token.as_str()),
        just_sent: query.ny.is_some(),
        next_key: if item.kind == InputKind::Idea { "tracking.next.idea" } else { "tracking.next.other" },
    };
    let info = request_info(locale, &uri);
    Ok(render_page(&state, &info, StatusCode::OK, "tracking.title", move || view! { <TrackingPage data=data.clone()/> }).await)
}

fn status_key(status: &str) -> &'static str {
    match status {
        "triage" => "status.triage",
        "in_progress" => "status.in_progress",
        "waiting_for_resident" => "status.waiting_for_resident",
        "closed" => "status.closed",
        _ => "status.new",
    }
}
