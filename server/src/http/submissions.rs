//! Resident input over plain HTML forms: show the form, validate the post,
//! and either show the form again with every value and the errors (422), or
//! store the item and send the person to its private tracking page (303).
//!
//! A double click, a refresh or back-and-resubmit carries the same hidden
//! idempotency key: the store returns the first item, and the tracking token,
//! derived from that key, leads to the same page.

use super::labels::theme_and_area_choices;
use super::limits::Sender;
use super::Query;
use super::{render_cached, render_page, AppError, AppState, RequestInfo, FORM_KEY_HOLE};
use crate::catalog::Catalog;
use crate::http::extract::AppForm;
use crate::store::StoreError;
use crate::usecase::submit::{submit, FormKey, Intake, ReceiptMail, Sender as SubmitSender, SubmitError, SENDER_WINDOW};
use crate::usecase::track;
use app::forms::{Choice, FormErrors, FormNotice, Named};
use app::i18n::{I18n, Locale};
use app::pages::{
    ConcernForm, ConcernPage, ConcernPageData, HelpRequest, IdeaForm, IdeaPage, IdeaPageData, JourneyForm, JourneyPage, JourneyPageData, TimelineEntry,
    TrackedJourney, TrackedStep, TrackingData, TrackingPage,
};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use domain::intake::{self, CommonFields, ConcernFields, Draft, IdeaFields, JourneyFields, StepFields};
use domain::submission::{
    BoundedText, Channel, ConcernKind, Feeling, FieldError, HeldReason, IdempotencyKey, InputKind, JourneyGoal, JourneyResult, SubmitterKind, TextLimits,
    TrackingToken,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Validation errors as the form shows them.
fn form_errors(errors: Vec<FieldError>) -> FormErrors {
    FormErrors(errors.into_iter().map(|e| (e.field.to_string(), e.key)).collect())
}

/// Teams, themes and areas (cached; see `catalog`).
async fn catalog(state: &AppState) -> Result<Arc<Catalog>, AppError> {
    Ok(state.catalog.get(state.store.as_ref()).await?)
}

/// The shared answers of a form (each form names them alike), as the domain reads them.
macro_rules! common_fields {
    ($form:expr) => {
        CommonFields {
            theme: &$form.theme,
            area: &$form.area,
            submitter: &$form.submitter,
            contact: &$form.contact,
            email: &$form.email,
            phone: &$form.phone,
            consent: &$form.consent,
            needs_help: &$form.needs_help,
        }
    };
}

/// Why a checked post was not stored: the form comes back with this
/// notice, everything typed, and `status` (with `Retry-After` when set).
struct Again {
    notice: FormNotice,
    status: StatusCode,
    retry_after_secs: Option<u64>,
}

impl Again {
    fn stale() -> Again {
        Again { notice: FormNotice::Stale, status: StatusCode::UNPROCESSABLE_ENTITY, retry_after_secs: None }
    }

    fn busy(wait: std::time::Duration) -> Again {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        Again { notice: FormNotice::Busy { minutes: minutes as i64 }, status: StatusCode::TOO_MANY_REQUESTS, retry_after_secs: Some(wait.as_secs().max(1)) }
    }

    /// Sets the status and `Retry-After` on the form page rendered for it.
    fn on(&self, mut page: Response) -> Response {
        *page.status_mut() = self.status;
        if let Some(secs) = self.retry_after_secs {
            super::limits::retry_after(&mut page, std::time::Duration::from_secs(secs));
        }
        page
    }
}

/// The signs of a script: the field people never see filled in, sent
/// sooner than a person fills a form in, or part of a burst beyond what a
/// town sends. Such a post is held for a moderator, never dropped.
fn screen(state: &AppState, key: &IdempotencyKey, trap: &str) -> Option<HeldReason> {
    let shown_for = chrono::Utc::now() - key.issued_at();
    let min_fill = chrono::Duration::from_std(state.settings.submission_limits.min_fill).unwrap_or_default();
    if !trap.trim().is_empty() {
        Some(HeldReason::Honeypot)
    } else if shown_for < min_fill {
        Some(HeldReason::TooFast)
    } else if state.flood.count(std::time::Instant::now()) {
        Some(HeldReason::Flood)
    } else {
        None
    }
}

/// Sends the checked input (see `usecase::submit`) and the person to its
/// tracking page, which shows the receipt; or says why the form comes back.
async fn send_and_show_receipt(
    state: &AppState,
    catalog: &Catalog,
    locale: Locale,
    sender: &Sender,
    form_key: &str,
    trap: &str,
    draft: Draft,
) -> Result<Response, Again> {
    let Some((key, signer)) = state.keys.verify_form_key(form_key) else { return Err(Again::stale()) };
    // In-process first: a flood from one sender never reaches the database.
    let client = sender.key("submit");
    state.submission_buckets.take(&client, std::time::Instant::now()).map_err(Again::busy)?;
    let held = screen(state, &key, trap);
    let intake = Intake {
        store: state.store.as_ref(),
        catalog,
        reference_prefix: &state.settings.reference_prefix,
        mail_wakeup: &state.mail_wakeup,
        limits: &state.settings.submission_limits,
        count_in_database: state.store.backend() == "postgres",
        secret: state.tracking_secret.as_bytes(),
        help_intake_team: crate::usecase::submit::help_intake_team(catalog, &state.settings.help_intake_team),
    };
    let submitted = match submit(&intake, draft, locale.code(), FormKey { key: &key, signer }, SubmitSender { client: &client, held }).await {
        Ok(submitted) => submitted,
        Err(SubmitError::Limited) => return Err(Again::busy(SENDER_WINDOW.to_std().unwrap_or_default())),
        Err(SubmitError::Store(StoreError::Unavailable(_))) => {
            return Err(Again { notice: FormNotice::Unavailable, status: StatusCode::SERVICE_UNAVAILABLE, retry_after_secs: Some(5) })
        }
        Err(SubmitError::Store(error)) => {
            // Not the person's fault and not passing: the error page, with a code to quote.
            return Ok(AppError::Store(error).into_response());
        }
    };
    let withheld = if submitted.receipt == ReceiptMail::Withheld { "&kvittering=nei" } else { "" };
    Ok(super::redirect::see_other(&format!("/sak/{}?ny=1{withheld}", submitted.tracking_token.as_str())))
}

/// A language button of the page's switcher sent the form (`switch_lang`):
/// the request as it would be in that language, if it is offered, else in
/// its own. Nothing is stored; the form comes back as typed.
fn in_switched_language(state: &AppState, info: &RequestInfo, asked: &str) -> (RequestInfo, Option<Locale>) {
    let locale = Locale::from_code(asked).filter(|l| state.settings.languages.contains(l));
    (RequestInfo { locale: locale.unwrap_or(info.locale), uri: info.uri.clone(), request_id: info.request_id.clone() }, locale)
}

/// The form shown again in the language asked for, and that language remembered.
fn switched(state: &AppState, locale: Option<Locale>, response: Response) -> Response {
    match locale {
        Some(locale) => super::remember_language(state, locale, response),
        None => response,
    }
}

async fn render_idea_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: IdeaPageData) -> Result<Response, AppError> {
    (data.themes, data.areas) = theme_and_area_choices(&*catalog(state).await?, info.locale);
    Ok(render_page(state, info, status, "idea.heading", move || view! { <IdeaPage data=data.clone()/> }).await)
}

/// A new form key for a form about to be shown.
fn fresh_key(state: &AppState) -> String {
    state.keys.issue_form_key().as_str().to_string()
}

/// The empty form, the same for everyone of one language: from the page cache.
pub async fn idea_form(State(state): State<AppState>, info: RequestInfo) -> Result<Response, AppError> {
    let (catalog, locale) = (catalog(&state).await?, info.locale);
    let from = catalog.clone();
    Ok(render_cached(&state, &info, "idea", &catalog, "idea.heading", move || {
        let form = IdeaForm { idempotency_key: FORM_KEY_HOLE.into(), ..IdeaForm::default() };
        let mut data = IdeaPageData { form, ..Default::default() };
        (data.themes, data.areas) = theme_and_area_choices(&from, locale);
        view! { <IdeaPage data=data/> }
    })
    .await)
}

pub async fn submit_idea(State(state): State<AppState>, info: RequestInfo, sender: Sender, AppForm(mut form): AppForm<IdeaForm>) -> Result<Response, AppError> {
    if !form.switch_lang.is_empty() {
        let (info, locale) = in_switched_language(&state, &info, &std::mem::take(&mut form.switch_lang));
        let data = IdeaPageData { form, ..Default::default() };
        return Ok(switched(&state, locale, render_idea_form(&state, &info, StatusCode::OK, data).await?));
    }
    let catalog = catalog(&state).await?;
    let fields = IdeaFields { title: &form.title, description: &form.description, common: common_fields!(form) };
    let again = match intake::parse_idea(&fields, &catalog) {
        Ok(draft) => match send_and_show_receipt(&state, &catalog, info.locale, &sender, &form.idempotency_key, &form.homepage, draft).await {
            Ok(response) => return Ok(response),
            Err(again) => again,
        },
        Err(errors) => {
            let data = IdeaPageData { form, errors: form_errors(errors), ..Default::default() };
            return render_idea_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
        }
    };
    if again.notice == FormNotice::Stale {
        // Not a form we issued (or an old copy): keep what was typed, issue a key, ask again.
        form.idempotency_key = fresh_key(&state);
    }
    let data = IdeaPageData { form, notice: again.notice, ..Default::default() };
    Ok(again.on(render_idea_form(&state, &info, again.status, data).await?))
}

async fn render_concern_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: ConcernPageData) -> Result<Response, AppError> {
    (data.themes, data.areas) = theme_and_area_choices(&*catalog(state).await?, info.locale);
    Ok(render_page(state, info, status, "concern.heading", move || view! { <ConcernPage data=data.clone()/> }).await)
}

pub async fn concern_form(State(state): State<AppState>, info: RequestInfo) -> Result<Response, AppError> {
    let (catalog, locale) = (catalog(&state).await?, info.locale);
    let from = catalog.clone();
    Ok(render_cached(&state, &info, "concern", &catalog, "concern.heading", move || {
        let form = ConcernForm { idempotency_key: FORM_KEY_HOLE.into(), ..ConcernForm::default() };
        let mut data = ConcernPageData { form, ..Default::default() };
        (data.themes, data.areas) = theme_and_area_choices(&from, locale);
        view! { <ConcernPage data=data/> }
    })
    .await)
}

pub async fn submit_concern(
    State(state): State<AppState>,
    info: RequestInfo,
    sender: Sender,
    AppForm(mut form): AppForm<ConcernForm>,
) -> Result<Response, AppError> {
    if !form.switch_lang.is_empty() {
        let (info, locale) = in_switched_language(&state, &info, &std::mem::take(&mut form.switch_lang));
        let data = ConcernPageData { form, ..Default::default() };
        return Ok(switched(&state, locale, render_concern_form(&state, &info, StatusCode::OK, data).await?));
    }
    let catalog = catalog(&state).await?;
    let fields = ConcernFields {
        concern_kind: &form.concern_kind,
        address: &form.address,
        occurred: &form.occurred,
        ongoing: &form.ongoing,
        description: &form.description,
        on_behalf: &form.on_behalf,
        organisation: &form.organisation,
        common: common_fields!(form),
    };
    let again = match intake::parse_concern(&fields, &catalog) {
        Ok(draft) => match send_and_show_receipt(&state, &catalog, info.locale, &sender, &form.idempotency_key, &form.homepage, draft).await {
            Ok(response) => return Ok(response),
            Err(again) => again,
        },
        Err(errors) => {
            let data = ConcernPageData { form, errors: form_errors(errors), ..Default::default() };
            return render_concern_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
        }
    };
    if again.notice == FormNotice::Stale {
        form.idempotency_key = fresh_key(&state);
    }
    let data = ConcernPageData { form, notice: again.notice, ..Default::default() };
    Ok(again.on(render_concern_form(&state, &info, again.status, data).await?))
}

/// Teams a journey step can name, plus "another service" and "don't know".
fn team_choices(catalog: &Catalog, locale: Locale) -> Vec<Choice> {
    let i18n = I18n::new(locale);
    let mut choices: Vec<Choice> = catalog.teams.iter().filter(|t| t.active).map(|t| Choice::named(t.slug.as_str(), &t.names, locale)).collect();
    choices.push(Choice::new("other", i18n.t("journey.step.team_other")));
    choices.push(Choice::new("unknown", i18n.t("journey.step.team_unknown")));
    choices
}

async fn render_journey_form(state: &AppState, info: &RequestInfo, status: StatusCode, mut data: JourneyPageData) -> Result<Response, AppError> {
    let catalog = catalog(state).await?;
    (data.themes, data.areas) = theme_and_area_choices(&catalog, info.locale);
    data.teams = team_choices(&catalog, info.locale);
    Ok(render_page(state, info, status, "journey.heading", move || view! { <JourneyPage data=data.clone()/> }).await)
}

pub async fn journey_form(State(state): State<AppState>, info: RequestInfo) -> Result<Response, AppError> {
    let (catalog, locale) = (catalog(&state).await?, info.locale);
    let from = catalog.clone();
    Ok(render_cached(&state, &info, "journey", &catalog, "journey.heading", move || {
        let form = JourneyForm::from_pairs(&[("idempotency_key".into(), FORM_KEY_HOLE.into())]);
        let mut data = JourneyPageData { form, ..Default::default() };
        (data.themes, data.areas) = theme_and_area_choices(&from, locale);
        data.teams = team_choices(&from, locale);
        view! { <JourneyPage data=data/> }
    })
    .await)
}

/// The journey form posts repeated, numbered step fields, which serde's
/// form decoding cannot map; the pairs are read directly.
pub async fn submit_journey(State(state): State<AppState>, info: RequestInfo, sender: Sender, body: axum::body::Bytes) -> Result<Response, AppError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let mut form = JourneyForm::from_pairs(&pairs);
    if let Some((_, asked)) = pairs.iter().find(|(name, value)| name == "switch_lang" && !value.is_empty()) {
        let (info, locale) = in_switched_language(&state, &info, asked);
        let data = JourneyPageData { form, ..Default::default() };
        return Ok(switched(&state, locale, render_journey_form(&state, &info, StatusCode::OK, data).await?));
    }
    // An editing button: change the steps and show the form again, nothing stored.
    if let Some(focus) = form.apply_edit() {
        if state.keys.verify_form_key(&form.idempotency_key).is_none() {
            form.idempotency_key = fresh_key(&state);
        }
        let data = JourneyPageData { form, focus_step: Some(focus), ..Default::default() };
        return render_journey_form(&state, &info, StatusCode::OK, data).await;
    }
    let catalog = catalog(&state).await?;
    let fields = JourneyFields {
        goal: &form.goal,
        steps: form
            .steps
            .iter()
            .map(|step| StepFields { team: &step.team, channel: &step.channel, what: &step.what, feeling: &step.feeling, went_wrong: step.went_wrong == "yes" })
            .collect(),
        result: &form.result,
        what_would_have_helped: &form.what_would_have_helped,
        common: common_fields!(form),
    };
    let again = match intake::parse_journey(&fields, &catalog) {
        Ok(draft) => match send_and_show_receipt(&state, &catalog, info.locale, &sender, &form.idempotency_key, &form.homepage, draft).await {
            Ok(response) => return Ok(response),
            Err(again) => again,
        },
        Err(errors) => {
            let data = JourneyPageData { form, errors: form_errors(errors), ..Default::default() };
            return render_journey_form(&state, &info, StatusCode::UNPROCESSABLE_ENTITY, data).await;
        }
    };
    if again.notice == FormNotice::Stale {
        form.idempotency_key = fresh_key(&state);
    }
    let data = JourneyPageData { form, notice: again.notice, ..Default::default() };
    Ok(again.on(render_journey_form(&state, &info, again.status, data).await?))
}

#[derive(serde::Deserialize)]
pub struct TrackingQuery {
    ny: Option<String>,
    gjenapnet: Option<String>,
    /// `nei`: no receipt mail was sent (the address had its receipts for the day).
    kvittering: Option<String>,
    /// `slettet`: the contact details were just deleted.
    kontakt: Option<String>,
    /// `kontakt`: the resident asked to delete their contact details.
    slett: Option<String>,
}

/// The submission behind a tracking link; a malformed or unknown token is a plain 404.
async fn tracked(state: &AppState, token: &str) -> Result<(TrackingToken, domain::workspace::ItemDetail), AppError> {
    Ok(track::tracked(state.store.as_ref(), token).await?)
}

/// The resident's private page. A wrong token is an ordinary, friendly 404.
pub async fn tracking(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Path(token): Path<String>,
    Query(query): Query<TrackingQuery>,
) -> Result<Response, AppError> {
    let (token, item) = tracked(&state, &token).await?;
    let page = TrackingState {
        just_sent: query.ny.is_some(),
        receipt_withheld: query.kvittering.as_deref() == Some("nei"),
        contact_forgotten: query.kontakt.as_deref() == Some("slettet"),
        confirm_forget: query.slett.as_deref() == Some("kontakt"),
        reopened: query.gjenapnet.is_some(),
        ..Default::default()
    };
    tracking_page(&state, locale, &token, item, page, StatusCode::OK).await
}

/// What the resident just did on the tracking page.
#[derive(Default)]
struct TrackingState {
    just_sent: bool,
    receipt_withheld: bool,
    contact_forgotten: bool,
    confirm_forget: bool,
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
    AppForm(form): AppForm<ReopenForm>,
) -> Result<Response, AppError> {
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
    match track::reopen(state.store.as_ref(), &item, &comment, chrono::Utc::now()).await {
        Err(track::TrackError::NotReopenable) => {
            let page = TrackingState { comment: form.comment, error: Some("tracking.reopen.not_allowed"), ..Default::default() };
            return tracking_page(&state, locale, &token, item, page, StatusCode::CONFLICT).await;
        }
        other => other?,
    }
    Ok(super::redirect::see_other(&format!("/sak/{}?gjenapnet=1", token.as_str())))
}

async fn tracking_page(
    state: &AppState,
    locale: Locale,
    token: &TrackingToken,
    item: domain::workspace::ItemDetail,
    page: TrackingState,
    status: StatusCode,
) -> Result<Response, AppError> {
    use super::format::format_datetime;
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
                i18n.t_with("tracking.event.not_published", &[("reason", i18n.t(super::labels::reject_key(reason)))])
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
    let contact = state
        .store
        .resident_contact(item.id)
        .await?
        .map(|(email, phone)| [email.as_deref().map(mask_email), phone.as_deref().map(mask_phone)].into_iter().flatten().collect::<Vec<_>>().join(", "));
    let help = item.requests_help.then(|| HelpRequest {
        team: crate::usecase::submit::help_intake_team(&catalog, &state.settings.help_intake_team)
            .and_then(|id| catalog.teams.iter().find(|t| t.id == id))
            .map(|t| Named::of(&t.names, locale)),
        reachable: contact.is_some(),
    });
    // A request for help is never published, so an idea's "what happens next" does not apply.
    let next_key = (!closed).then_some(if item.kind == InputKind::Idea && !item.requests_help { "tracking.next.idea" } else { "tracking.next.other" });
    let data = TrackingData {
        help,
        contact,
        data_href: format!("/sak/{}/data.json", token.as_str()),
        forget_action: format!("/sak/{}/glem-kontakt", token.as_str()),
        contact_forgotten: page.contact_forgotten,
        confirm_forget: page.confirm_forget,
        page_href: format!("/sak/{}", token.as_str()),
        reference: item.reference.clone(),
        kind_key: item.kind.key(),
        status_key: item.status.key(),
        timeline,
        outcome_key: item.outcome.map(Outcome::key),
        outcome_detail: item.outcome_detail.clone(),
        title: item.title.clone(),
        // A journey's text is shown step by step below.
        body: if item.kind == InputKind::Journey { String::new() } else { item.body.clone() },
        theme: item.theme_id.and_then(|id| themes.iter().find(|t| t.id == id)).map(|t| Named::of(&t.names, locale)),
        area: item.area_id.and_then(|id| areas.iter().find(|a| a.id == id)).map(|a| Named::of(&a.names, locale)),
        address: item.address.clone(),
        concern_kind_key: item.concern.as_ref().map(|c| ConcernKind::parse(&c.kind).unwrap_or(ConcernKind::Other).key()),
        journey,
        submitter_key: SubmitterKind::parse(&item.submitter_kind).unwrap_or(SubmitterKind::Other).key(),
        link: format!("{public}/sak/{}", token.as_str()),
        action: format!("/sak/{}/gjenapne", token.as_str()),
        just_sent: page.just_sent,
        receipt_withheld: page.receipt_withheld,
        reopened: page.reopened,
        can_reopen: closed && item.reopened_count == 0,
        reopen_comment: page.comment,
        reopen_error: page.error,
        next_key,
    };
    let info = RequestInfo { locale, uri: format!("/sak/{}", token.as_str()).parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "tracking.title", move || view! { <TrackingPage data=data.clone()/> }).await)
}

/// An e-mail address shown to its owner without spelling it out for
/// someone reading over their shoulder: `k•••@eksempel.no`.
fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((name, domain)) => format!("{}•••@{domain}", name.chars().next().unwrap_or('•')),
        None => "•••".to_string(),
    }
}

/// A phone number with all but its last two digits hidden: `••• •• •67`.
fn mask_phone(phone: &str) -> String {
    let last: String = phone.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
    format!("••• •• •{last}")
}

/// Everything stored about the item, for the resident behind the link
/// (GDPR art. 15): what they sent, how it was routed publicly, its
/// timeline, and the contact details kept (in full: they are theirs).
pub async fn tracking_data(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let (_, item) = tracked(&state, &token).await?;
    let catalog = catalog(&state).await?;
    let name = |names: Option<&domain::Names>| names.map(|n| n.get("nb").to_string());
    let events: Vec<serde_json::Value> = state
        .store
        .public_events(item.id)
        .await?
        .into_iter()
        .map(|e| serde_json::json!({ "at": e.at.to_rfc3339(), "kind": e.kind, "status": e.status, "text": e.body }))
        .collect();
    let contact = state.store.resident_contact(item.id).await?;
    let document = serde_json::json!({
        "reference": item.reference,
        "kind": item.kind.as_str(),
        "received": item.created_at.to_rfc3339(),
        "status": item.status.as_str(),
        "outcome": item.outcome.map(|o| o.as_str()),
        "outcome_detail": item.outcome_detail,
        "language": item.locale,
        "submitter": item.submitter_kind,
        "organisation": item.organisation_name,
        "theme": name(item.theme_id.and_then(|id| catalog.themes.iter().find(|t| t.id == id)).map(|t| &t.names)),
        "area": name(item.area_id.and_then(|id| catalog.areas.iter().find(|a| a.id == id)).map(|a| &a.names)),
        "title": item.title,
        "text": item.body,
        "address": item.address,
        "concern": item.concern.as_ref().map(|c| serde_json::json!({ "kind": c.kind, "when": c.occurred, "ongoing": c.ongoing, "on_behalf": c.on_behalf })),
        "journey": item.journey.as_ref().map(|j| serde_json::json!({
            "goal": j.goal,
            "result": j.result,
            "what_would_have_helped": j.what_would_have_helped,
            "steps": j.steps.iter().map(|s| serde_json::json!({
                "position": s.position, "service": s.team_choice, "channel": s.channel, "what_happened": s.what_happened,
                "feeling": s.feeling, "went_wrong": s.went_wrong,
            })).collect::<Vec<_>>(),
        })),
        "contact": contact.map(|(email, phone)| serde_json::json!({ "email": email, "phone": phone })),
        "timeline": events,
    });
    let mut response = serde_json::to_string_pretty(&document).map_err(AppError::internal)?.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"innspill.json\""));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The resident asks for their contact details to be deleted.
pub async fn forget_contact(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, AppError> {
    let (token, item) = tracked(&state, &token).await?;
    crate::usecase::privacy::forget_contact(state.store.as_ref(), &item, chrono::Utc::now()).await?;
    Ok(super::redirect::see_other(&format!("/sak/{}?kontakt=slettet", token.as_str())))
}
