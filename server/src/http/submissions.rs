//! Resident input over plain HTML forms: show the form, validate the post,
//! and either show the form again with every value and the errors (422), or
//! store the item and send the person to its private tracking page (303).
//!
//! A double click, a refresh or back-and-resubmit carries the same hidden
//! idempotency key: the store returns the first item, and the tracking token,
//! derived from that key, leads to the same page.

use super::catalog::Catalog;
use super::Query;
use super::{render_page, AppError, AppState, RequestInfo};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::{
    ConcernForm, ConcernPage, ConcernPageData, IdeaForm, IdeaPage, IdeaPageData, JourneyForm, JourneyPage, JourneyPageData, TimelineEntry, TrackedJourney,
    TrackedStep, TrackingData, TrackingPage, DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS,
};
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use domain::personal_data;
use domain::submission::{
    BoundedText, Channel, ConcernKind, Contact, Feeling, FieldError, IdempotencyKey, InputKind, JourneyGoal, JourneyResult, NewJourneyStep, NewSubmission,
    OnBehalf, Receipt, SubmissionDetail, SubmitterKind, TextLimits, TrackingToken,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Validation errors as the form shows them.
fn form_errors(errors: Vec<FieldError>) -> FormErrors {
    FormErrors(errors.into_iter().map(|e| (e.field.to_string(), e.key)).collect())
}

fn request_info(locale: Locale, uri: &axum::http::Uri) -> RequestInfo {
    RequestInfo { locale, uri: uri.clone(), request_id: None }
}

/// Teams, themes and areas (cached; see `catalog`).
async fn catalog(state: &AppState) -> Result<Arc<Catalog>, AppError> {
    Ok(state.catalog.get(state.store.as_ref()).await?)
}

/// Active themes and areas as choices in the reader's language, for showing
/// a form or a filter only. The triage theme ("don't know") is the empty first option.
pub(super) fn theme_and_area_choices(catalog: &Catalog, locale: Locale) -> (Vec<Choice>, Vec<Choice>) {
    let themes = catalog.themes.iter().filter(|t| t.active && !t.is_triage).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect();
    let areas = catalog.areas.iter().filter(|a| a.active).map(|a| Choice::new(a.slug.as_str(), a.names.get(locale.code()))).collect();
    (themes, areas)
}

async fn render_idea_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: IdeaPageData) -> Result<Response, AppError> {
    (data.themes, data.areas) = theme_and_area_choices(&*catalog(state).await?, info.locale);
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
    match parse_idea(&form, &*catalog(&state).await?) {
        Ok(submission) => store_and_show_receipt(&state, locale, key, submission).await,
        Err(errors) => {
            let data = IdeaPageData { form, errors: form_errors(errors), ..Default::default() };
            render_idea_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await
        }
    }
}

/// The validated parts of any form, before the server adds keys and flags.
struct Submission {
    kind: InputKind,
    detail: SubmissionDetail,
    common: Common,
    title: Option<BoundedText>,
    body: Option<BoundedText>,
    address: Option<BoundedText>,
    organisation: Option<BoundedText>,
}

/// Stores the submission (or finds the one with the same key) and sends
/// the person to its tracking page, which shows the receipt.
async fn store_and_show_receipt(state: &AppState, locale: Locale, key: IdempotencyKey, s: Submission) -> Result<Response, AppError> {
    let token = TrackingToken::derive(state.tracking_secret.as_bytes(), &key);
    let step_texts: Vec<&BoundedText> = match &s.detail {
        SubmissionDetail::Journey { steps, what_would_have_helped, .. } => {
            steps.iter().map(|step| &step.what_happened).chain(what_would_have_helped.as_ref()).collect()
        }
        _ => Vec::new(),
    };
    let free_text = [s.title.as_ref(), s.body.as_ref(), s.address.as_ref(), s.organisation.as_ref()]
        .into_iter()
        .flatten()
        .chain(step_texts)
        .map(BoundedText::as_str)
        .collect::<Vec<_>>()
        .join("\n");
    let flags = personal_data::kinds(&free_text);
    let catalog = catalog(state).await?;
    let received_at = chrono::Utc::now();
    let (routing, due_at) = route_submission(&catalog, &s, &free_text, received_at);
    let receipt = match &s.common.contact {
        Contact::Reachable { email: Some(email), .. } => Some(Receipt { recipient: email.clone(), locale: locale.code().to_string() }),
        _ => None,
    };
    let submission = NewSubmission {
        receipt,
        kind: s.kind,
        detail: s.detail,
        address: s.address,
        theme_id: s.common.theme_id,
        area_id: s.common.area_id,
        submitter_kind: s.common.submitter,
        organisation_name: s.organisation,
        locale: locale.code().to_string(),
        title: s.title,
        body: s.body,
        personal_data_flags: flags.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(","),
        contact: s.common.contact,
        idempotency_key: key,
        tracking_token_hash: token.hash(),
        reference_prefix: state.settings.reference_prefix.clone(),
        received_at,
        routing,
        due_at,
        search_text: free_text,
    };
    let created = state.store.create_submission(&submission).await?;
    if created.created && submission.receipt.is_some() {
        state.mail_wakeup.notify_one();
    }
    tracing::info!(submission_id = created.id, kind = submission.kind.as_str(), created = created.created, "input received");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let location = format!("/sak/{}?ny=1", token.as_str());
    response.headers_mut().insert(header::LOCATION, HeaderValue::from_str(&location).map_err(|e| AppError::Internal(e.to_string()))?);
    Ok(response)
}

/// Which teams own the new item (see `domain::routing`) and when its first
/// reply is due: the theme's response target, or the triage theme's when the
/// resident did not know the theme.
fn route_submission(
    catalog: &Catalog,
    s: &Submission,
    text: &str,
    received_at: chrono::DateTime<chrono::Utc>,
) -> (domain::routing::Routed, chrono::DateTime<chrono::Utc>) {
    use domain::routing::{route, RoutingInput, StepInput};
    let theme = s.common.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id));
    let steps: Vec<StepInput> = match &s.detail {
        SubmissionDetail::Journey { steps, .. } => steps
            .iter()
            .enumerate()
            .map(|(i, step)| StepInput { position: i as i64 + 1, team_id: step.team_id, feeling: step.feeling.score(), went_wrong: step.went_wrong })
            .collect(),
        _ => Vec::new(),
    };
    let input = RoutingInput {
        kind: s.kind,
        theme_id: theme.map(|t| t.id),
        theme_unknown: theme.is_none_or(|t| t.is_triage),
        area_id: s.common.area_id,
        submitter: s.common.submitter,
        text,
        steps: &steps,
        journey_owner: catalog.teams.iter().find(|t| t.active && t.owns_journeys).map(|t| t.id),
    };
    let target_days = theme.or_else(|| catalog.themes.iter().find(|t| t.is_triage)).map(|t| t.response_target_days).unwrap_or(DEFAULT_RESPONSE_TARGET_DAYS);
    (route(&input, &catalog.rules), received_at + chrono::Duration::days(target_days))
}

/// Response target when no theme says otherwise.
const DEFAULT_RESPONSE_TARGET_DAYS: i64 = 14;

/// The answers every form shares: theme, area, who you are, contact.
struct Common {
    theme_id: Option<i64>,
    area_id: Option<i64>,
    submitter: SubmitterKind,
    contact: Contact,
}

/// The raw values of the shared answers.
struct CommonFields<'a> {
    theme: &'a str,
    area: &'a str,
    submitter: &'a str,
    contact: &'a str,
    email: &'a str,
    phone: &'a str,
    consent: &'a str,
}

fn parse_common(fields: CommonFields<'_>, catalog: &Catalog, errors: &mut Vec<FieldError>) -> Option<Common> {
    let (themes, areas) = (&catalog.themes, &catalog.areas);
    let mut pick = |field: &'static str, slug: &str, found: Option<i64>| -> Option<i64> {
        if !slug.is_empty() && found.is_none() {
            errors.push(FieldError::new(field, "validation.choose_from_list"));
        }
        found
    };
    let theme_id = pick("theme", fields.theme, themes.iter().find(|t| t.active && t.slug.as_str() == fields.theme).map(|t| t.id));
    let area_id = pick("area", fields.area, areas.iter().find(|a| a.active && a.slug.as_str() == fields.area).map(|a| a.id));
    let submitter = match fields.submitter {
        "" => {
            errors.push(FieldError::new("submitter", "validation.choose_one"));
            None
        }
        value => SubmitterKind::parse(value).or_else(|| {
            errors.push(FieldError::new("submitter", "validation.choose_from_list"));
            None
        }),
    };
    let wants_contact = match fields.contact {
        "" | "anonymous" => Some(false),
        "contact" => Some(true),
        _ => {
            errors.push(FieldError::new("contact", "validation.choose_from_list"));
            None
        }
    };
    let contact = wants_contact.and_then(|wants| Contact::parse(wants, fields.email, fields.phone, fields.consent == "yes").map_err(|e| errors.extend(e)).ok());
    Some(Common { theme_id, area_id, submitter: submitter?, contact: contact? })
}

/// One of a vocabulary's values (`parse` is its parser).
fn one_of<T>(field: &'static str, value: &str, parse: impl Fn(&str) -> Option<T>, errors: &mut Vec<FieldError>) -> Option<T> {
    if value.is_empty() {
        errors.push(FieldError::new(field, "validation.choose_one"));
        return None;
    }
    let found = parse(value);
    if found.is_none() {
        errors.push(FieldError::new(field, "validation.choose_from_list"));
    }
    found
}

fn yes_or_no(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn text(field: &'static str, value: &str, required: bool, max_chars: usize, errors: &mut Vec<FieldError>) -> Option<BoundedText> {
    BoundedText::parse(field, value, TextLimits { required, max_chars }).map_err(|e| errors.push(e)).ok().flatten()
}

/// Checks every field and collects every error, so the person sees them all at once.
fn parse_idea(form: &IdeaForm, catalog: &Catalog) -> Result<Submission, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = text("title", &form.title, true, TITLE_MAX_CHARS, &mut errors);
    let description = text("description", &form.description, true, DESCRIPTION_MAX_CHARS, &mut errors);
    let fields = CommonFields {
        theme: &form.theme,
        area: &form.area,
        submitter: &form.submitter,
        contact: &form.contact,
        email: &form.email,
        phone: &form.phone,
        consent: &form.consent,
    };
    let common = parse_common(fields, catalog, &mut errors);
    match (title, description, common) {
        (Some(title), Some(description), Some(common)) if errors.is_empty() => Ok(Submission {
            kind: InputKind::Idea,
            detail: SubmissionDetail::Idea,
            common,
            title: Some(title),
            body: Some(description),
            address: None,
            organisation: None,
        }),
        _ => Err(errors),
    }
}

async fn render_concern_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: ConcernPageData) -> Result<Response, AppError> {
    (data.themes, data.areas) = theme_and_area_choices(&*catalog(state).await?, info.locale);
    Ok(render_page(state, info, status, "concern.heading", move || view! { <ConcernPage data=data.clone()/> }).await)
}

pub async fn concern_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, request: Request) -> Result<Response, AppError> {
    let form = ConcernForm { idempotency_key: IdempotencyKey::generate().as_str().to_string(), ..ConcernForm::default() };
    render_concern_form(&state, &request_info(locale, request.uri()), StatusCode::OK, ConcernPageData { form, ..Default::default() }).await
}

pub async fn submit_concern(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    uri: axum::http::Uri,
    form: Result<Form<ConcernForm>, FormRejection>,
) -> Result<Response, AppError> {
    let info = request_info(locale, &uri);
    let Form(mut form) = form.map_err(|_| AppError::BadRequest("concern form unreadable"))?;
    let Some(key) = IdempotencyKey::parse(&form.idempotency_key) else {
        form.idempotency_key = IdempotencyKey::generate().as_str().to_string();
        let data = ConcernPageData { form, stale: true, ..Default::default() };
        return render_concern_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
    };
    match parse_concern(&form, &*catalog(&state).await?) {
        Ok(submission) => store_and_show_receipt(&state, locale, key, submission).await,
        Err(errors) => {
            let errors = form_errors(errors);
            let data = ConcernPageData { form, errors, ..Default::default() };
            render_concern_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await
        }
    }
}

fn parse_concern(form: &ConcernForm, catalog: &Catalog) -> Result<Submission, Vec<FieldError>> {
    let mut errors = Vec::new();
    let concern_kind = one_of("concern_kind", &form.concern_kind, ConcernKind::parse, &mut errors);
    let address = text("address", &form.address, false, 200, &mut errors);
    let occurred = text("occurred", &form.occurred, false, 200, &mut errors);
    let ongoing = one_of("ongoing", &form.ongoing, yes_or_no, &mut errors);
    let description = text("description", &form.description, true, DESCRIPTION_MAX_CHARS, &mut errors);
    let on_behalf = one_of("on_behalf", &form.on_behalf, OnBehalf::parse, &mut errors);
    let organisation = text("organisation", &form.organisation, false, 120, &mut errors);
    if matches!(on_behalf, Some(OnBehalf::Cooperative | OnBehalf::Volunteer)) && organisation.is_none() && !errors.iter().any(|e| e.field == "organisation") {
        errors.push(FieldError::new("organisation", "validation.organisation_required"));
    }
    let fields = CommonFields {
        theme: &form.theme,
        area: &form.area,
        submitter: &form.submitter,
        contact: &form.contact,
        email: &form.email,
        phone: &form.phone,
        consent: &form.consent,
    };
    let common = parse_common(fields, catalog, &mut errors);
    match (concern_kind, ongoing, description, on_behalf, common) {
        (Some(concern_kind), Some(ongoing), Some(body), Some(on_behalf), Some(common)) if errors.is_empty() => Ok(Submission {
            kind: InputKind::Concern,
            detail: SubmissionDetail::Concern { concern_kind, occurred, ongoing, on_behalf },
            common,
            title: None,
            body: Some(body),
            address,
            organisation: if on_behalf == OnBehalf::OwnBehalf { None } else { organisation },
        }),
        _ => Err(errors),
    }
}

/// Teams a journey step can name, plus "another service" and "don't know".
fn team_choices(catalog: &Catalog, locale: Locale) -> Vec<Choice> {
    let i18n = I18n::new(locale);
    let mut choices: Vec<Choice> = catalog.teams.iter().filter(|t| t.active).map(|t| Choice::new(t.slug.as_str(), t.names.get(locale.code()))).collect();
    choices.push(Choice::new("other", i18n.t("journey.step.team_other")));
    choices.push(Choice::new("unknown", i18n.t("journey.step.team_unknown")));
    choices
}

async fn render_journey_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: JourneyPageData) -> Result<Response, AppError> {
    let catalog = catalog(state).await?;
    (data.themes, _) = theme_and_area_choices(&catalog, info.locale);
    data.teams = team_choices(&catalog, info.locale);
    Ok(render_page(state, info, status, "journey.heading", move || view! { <JourneyPage data=data.clone()/> }).await)
}

pub async fn journey_form(State(state): State<AppState>, Extension(locale): Extension<Locale>, request: Request) -> Result<Response, AppError> {
    let form = JourneyForm::from_pairs(&[("idempotency_key".into(), IdempotencyKey::generate().as_str().to_string())]);
    render_journey_form(&state, &request_info(locale, request.uri()), StatusCode::OK, JourneyPageData { form, ..Default::default() }).await
}

/// The journey form posts repeated, numbered step fields, which serde's
/// form decoding cannot map; the pairs are read directly.
pub async fn submit_journey(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    uri: axum::http::Uri,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let info = request_info(locale, &uri);
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let mut form = JourneyForm::from_pairs(&pairs);
    // An editing button: change the steps and show the form again, nothing stored.
    if let Some(focus) = form.apply_edit() {
        if IdempotencyKey::parse(&form.idempotency_key).is_none() {
            form.idempotency_key = IdempotencyKey::generate().as_str().to_string();
        }
        let data = JourneyPageData { form, focus_step: Some(focus), ..Default::default() };
        return render_journey_form(&state, &info, StatusCode::OK, data).await;
    }
    let Some(key) = IdempotencyKey::parse(&form.idempotency_key) else {
        form.idempotency_key = IdempotencyKey::generate().as_str().to_string();
        let data = JourneyPageData { form, stale: true, ..Default::default() };
        return render_journey_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
    };
    match parse_journey(&form, &*catalog(&state).await?) {
        Ok(submission) => store_and_show_receipt(&state, locale, key, submission).await,
        Err(errors) => {
            let errors = form_errors(errors);
            let data = JourneyPageData { form, errors, ..Default::default() };
            render_journey_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await
        }
    }
}

/// Field names of step fields, leaked once per (step, field): at most 20 × 4
/// distinct names, so the leak is bounded; `FieldError` wants `&'static str`.
fn step_field(number: usize, field: &str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let name = format!("step-{number}-{field}");
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    names.entry(name.clone()).or_insert_with(|| Box::leak(name.into_boxed_str()))
}

fn parse_journey(form: &JourneyForm, catalog: &Catalog) -> Result<Submission, Vec<FieldError>> {
    let mut errors = Vec::new();
    let goal = one_of("goal", &form.goal, JourneyGoal::parse, &mut errors);
    let mut steps = Vec::new();
    for (index, step) in form.steps.iter().enumerate() {
        let number = index + 1;
        let team = match step.team.as_str() {
            "" => {
                errors.push(FieldError::new(step_field(number, "team"), "validation.choose_one"));
                None
            }
            "other" => Some((None, "other")),
            "unknown" => Some((None, "unknown")),
            slug => match catalog.teams.iter().find(|t| t.active && t.slug.as_str() == slug) {
                Some(team) => Some((Some(team.id), "team")),
                None => {
                    errors.push(FieldError::new(step_field(number, "team"), "validation.choose_from_list"));
                    None
                }
            },
        };
        let channel = one_of(step_field(number, "channel"), &step.channel, Channel::parse, &mut errors);
        let what = text(step_field(number, "what"), &step.what, true, 2000, &mut errors);
        let feeling = one_of(step_field(number, "feeling"), &step.feeling, Feeling::parse, &mut errors);
        if let (Some((team_id, team_choice)), Some(channel), Some(what_happened), Some(feeling)) = (team, channel, what, feeling) {
            steps.push(NewJourneyStep { team_id, team_choice, channel, what_happened, feeling, went_wrong: step.went_wrong == "yes" });
        }
    }
    let result = one_of("result", &form.result, JourneyResult::parse, &mut errors);
    let helped = text("what_would_have_helped", &form.what_would_have_helped, false, DESCRIPTION_MAX_CHARS, &mut errors);
    let fields = CommonFields {
        theme: &form.theme,
        area: "",
        submitter: &form.submitter,
        contact: &form.contact,
        email: &form.email,
        phone: &form.phone,
        consent: &form.consent,
    };
    let common = parse_common(fields, catalog, &mut errors);
    match (goal, result, common) {
        (Some(goal), Some(result), Some(common)) if errors.is_empty() => Ok(Submission {
            kind: InputKind::Journey,
            body: helped.clone(),
            detail: SubmissionDetail::Journey { goal, result, what_would_have_helped: helped, steps },
            common,
            title: None,
            address: None,
            organisation: None,
        }),
        _ => Err(errors),
    }
}

#[derive(serde::Deserialize)]
pub struct TrackingQuery {
    ny: Option<String>,
    gjenapnet: Option<String>,
}

/// The submission behind a tracking link; a malformed or unknown token is a plain 404.
async fn tracked(state: &AppState, token: &str) -> Result<(TrackingToken, domain::workspace::ItemDetail), AppError> {
    // Tokens are 43 base64url characters; anything else cannot match.
    if token.len() != 43 || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(AppError::NotFound);
    }
    let token = TrackingToken::from_link(token);
    let summary = state.store.submission_by_token_hash(&token.hash()).await?.ok_or(AppError::NotFound)?;
    let item = state.store.item(summary.id).await?.ok_or(AppError::NotFound)?;
    Ok((token, item))
}

/// The resident's private page. A wrong token is an ordinary, friendly 404.
pub async fn tracking(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(query): Query<TrackingQuery>,
) -> Result<Response, AppError> {
    let (token, item) = tracked(&state, &token).await?;
    let page = TrackingState { just_sent: query.ny.is_some(), reopened: query.gjenapnet.is_some(), ..Default::default() };
    tracking_page(&state, locale, &token, item, page, StatusCode::OK).await
}

/// What the resident just did on the tracking page.
#[derive(Default)]
struct TrackingState {
    just_sent: bool,
    reopened: bool,
    comment: String,
    error: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ReopenForm {
    comment: String,
}

/// Longest comment when reopening, in characters.
const REOPEN_MAX_CHARS: usize = 2000;

/// The resident reopens a closed item, once, saying why.
pub async fn reopen(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    form: Result<Form<ReopenForm>, FormRejection>,
) -> Result<Response, AppError> {
    let Form(form) = form.map_err(|_| AppError::BadRequest("reopen form unreadable"))?;
    let (token, item) = tracked(&state, &token).await?;
    let comment = match BoundedText::parse("comment", &form.comment, TextLimits { required: true, max_chars: REOPEN_MAX_CHARS }) {
        Ok(Some(comment)) => comment,
        Ok(None) | Err(_) => {
            let error = BoundedText::parse("comment", &form.comment, TextLimits { required: true, max_chars: REOPEN_MAX_CHARS })
                .err()
                .map(|e| e.key)
                .unwrap_or("validation.required");
            let page = TrackingState { comment: form.comment, error: Some(error), ..Default::default() };
            return tracking_page(&state, locale, &token, item, page, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    if !state.store.reopen(item.id, &comment, chrono::Utc::now()).await? {
        let page = TrackingState { comment: form.comment, error: Some("tracking.reopen.not_allowed"), ..Default::default() };
        return tracking_page(&state, locale, &token, item, page, StatusCode::CONFLICT).await;
    }
    tracing::info!(submission_id = item.id, "reopened by resident");
    Ok(super::staff::session::see_other(&format!("/sak/{}?gjenapnet=1", token.as_str())))
}

async fn tracking_page(
    state: &AppState,
    locale: Locale,
    token: &TrackingToken,
    item: domain::workspace::ItemDetail,
    page: TrackingState,
    status: StatusCode,
) -> Result<Response, AppError> {
    use super::staff::format_datetime;
    use domain::workspace::{Outcome, Status};
    let i18n = I18n::new(locale);
    let catalog = catalog(state).await?;
    let (themes, areas) = (&catalog.themes, &catalog.areas);
    let team =
        |id: Option<i64>| id.and_then(|id| catalog.teams.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_default();
    let mut timeline = vec![TimelineEntry { when: format_datetime(&i18n, item.created_at), text: i18n.t("tracking.event.received").to_string(), body: None }];
    for event in state.store.public_events(item.id).await? {
        let text = match (event.kind.as_str(), event.status.as_deref()) {
            ("status", Some(s)) => i18n.t_with("tracking.event.status", &[("status", i18n.t(Status::parse(s).map(Status::key).unwrap_or("status.new")))]),
            ("public_reply", _) => i18n.t_with("tracking.event.reply", &[("municipality", &state.settings.municipality_name)]),
            ("referred", Some("added")) => i18n.t_with("tracking.event.added", &[("team", &team(event.team_id))]),
            ("referred", _) => i18n.t_with("tracking.event.referred", &[("team", &team(event.team_id))]),
            ("closed", Some(o)) => {
                i18n.t_with("tracking.event.closed", &[("outcome", i18n.t(Outcome::parse(o).map(Outcome::key).unwrap_or("outcome.resolved")))])
            }
            ("reopened", _) => i18n.t("tracking.event.reopened").to_string(),
            ("moderated", Some("approved")) => i18n.t("tracking.event.published").to_string(),
            ("moderated", Some(rejected)) => {
                let reason = rejected.strip_prefix("rejected:").unwrap_or("other");
                i18n.t_with("tracking.event.not_published", &[("reason", i18n.t(super::staff::moderation::reject_key(reason)))])
            }
            _ => continue,
        };
        timeline.push(TimelineEntry { when: format_datetime(&i18n, event.at), text, body: event.body });
    }
    let journey = item.journey.as_ref().map(|j| TrackedJourney {
        goal_key: JourneyGoal::parse(&j.goal).unwrap_or(JourneyGoal::Other).key(),
        result_key: JourneyResult::parse(&j.result).unwrap_or(JourneyResult::Other).key(),
        what_would_have_helped: j.what_would_have_helped.clone(),
        steps: j
            .steps
            .iter()
            .map(|s| TrackedStep {
                position: s.position,
                team: match s.team_choice.as_str() {
                    "other" => i18n.t("journey.step.team_other").to_string(),
                    "unknown" => i18n.t("journey.step.team_unknown").to_string(),
                    _ => team(s.team_id),
                },
                channel_key: Channel::parse(&s.channel).unwrap_or(Channel::InPerson).key(),
                what_happened: s.what_happened.clone(),
                feeling_key: Feeling::from_score(s.feeling).unwrap_or(Feeling::Fine).key(),
                went_wrong: s.went_wrong,
            })
            .collect(),
    });
    let public = state.settings.public_url.as_str().trim_end_matches('/');
    let closed = item.status == Status::Closed;
    let data = TrackingData {
        reference: item.reference.clone(),
        kind_key: item.kind.key(),
        status_key: item.status.key(),
        timeline,
        outcome_key: item.outcome.map(Outcome::key),
        outcome_detail: item.outcome_detail.clone(),
        title: item.title.clone(),
        // A journey's text is shown step by step below.
        body: if item.kind == InputKind::Journey { String::new() } else { item.body.clone() },
        theme: item.theme_id.and_then(|id| themes.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()),
        area: item.area_id.and_then(|id| areas.iter().find(|a| a.id == id)).map(|a| a.names.get(locale.code()).to_string()),
        address: item.address.clone(),
        concern_kind_key: item.concern.as_ref().map(|c| ConcernKind::parse(&c.kind).unwrap_or(ConcernKind::Other).key()),
        journey,
        submitter_key: SubmitterKind::parse(&item.submitter_kind).unwrap_or(SubmitterKind::Other).key(),
        link: format!("{public}/sak/{}", token.as_str()),
        action: format!("/sak/{}/gjenapne", token.as_str()),
        just_sent: page.just_sent,
        reopened: page.reopened,
        can_reopen: closed && item.reopened_count == 0,
        reopen_comment: page.comment,
        reopen_error: page.error,
        next_key: (!closed).then_some(if item.kind == InputKind::Idea { "tracking.next.idea" } else { "tracking.next.other" }),
    };
    let info = RequestInfo { locale, uri: format!("/sak/{}", token.as_str()).parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "tracking.title", move || view! { <TrackingPage data=data.clone()/> }).await)
}
