//! Consultations for staff (moderators and administrators, enforced by the
//! route table): list and create, the editor with its questions, publish
//! and close, results and the CSV export (audited).

use super::nav;
use crate::catalog::Catalog;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::labels::team_name;
use crate::http::redirect::see_other;
use crate::http::survey_views::{date_range, kind_key, render_answer_page, results_view, AnswerState};
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, OkQuery, RequestInfo};
use crate::usecase::consult::{self, ConsultError, QuestionChange};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{
    question_field, ConsultationEditData, ConsultationEditPage, ConsultationListData, ConsultationListPage, ConsultationRow, DetailsChoices, DetailsForm,
    QuestionForm, QuestionRow, StaffResultsData, StaffResultsPage,
};
use app::pages::AnswerNotice;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::consultation::{csv_header, csv_rows, tally, Consultation, ConsultationDraft, DraftInput, Phase, QuestionDraft, QuestionKind, TEXTS_SHOWN};
use domain::workspace::SignedIn;
use leptos::prelude::*;

type Pairs = Vec<(String, String)>;

fn value(pairs: &Pairs, name: &str) -> String {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
}

fn choices(catalog: &Catalog, locale: Locale) -> DetailsChoices {
    DetailsChoices {
        teams: catalog.teams.iter().filter(|t| t.active).map(|t| Choice::new(t.id.to_string(), t.names.get(locale.code()))).collect(),
        areas: catalog.areas.iter().filter(|a| a.active).map(|a| Choice::new(a.id.to_string(), a.names.get(locale.code()))).collect(),
    }
}

fn details_form(pairs: &Pairs) -> DetailsForm {
    DetailsForm {
        title: value(pairs, "title"),
        introduction: value(pairs, "introduction"),
        team: value(pairs, "team"),
        areas: pairs.iter().filter(|(k, _)| k == "areas").map(|(_, v)| v.clone()).collect(),
        opens_on: value(pairs, "opens_on"),
        closes_on: value(pairs, "closes_on"),
    }
}

/// The details checked, with the team and areas checked against the catalog.
fn parse_details(form: &DetailsForm, catalog: &Catalog, locale: &str) -> Result<ConsultationDraft, FormErrors> {
    let team_id = form.team.parse::<i64>().ok().filter(|id| catalog.teams.iter().any(|t| t.id == *id && t.active));
    let area_ids: Option<Vec<i64>> = form.areas.iter().map(|a| a.parse::<i64>().ok().filter(|id| catalog.areas.iter().any(|x| x.id == *id))).collect();
    let parsed = ConsultationDraft::parse(DraftInput {
        title: &form.title,
        introduction: &form.introduction,
        team_id,
        area_ids: area_ids.clone().unwrap_or_default(),
        opens_on: &form.opens_on,
        closes_on: &form.closes_on,
        locale,
    });
    match (parsed, area_ids) {
        (Ok(draft), Some(_)) => Ok(draft),
        (result, areas) => {
            let mut errors = result.err().unwrap_or_default();
            if areas.is_none() {
                errors.push(("areas".into(), "validation.choose_from_list"));
            }
            Err(FormErrors(errors))
        }
    }
}

fn details_of(c: &Consultation) -> DetailsForm {
    DetailsForm {
        title: c.title.clone(),
        introduction: c.introduction.clone(),
        team: c.owning_team_id.to_string(),
        areas: c.area_ids.iter().map(i64::to_string).collect(),
        opens_on: c.days().0.to_string(),
        closes_on: c.days().1.to_string(),
    }
}

fn question_form(pairs: &Pairs, question_id: Option<i64>) -> QuestionForm {
    let field = |name: &str| value(pairs, &question_field(name, question_id));
    QuestionForm { prompt: field("prompt"), kind: field("kind"), required: field("required") == "yes", options: field("options") }
}

async fn render_list(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    form: DetailsForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let rows = state
        .store
        .list_consultations()
        .await?
        .into_iter()
        .map(|c| ConsultationRow {
            href: format!("/ansatt/konsultasjoner/{}", c.id),
            phase_key: c.phase(now).key(),
            dates: date_range(&i18n, c.days()),
            team: team_name(&catalog, Some(c.owning_team_id), locale),
            responses: c.responses,
            title: c.title,
        })
        .collect();
    let data = ConsultationListData { nav: nav(staff, &catalog, locale, "consultations"), rows, form, choices: choices(&catalog, locale), errors };
    let info = RequestInfo { locale, uri: "/ansatt/konsultasjoner".parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "consultations.staff.heading", move || view! { <ConsultationListPage data=data.clone()/> }).await)
}

pub async fn list(State(state): State<AppState>, Extension(locale): Extension<Locale>, SignedInStaff(staff): SignedInStaff) -> Result<Response, AppError> {
    // A new consultation starts as the person's first team's, open from today for two weeks.
    let today = domain::time::norway(chrono::Utc::now()).date_naive();
    let form = DetailsForm {
        team: staff.team_ids.first().map(i64::to_string).unwrap_or_default(),
        opens_on: today.to_string(),
        closes_on: (today + chrono::Duration::days(14)).to_string(),
        ..Default::default()
    };
    render_list(&state, locale, &staff, form, FormErrors::default(), StatusCode::OK).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let form = details_form(&pairs);
    match parse_details(&form, &catalog, locale.code()) {
        Ok(draft) => {
            let id = consult::create(state.store.as_ref(), &staff, &draft, chrono::Utc::now()).await?;
            Ok(see_other(&format!("/ansatt/konsultasjoner/{id}?ok=opprettet")))
        }
        Err(errors) => render_list(&state, locale, &staff, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

/// What the editor shows besides the stored consultation: forms coming back with errors, a notice.
#[derive(Default)]
struct EditorState {
    details: Option<(DetailsForm, FormErrors)>,
    question: Option<(Option<i64>, QuestionForm, FormErrors)>,
    notice: Option<(&'static str, bool)>,
}

async fn render_editor(state: &AppState, locale: Locale, staff: &SignedIn, id: i64, editor: EditorState, status: StatusCode) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let now = chrono::Utc::now();
    let phase = consultation.phase(now);
    let count = consultation.questions.len();
    let typed = |question_id: Option<i64>| editor.question.as_ref().filter(|(q, _, _)| *q == question_id).map(|(_, f, e)| (f.clone(), e.clone()));
    let questions = consultation
        .questions
        .iter()
        .enumerate()
        .map(|(index, q)| {
            let stored = QuestionForm {
                prompt: q.prompt.clone(),
                kind: q.kind.as_str().to_string(),
                required: q.required,
                options: q.options.iter().map(|o| o.label.as_str()).collect::<Vec<_>>().join("\n"),
            };
            let (form, errors) = typed(Some(q.id)).unwrap_or((stored, FormErrors::default()));
            QuestionRow {
                id: q.id,
                number: index + 1,
                prompt: q.prompt.clone(),
                kind_key: kind_key(q.kind),
                required: q.required,
                options: q.options.iter().map(|o| o.label.clone()).collect(),
                form,
                errors,
                first: index == 0,
                last: index + 1 == count,
            }
        })
        .collect();
    let (new_question, new_question_errors) =
        typed(None).unwrap_or((QuestionForm { kind: "single_choice".into(), ..Default::default() }, FormErrors::default()));
    let (details, details_errors) = editor.details.clone().unwrap_or((details_of(&consultation), FormErrors::default()));
    let data = ConsultationEditData {
        nav: nav(staff, &catalog, locale, "consultations"),
        id,
        title: consultation.title.clone(),
        phase_key: phase.key(),
        responses: consultation.responses,
        public_href: consultation.is_public().then(|| format!("/konsultasjoner/{}", consultation.slug)),
        details,
        choices: choices(&catalog, locale),
        details_errors,
        questions,
        new_question,
        new_question_errors,
        kinds: QuestionKind::ALL.iter().map(|k| Choice::new(k.as_str(), i18n.t(kind_key(*k)))).collect(),
        locked: consultation.questions_locked(),
        can_publish: phase == Phase::Draft,
        can_close: matches!(phase, Phase::Open | Phase::Upcoming),
        can_publish_results: phase == Phase::Closed && consultation.results_published_at.is_none() && consultation.is_public(),
        results_published: consultation.results_published_at.is_some(),
        notice: editor.notice,
    };
    let info = RequestInfo { locale, uri: format!("/ansatt/konsultasjoner/{id}").parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "consultations.staff.heading", move || view! { <ConsultationEditPage data=data.clone()/> }).await)
}

pub async fn editor(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    Query(query): Query<OkQuery>,
) -> Result<Response, AppError> {
    let notice = query.ok.as_deref().map(|ok| match ok {
        "opprettet" => ("consultation.done.created", false),
        "publisert" => ("consultation.done.published", false),
        "avsluttet" => ("consultation.done.closed", false),
        "resultater" => ("consultation.done.results", false),
        "last" => ("consultation.locked", true),
        _ => ("consultation.done.saved", false),
    });
    render_editor(&state, locale, &staff, id, EditorState { notice, ..Default::default() }, StatusCode::OK).await
}

/// Details, a new question, publish, close, publish results.
pub async fn action(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path((id, action)): Path<(i64, String)>,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    let now = chrono::Utc::now();
    let store = state.store.as_ref();
    let (changed, ok) = match action.as_str() {
        "detaljer" => {
            let catalog = state.catalog.get(store).await?;
            let form = details_form(&pairs);
            match parse_details(&form, &catalog, &consultation.locale) {
                Ok(draft) => (consult::update_details(store, &staff, &consultation, &draft, now).await, "lagret"),
                Err(errors) => {
                    let editor = EditorState { details: Some((form, errors)), ..Default::default() };
                    return render_editor(&state, locale, &staff, id, editor, StatusCode::UNPROCESSABLE_ENTITY).await;
                }
            }
        }
        "sporsmal" => return save_question(&state, locale, &staff, &consultation, None, &pairs).await,
        "publiser" => (consult::publish(store, &staff, &consultation, now).await, "publisert"),
        "avslutt" => (consult::close(store, &staff, &consultation, now).await, "avsluttet"),
        "publiser-resultater" => (consult::publish_results(store, &staff, &consultation, now).await, "resultater"),
        _ => return Err(AppError::NotFound),
    };
    let (key, status) = match changed {
        Ok(()) => return Ok(see_other(&format!("/ansatt/konsultasjoner/{id}?ok={ok}"))),
        Err(ConsultError::NoQuestions) => ("consultation.error.no_questions", StatusCode::UNPROCESSABLE_ENTITY),
        Err(ConsultError::AlreadyOver) => ("consultation.error.already_over", StatusCode::UNPROCESSABLE_ENTITY),
        Err(ConsultError::WrongPhase) => ("consultation.error.wrong_phase", StatusCode::CONFLICT),
        Err(error) => return Err(error.into()),
    };
    let editor = EditorState { notice: Some((key, true)), ..Default::default() };
    render_editor(&state, locale, &staff, id, editor, status).await
}

async fn save_question(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    consultation: &Consultation,
    question_id: Option<i64>,
    pairs: &Pairs,
) -> Result<Response, AppError> {
    let id = consultation.id;
    let locked = || Ok(see_other(&format!("/ansatt/konsultasjoner/{id}?ok=last")));
    // Locked questions are not worth correcting: say so before any field error.
    if consultation.questions_locked() {
        return locked();
    }
    let form = question_form(pairs, question_id);
    let errors = match QuestionDraft::parse(&form.kind, &form.prompt, form.required, &form.options) {
        Ok(draft) => match consult::save_question(state.store.as_ref(), staff, consultation, question_id, &draft, chrono::Utc::now()).await {
            Ok(()) => return Ok(see_other(&format!("/ansatt/konsultasjoner/{id}?ok=lagret"))),
            Err(ConsultError::Locked) => return locked(),
            Err(ConsultError::TooManyQuestions) => vec![("prompt".to_string(), "consultation.error.too_many_questions")],
            Err(error) => return Err(error.into()),
        },
        Err(errors) => errors,
    };
    let errors = FormErrors(errors.into_iter().map(|(field, key)| (question_field(&field, question_id), key)).collect());
    let editor = EditorState { question: Some((question_id, form, errors)), ..Default::default() };
    render_editor(state, locale, staff, id, editor, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Saves an existing question.
pub async fn question(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path((id, question_id)): Path<(i64, i64)>,
    AppForm(pairs): AppForm<Pairs>,
) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    if !consultation.questions.iter().any(|q| q.id == question_id) {
        return Err(AppError::NotFound);
    }
    save_question(&state, locale, &staff, &consultation, Some(question_id), &pairs).await
}

/// Moves a question up or down, or deletes it.
pub async fn question_action(
    State(state): State<AppState>,
    SignedInStaff(staff): SignedInStaff,
    Path((id, question_id, action)): Path<(i64, i64, String)>,
) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    let change = match action.as_str() {
        "opp" => QuestionChange::Up,
        "ned" => QuestionChange::Down,
        "slett" => QuestionChange::Delete,
        _ => return Err(AppError::NotFound),
    };
    let ok = match consult::change_question(state.store.as_ref(), &staff, &consultation, question_id, change, chrono::Utc::now()).await {
        Ok(()) => "lagret",
        Err(ConsultError::Locked) => "last",
        Err(error) => return Err(error.into()),
    };
    Ok(see_other(&format!("/ansatt/konsultasjoner/{id}?ok={ok}")))
}

/// The answer form exactly as residents will see it, without a send button.
pub async fn preview(State(state): State<AppState>, Extension(locale): Extension<Locale>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    let form = AnswerState { values: Vec::new(), errors: FormErrors::default(), stale: false, notice: Some(AnswerNotice::Preview) };
    render_answer_page(&state, locale, &consultation, form, false, StatusCode::OK, format!("/ansatt/konsultasjoner/{id}/forhandsvisning")).await
}

pub async fn results(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    uri: Uri,
) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let counted = state.store.consultation_counts(id, TEXTS_SHOWN).await?;
    let results = tally(&consultation.questions, consultation.responses, &counted);
    let data = StaffResultsData {
        nav: nav(&staff, &catalog, locale, "consultations"),
        id,
        title: consultation.title.clone(),
        phase_key: consultation.phase(chrono::Utc::now()).key(),
        results: results_view(&consultation, &results, true, locale),
        results_published: consultation.results_published_at.is_some(),
    };
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "consultation.results.heading", move || view! { <StaffResultsPage data=data.clone()/> }).await)
}

/// Every answer set as CSV (UTF-8 with BOM so spreadsheets read æøå);
/// audited. Streamed page by page: thousands of answer sets never sit in
/// memory at once, and the download starts at once.
pub async fn results_csv(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let consultation = state.store.consultation(id).await?.ok_or(AppError::NotFound)?;
    let pages = consult::export(state.store.clone(), &staff, &consultation, chrono::Utc::now()).await?;
    let i18n = I18n::new(locale);
    let header = format!("\u{feff}{}", csv_header(&consultation.questions, [i18n.t("consultation.csv.number"), i18n.t("consultation.csv.time")]));
    // The questions travel with the pages through the stream, not copied per page.
    let rows = futures_util::stream::unfold((pages, consultation.questions), |(mut pages, questions)| async move {
        match pages.next().await {
            Ok(Some((first, responses, answers))) => {
                let csv = axum::body::Bytes::from(csv_rows(&questions, first, &responses, &answers));
                Some((Ok(csv), (pages, questions)))
            }
            Ok(None) => None,
            // Headers are gone: cutting the body off is how the download fails visibly.
            Err(error) => {
                tracing::error!(%error, "the CSV export stopped");
                Some((Err(std::io::Error::other("the CSV export stopped")), (pages, questions)))
            }
        }
    });
    let body = futures_util::StreamExt::chain(futures_util::stream::once(std::future::ready(Ok(axum::body::Bytes::from(header)))), rows);
    let mut response = axum::body::Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}.csv\"", consultation.slug)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
