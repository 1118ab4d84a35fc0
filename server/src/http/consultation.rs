//! Consultations for residents: the list, answering without an account (one
//! answer set per person by a signed cookie, a limit per client address),
//! and the results once staff publish them. Also the views the staff pages
//! share: questions as shown, dates, and results as charts and tables.

use super::middleware::cookie_value;
use super::participation::{client_key, limited};
use super::staff::{format_date, see_other};
use super::Query;
use super::{render_page, AppError, AppState, OkQuery, RequestInfo};
use crate::catalog::Catalog;
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::{
    AnswerNotice, AnswerPage, AnswerPageData, ConsultationCard, ConsultationsPage, ConsultationsPageData, PublicResultsData, PublicResultsPage,
    QuestionResultView, QuestionView, ResultRow, ResultsData,
};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::{Extension, Form};
use domain::consultation::{check_answers, tally, Consultation, NewResponse, Phase, QuestionKind, ResponseOutcome, Results};
use domain::participation::VisitorCookie;
use domain::personal_data;
use domain::submission::{sha256_hex, IdempotencyKey};
use leptos::prelude::*;

/// The respondent cookie: random id + signature, only for consultation pages.
const RESPONDENT_COOKIE: &str = "innspill_respondent";

/// "01.12.2026 – 14.12.2026" in the reader's words.
pub fn date_range(i18n: &I18n, (opens, closes): (chrono::NaiveDate, chrono::NaiveDate)) -> String {
    i18n.t_with("consultation.dates", &[("opens", &format_date(i18n, opens)), ("closes", &format_date(i18n, closes))])
}

pub fn kind_key(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice => "consultation.kind.single_choice",
        QuestionKind::MultipleChoice => "consultation.kind.multiple_choice",
        QuestionKind::Scale => "consultation.kind.scale",
        QuestionKind::ShortText => "consultation.kind.short_text",
        QuestionKind::LongText => "consultation.kind.long_text",
    }
}

/// The questions as a resident sees them; a scale's steps carry its end words.
pub fn question_views(consultation: &Consultation, i18n: &I18n) -> Vec<QuestionView> {
    consultation
        .questions
        .iter()
        .map(|q| {
            let choices = match q.kind {
                QuestionKind::Scale => {
                    let low = q.options.first().map(|o| o.label.clone()).unwrap_or_else(|| i18n.t("consultation.scale.low").to_string());
                    let high = q.options.get(1).map(|o| o.label.clone()).unwrap_or_else(|| i18n.t("consultation.scale.high").to_string());
                    (1..=5)
                        .map(|value| {
                            let label = match value {
                                1 => format!("1 – {low}"),
                                5 => format!("5 – {high}"),
                                other => other.to_string(),
                            };
                            Choice::new(value.to_string(), label)
                        })
                        .collect()
                }
                _ => q.options.iter().map(|o| Choice::new(o.id.to_string(), o.label.clone())).collect(),
            };
            QuestionView { field: q.field(), kind: q.kind.as_str(), prompt: q.prompt.clone(), required: q.required, choices }
        })
        .collect()
}

fn percent(i18n: &I18n, locale: Locale, value: f64) -> String {
    let number = format!("{value:.1}");
    let number = if locale == Locale::En { number } else { number.replace('.', ",") };
    i18n.t_with("consultation.percent", &[("value", &number)])
}

/// Results as the pages show them. Scale rows carry the end words.
pub fn results_view(consultation: &Consultation, results: &Results, show_texts: bool, locale: Locale) -> ResultsData {
    let i18n = I18n::new(locale);
    let views = question_views(consultation, &i18n);
    ResultsData {
        responses: results.responses,
        questions: results
            .questions
            .iter()
            .enumerate()
            .map(|(index, q)| {
                let scale_labels = views.iter().find(|v| v.field == format!("q{}", q.question_id)).filter(|_| q.kind == QuestionKind::Scale);
                QuestionResultView {
                    number: index + 1,
                    prompt: q.prompt.clone(),
                    kind_key: kind_key(q.kind),
                    answered: q.answered,
                    rows: q
                        .counts
                        .iter()
                        .enumerate()
                        .map(|(i, (label, count, share))| ResultRow {
                            label: scale_labels.and_then(|v| v.choices.get(i)).map(|c| c.label.clone()).unwrap_or_else(|| label.clone()),
                            count: *count,
                            percent: percent(&i18n, locale, *share),
                            share: *share,
                        })
                        .collect(),
                    texts: if show_texts { q.texts.clone() } else { Vec::new() },
                    text_count: q.texts.len(),
                }
            })
            .collect(),
        show_texts,
        lang: consultation.locale.clone(),
    }
}

fn area_names(catalog: &Catalog, consultation: &Consultation, locale: Locale) -> Vec<String> {
    catalog.areas.iter().filter(|a| consultation.area_ids.contains(&a.id)).map(|a| a.names.get(locale.code()).to_string()).collect()
}

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

pub struct AnswerState {
    pub values: Vec<(String, String)>,
    pub errors: FormErrors,
    pub stale: bool,
    pub notice: Option<AnswerNotice>,
}

/// The answer page for `consultation` (also the staff preview, with `action` None and the preview notice).
pub async fn render_answer_page(
    state: &AppState,
    locale: Locale,
    consultation: &Consultation,
    form: AnswerState,
    show_form: bool,
    status: StatusCode,
    path: String,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let preview = form.notice == Some(AnswerNotice::Preview);
    let data = AnswerPageData {
        title: consultation.title.clone(),
        introduction: consultation.introduction.clone(),
        phase_key: consultation.phase(now).key(),
        dates: date_range(&i18n, consultation.days()),
        areas: area_names(&catalog, consultation, locale),
        questions: question_views(consultation, &i18n),
        values: form.values,
        errors: form.errors,
        stale: form.stale,
        idempotency_key: IdempotencyKey::generate().as_str().to_string(),
        action: (show_form || preview).then(|| format!("/konsultasjoner/{}", consultation.slug)),
        notice: form.notice,
        results_href: consultation.results_public(now).then(|| format!("/konsultasjoner/{}/resultater", consultation.slug)),
        lang: consultation.locale.clone(),
    };
    let info = RequestInfo { locale, uri: path.parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "consultation.title", move || view! { <AnswerPage data=data.clone()/> }).await)
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
    let respondent_hash = respondent_hash(secret, consultation.id, &cookie).ok_or(AppError::Internal("fresh respondent cookie does not verify".into()))?;
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
