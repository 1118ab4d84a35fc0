//! Consultations for residents: the list, answering without an account (one
//! answer set per person by a signed cookie, a limit per client address),
//! and the results once staff publish them. Also the views the staff pages
//! share: questions as shown, dates, and results as charts and tables.

use super::limits::{client_key, limited};
use super::middleware::cookie_value;
use super::redirect::see_other;
use super::survey_views::{date_range, render_answer_page, results_view, AnswerState};
use super::Query;
use super::{render_page, AppError, AppState, OkQuery, RequestInfo};
use app::forms::FormErrors;
use app::i18n::{I18n, Locale};
use app::pages::{AnswerNotice, ConsultationCard, ConsultationsPage, ConsultationsPageData, PublicResultsData, PublicResultsPage};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::{Extension, Form};
use domain::consultation::{check_answers, tally, Consultation, NewResponse, Phase, ResponseOutcome};
use domain::participation::VisitorCookie;
use domain::personal_data;
use domain::submission::{sha256_hex, IdempotencyKey};
use leptos::prelude::*;

/// The respondent cookie: random id + signature, only for consultation pages.
const RESPONDENT_COOKIE: &str = "innspill_respondent";

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

/// What a visitor's respondent cookie says, as the hash stored for this consultation.
fn respondent_hash(secret: &[u8], consultation_id: i64, cookie: &str) -> Option<String> {
    VisitorCookie::verify(secret, cookie).map(|hash| sha256_hex(format!("{consultation_id}:{hash}").as_bytes()))
}

pub async fn answer_form(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(slug): Path<String>,
    Query(query): Query<OkQuery>,
    request: Request,
) -> Result<Response, AppError> {
    let consultation = published(&state, &slug).await?;
    let answered = match cookie_value(request.headers(), RESPONDENT_COOKIE).and_then(|c| respondent_hash(state.tracking_secret.as_bytes(), consultation.id, c))
    {
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
    let key = client_key(request.extensions(), "answer");
    let cookie = cookie_value(request.headers(), RESPONDENT_COOKIE).map(str::to_string);
    let form = <Form<Vec<(String, String)>> as axum::extract::FromRequest<AppState>>::from_request(request, &state).await;
    let Form(pairs) = form.map_err(|_| AppError::BadRequest("answer form unreadable"))?;
    let consultation = published(&state, &slug).await?;
    let path = format!("/konsultasjoner/{slug}");
    let now = chrono::Utc::now();
    let values: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k.starts_with('q')).cloned().collect();
    let again = |errors: FormErrors, stale: bool, notice: Option<AnswerNotice>| AnswerState { values: values.clone(), errors, stale, notice };
    match consultation.phase(now) {
        Phase::Open => {}
        Phase::Upcoming => {
            return render_answer_page(
                &state,
                locale,
                &consultation,
                again(FormErrors::default(), false, Some(AnswerNotice::Upcoming)),
                false,
                StatusCode::CONFLICT,
                path,
            )
            .await
        }
        _ => {
            return render_answer_page(
                &state,
                locale,
                &consultation,
                again(FormErrors::default(), false, Some(AnswerNotice::Closed)),
                false,
                StatusCode::CONFLICT,
                path,
            )
            .await
        }
    }
    let idempotency = pairs.iter().find(|(k, _)| k == "idempotency_key").and_then(|(_, v)| IdempotencyKey::parse(v));
    let answers = check_answers(&consultation.questions, &pairs);
    let (Some(idempotency), Ok(answers)) = (idempotency.clone(), answers.clone()) else {
        let errors = FormErrors(answers.err().unwrap_or_default());
        return render_answer_page(&state, locale, &consultation, again(errors, idempotency.is_none(), None), true, StatusCode::UNPROCESSABLE_ENTITY, path)
            .await;
    };
    if limited(&state, &key).await? {
        return render_answer_page(
            &state,
            locale,
            &consultation,
            again(FormErrors::default(), false, Some(AnswerNotice::Limited)),
            true,
            StatusCode::TOO_MANY_REQUESTS,
            path,
        )
        .await;
    }
    let secret = state.tracking_secret.as_bytes();
    let (cookie, fresh) = match cookie.filter(|c| VisitorCookie::verify(secret, c).is_some()) {
        Some(cookie) => (cookie, false),
        None => (VisitorCookie::issue(secret), true),
    };
    let respondent_hash = respondent_hash(secret, consultation.id, &cookie).ok_or(AppError::internal("fresh respondent cookie does not verify"))?;
    let flags = answers.iter().filter_map(|a| a.text()).flat_map(personal_data::kinds).map(|k| k.as_str()).collect::<std::collections::BTreeSet<_>>();
    let outcome = state
        .store
        .store_response(&NewResponse {
            consultation_id: consultation.id,
            respondent_hash,
            locale: locale.code().to_string(),
            personal_data_flags: flags.into_iter().collect::<Vec<_>>().join(","),
            idempotency_key: idempotency.as_str().to_string(),
            answers,
            now,
        })
        .await?;
    let mut response = match outcome {
        ResponseOutcome::Stored => see_other(&format!("{path}?ok=takk")),
        ResponseOutcome::AlreadyAnswered => see_other(&format!("{path}?ok=allerede")),
        ResponseOutcome::NotOpen => {
            return render_answer_page(
                &state,
                locale,
                &consultation,
                again(FormErrors::default(), false, Some(AnswerNotice::Closed)),
                false,
                StatusCode::CONFLICT,
                path,
            )
            .await
        }
    };
    if fresh {
        let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
        let cookie = format!("{RESPONDENT_COOKIE}={cookie}; Path=/konsultasjoner; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

pub async fn public_results(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let consultation = published(&state, &slug).await?;
    if !consultation.results_public(chrono::Utc::now()) {
        return Err(AppError::NotFound);
    }
    let (responses, answers) = state.store.consultation_answers(consultation.id).await?;
    let results = tally(&consultation.questions, responses.len() as i64, &answers);
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
