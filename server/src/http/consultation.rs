//! Consultations for residents: the list, answering without an account (one
//! answer set per person by a signed cookie, a limit per client address),
//! and the results once staff publish them. Also the views the staff pages
//! share: questions as shown, dates, and results as charts and tables.

use super::limits::client_key;
use super::redirect::see_other;
use super::survey_views::{date_range, render_answer_page, results_view, AnswerState};
use super::visitor::CONSULTATIONS;
use super::Query;
use super::{render_page, AppError, AppState, OkQuery, RequestInfo};
use crate::usecase;
use crate::usecase::answer::{AnswerError, AnswerSet, Answered};
use app::forms::FormErrors;
use app::i18n::{I18n, Locale};
use app::pages::{AnswerNotice, ConsultationCard, ConsultationsPage, ConsultationsPageData, PublicResultsData, PublicResultsPage};
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::{Extension, Form};
use domain::consultation::{tally, Consultation, FieldErrors, Phase};
use domain::submission::sha256_hex;
use leptos::prelude::*;

pub async fn list(State(state): State<AppState>, Extension(locale): Extension<Locale>, uri: Uri) -> Result<Response, AppError> {
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let mut data = ConsultationsPageData::default();
    for c in state.store.public_consultations().await? {
        let phase = c.phase(now);
        let results_public = phase == Phase::Closed && c.results_published_at.is_some();
        let card = ConsultationCard {
            href: format!("/konsultasjoner/{}", c.slug),
            dates: date_range(&i18n, c.days()),
            title: c.title,
            phase_key: phase.key(),
            results_href: results_public.then(|| format!("/konsultasjoner/{}/resultater", c.slug)),
        };
        if phase == Phase::Closed {
            data.finished.push(card);
        } else {
            data.open.push(card);
        }
    }
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "consultations.heading", move || view! { <ConsultationsPage data=data.clone()/> }).await)
}

/// A published consultation by its slug.
async fn published(state: &AppState, slug: &str) -> Result<Consultation, AppError> {
    let id = state.store.consultation_id_by_slug(slug).await?.ok_or(AppError::NotFound)?;
    state.store.consultation(id).await?.filter(Consultation::is_public).ok_or(AppError::NotFound)
}

/// A visitor's hash as stored for this consultation (so answer sets of
/// different consultations cannot be linked).
fn respondent_hash(consultation_id: i64, visitor_hash: &str) -> String {
    sha256_hex(format!("{consultation_id}:{visitor_hash}").as_bytes())
}

pub async fn answer_form(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(slug): Path<String>,
    Query(query): Query<OkQuery>,
    request: Request,
) -> Result<Response, AppError> {
    let consultation = published(&state, &slug).await?;
    let answered = match CONSULTATIONS.known(&state, request.headers()).map(|visitor| respondent_hash(consultation.id, &visitor)) {
        Some(hash) => state.store.has_answered(consultation.id, &hash).await?,
        None => false,
    };
    let notice = match (query.ok.as_deref(), consultation.phase(chrono::Utc::now())) {
        (Some("takk"), _) => Some(AnswerNotice::Thanks),
        (Some("allerede"), _) => Some(AnswerNotice::AlreadyAnswered),
        (_, _) if answered => Some(AnswerNotice::AlreadyAnswered),
        (_, Phase::Upcoming) => Some(AnswerNotice::Upcoming),
        (_, Phase::Closed) => Some(AnswerNotice::Closed),
        _ => None,
    };
    let show_form = notice.is_none();
    let form = AnswerState { values: Vec::new(), errors: FormErrors::default(), stale: false, notice };
    render_answer_page(&state, locale, &consultation, form, show_form, StatusCode::OK, format!("/konsultasjoner/{slug}")).await
}

pub async fn answer(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(slug): Path<String>,
    request: Request,
) -> Result<Response, AppError> {
    let client = client_key(state.tracking_secret.as_bytes(), request.extensions(), "answer");
    let visitor = CONSULTATIONS.visitor(&state, request.headers())?;
    let form = <Form<Vec<(String, String)>> as axum::extract::FromRequest<AppState>>::from_request(request, &state).await;
    let Form(pairs) = form.map_err(|_| AppError::BadRequest("answer form unreadable"))?;
    let consultation = published(&state, &slug).await?;
    let path = format!("/konsultasjoner/{slug}");
    let set = AnswerSet {
        consultation: &consultation,
        fields: &pairs,
        form_key_hash: pairs.iter().find(|(k, _)| k == "idempotency_key").and_then(|(_, v)| state.keys.stored_form_key(v)),
        respondent_hash: respondent_hash(consultation.id, &visitor.hash),
        locale: locale.code(),
        client: &client,
        now: chrono::Utc::now(),
    };
    let (errors, stale, notice, show_form, status) = match usecase::answer::answer(state.store.as_ref(), set).await {
        Ok(answered) => {
            let response = see_other(&format!("{path}?ok={}", if answered == Answered::Stored { "takk" } else { "allerede" }));
            return Ok(CONSULTATIONS.keep(&state, response, &visitor));
        }
        Err(AnswerError::Upcoming) => (FieldErrors::new(), false, Some(AnswerNotice::Upcoming), false, StatusCode::CONFLICT),
        Err(AnswerError::Closed) => (FieldErrors::new(), false, Some(AnswerNotice::Closed), false, StatusCode::CONFLICT),
        Err(AnswerError::Invalid { errors, stale }) => (errors, stale, None, true, StatusCode::UNPROCESSABLE_ENTITY),
        Err(AnswerError::Limited) => (FieldErrors::new(), false, Some(AnswerNotice::Limited), true, StatusCode::TOO_MANY_REQUESTS),
        Err(AnswerError::Store(error)) => return Err(error.into()),
    };
    // The form again with what they chose.
    let values: Vec<(String, String)> = pairs.into_iter().filter(|(k, _)| k.starts_with('q')).collect();
    let form = AnswerState { values, errors: FormErrors(errors), stale, notice };
    let mut page = render_answer_page(&state, locale, &consultation, form, show_form, status, path).await?;
    if status == StatusCode::TOO_MANY_REQUESTS {
        // The hour counts from the sender's first answer in it: at most an hour.
        super::limits::retry_after(&mut page, crate::usecase::participate::LIMIT_WINDOW.to_std().unwrap_or_default());
    }
    Ok(page)
}

pub async fn public_results(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let consultation = published(&state, &slug).await?;
    if !consultation.results_public(chrono::Utc::now()) {
        return Err(AppError::NotFound);
    }
    // The public sees no written answers, only how many there are.
    let counted = state.store.consultation_counts(consultation.id, 0).await?;
    let results = tally(&consultation.questions, consultation.responses, &counted);
    let i18n = I18n::new(locale);
    let data = PublicResultsData {
        title: consultation.title.clone(),
        href: format!("/konsultasjoner/{slug}"),
        dates: date_range(&i18n, consultation.days()),
        results: results_view(&consultation, &results, false, locale),
    };
    let info = RequestInfo { locale, uri: format!("/konsultasjoner/{slug}/resultater").parse().unwrap_or_default(), request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "consultation.results.heading", move || view! { <PublicResultsPage data=data.clone()/> }).await)
}
