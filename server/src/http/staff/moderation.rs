//! Moderation (moderators and administrators, enforced by the route table):
//! the queue, ideas and comments with personal data highlighted and a
//! masked proposal, approve or reject with a reason, the official answer.

use super::nav;
use crate::http::extract::{AppForm, SignedInStaff};
use crate::http::format::format_datetime;
use crate::http::labels::{flag_key, reject_key};
use crate::http::redirect::see_other;
use crate::http::Query;
use crate::http::{render_page, AppError, AppState, OkQuery, RequestInfo};
use crate::usecase::moderate::{self, ModerateError, Moderation};
use app::forms::{Choice, FormErrors};
use app::i18n::{I18n, Locale};
use app::pages::staff::{
    Highlighted, ModerateCommentData, ModerateCommentPage, ModerateIdeaData, ModerateIdeaPage, ModerationForm, ModerationQueuePage, QueuePageData, QueueRow,
};
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use axum::Extension;
use domain::participation::{
    mask_for_publication, parse_names, segments, CommentDecision, FlagTarget, IdeaDecision, MaskLabels, ModerationState, REJECT_REASONS,
};
use domain::personal_data::PersonalDataKind;
use domain::submission::{BoundedText, TextLimits};
use domain::workspace::SignedIn;
use domain::workspace::STAFF_TEXT_MAX_CHARS;
use leptos::prelude::*;

fn state_key(state: ModerationState) -> &'static str {
    match state {
        ModerationState::Pending => "moderation.state.pending",
        ModerationState::Approved => "moderation.state.approved",
        ModerationState::Rejected => "moderation.state.rejected",
        ModerationState::Hidden => "moderation.state.hidden",
    }
}

fn highlighted(text: &str) -> Highlighted {
    segments(text)
        .into_iter()
        .map(|s| {
            let label = s.personal.map(|kind| match kind {
                PersonalDataKind::NationalId => "personal_data.national_id",
                PersonalDataKind::Phone => "personal_data.phone",
                PersonalDataKind::Email => "personal_data.email",
            });
            (s.text, label)
        })
        .collect()
}

/// Masking labels in the language the text was written in.
fn labels(locale: &str) -> MaskLabels {
    let i18n = I18n::new(Locale::from_code(locale).unwrap_or(Locale::DEFAULT));
    MaskLabels {
        national_id: i18n.t("mask.national_id").to_string(),
        phone: i18n.t("mask.phone").to_string(),
        email: i18n.t("mask.email").to_string(),
        name: i18n.t("mask.name").to_string(),
    }
}

pub async fn queue(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Query(query): Query<OkQuery>,
    uri: Uri,
) -> Result<Response, AppError> {
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let rows = state
        .store
        .moderation_queue()
        .await?
        .into_iter()
        .map(|e| QueueRow {
            href: match e.target {
                FlagTarget::Idea(id) => format!("/ansatt/moderering/ide/{id}"),
                FlagTarget::Comment(id) => format!("/ansatt/moderering/kommentar/{id}"),
            },
            kind_key: match e.target {
                FlagTarget::Idea(_) => "kind.idea",
                FlagTarget::Comment(_) => "moderation.comment",
            },
            reference: e.reference,
            excerpt: e.excerpt,
            state_key: state_key(e.state),
            flags: e.open_flags,
            personal_data: e.has_personal_data,
            received: format_datetime(&i18n, e.created_at),
        })
        .collect();
    let data = QueuePageData { nav: nav(&staff, &catalog, locale, "moderation"), rows, done_key: query.ok.is_some().then_some("moderation.done") };
    let info = RequestInfo { locale, uri, request_id: None };
    Ok(render_page(&state, &info, StatusCode::OK, "moderation.heading", move || view! { <ModerationQueuePage data=data.clone()/> }).await)
}

#[allow(clippy::too_many_arguments, reason = "one page's data, each part loaded by its caller")]
async fn render_idea(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    id: i64,
    form: Option<ModerationForm>,
    errors: FormErrors,
    done_key: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let idea = state.store.idea_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    // The proposal: the approved text when there is one, else the original masked.
    let form = form.unwrap_or_else(|| ModerationForm {
        public_title: idea.public_title.clone().unwrap_or_else(|| mask_for_publication(&idea.title, &[], &labels(&idea.locale))),
        public_body: idea.public_body.clone().unwrap_or_else(|| mask_for_publication(&idea.body, &[], &labels(&idea.locale))),
        reason: idea.reason.clone().unwrap_or_default(),
        note: idea.note.clone().unwrap_or_default(),
        answer: idea.official_answer.clone().unwrap_or_default(),
        names: String::new(),
    });
    let data = ModerateIdeaData {
        nav: nav(staff, &catalog, locale, "moderation"),
        id,
        reference: idea.reference.clone(),
        title: highlighted(&idea.title),
        body: highlighted(&idea.body),
        state_key: state_key(idea.state),
        flags: idea.open_flags.iter().map(|r| i18n.t(flag_key(r)).to_string()).collect(),
        published: idea.state == ModerationState::Approved,
        form,
        reasons: REJECT_REASONS.iter().map(|r| Choice::new(*r, i18n.t(reject_key(r)))).collect(),
        errors,
        done_key,
    };
    let info = RequestInfo { locale, uri: format!("/ansatt/moderering/ide/{id}").parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "moderation.heading", move || view! { <ModerateIdeaPage data=data.clone()/> }).await)
}

pub async fn idea_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    Query(query): Query<OkQuery>,
) -> Result<Response, AppError> {
    let done = query.ok.is_some().then_some("moderation.done");
    render_idea(&state, locale, &staff, id, None, FormErrors::default(), done, StatusCode::OK).await
}

/// Proposes a new masked version with the names the moderator marked.
pub async fn mask_idea(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    AppForm(form): AppForm<ModerationForm>,
) -> Result<Response, AppError> {
    let idea = state.store.idea_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    let names = parse_names(&form.names);
    let proposal = ModerationForm {
        public_title: mask_for_publication(&idea.title, &names, &labels(&idea.locale)),
        public_body: mask_for_publication(&idea.body, &names, &labels(&idea.locale)),
        ..form
    };
    render_idea(&state, locale, &staff, id, Some(proposal), FormErrors::default(), None, StatusCode::OK).await
}

/// A text checked like every text people type (`BoundedText`): trimmed,
/// bounded, no control characters or direction overrides.
fn checked(field: &'static str, value: &str, max: usize, required: bool, errors: &mut Vec<(String, &'static str)>) -> Option<String> {
    match BoundedText::parse(field, value, TextLimits { required, max_chars: max }) {
        Ok(text) => text.map(|t| t.as_str().to_string()),
        Err(error) => {
            errors.push((field.into(), error.key));
            None
        }
    }
}

fn moderation(state: &AppState) -> Moderation<'_> {
    Moderation { store: state.store.as_ref(), mail_wakeup: &state.mail_wakeup }
}

pub async fn decide_idea(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    AppForm(pairs): AppForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let form = ModerationForm {
        public_title: value("public_title"),
        public_body: value("public_body"),
        reason: value("reason"),
        note: value("note"),
        ..Default::default()
    };
    state.store.idea_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    let mut errors = Vec::new();
    let decision = match value("decision").as_str() {
        "approve" => {
            let title = checked("public_title", &form.public_title, 120, true, &mut errors);
            let body = checked("public_body", &form.public_body, 4000, true, &mut errors);
            title.zip(body).map(|(title, body)| IdeaDecision::Approve { title, body })
        }
        "reject" => {
            let reason = REJECT_REASONS.iter().find(|r| **r == form.reason).copied();
            if reason.is_none() {
                errors.push(("reason".into(), "validation.choose_one"));
            }
            let note = checked("note", &form.note, 2000, false, &mut errors);
            reason.map(|reason| IdeaDecision::Reject { reason, note })
        }
        _ => return Err(AppError::BadRequest("unknown moderation decision")),
    };
    let Some(decision) = decision.filter(|_| errors.is_empty()) else {
        return render_idea(&state, locale, &staff, id, Some(form), FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match moderate::decide_idea(&moderation(&state), &staff, id, &decision, chrono::Utc::now()).await {
        Err(ModerateError::NotPublishable(found)) => {
            let errors = FormErrors(found.into_iter().map(|(field, key)| (field.to_string(), key)).collect());
            render_idea(&state, locale, &staff, id, Some(form), errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        other => {
            other?;
            Ok(see_other("/ansatt/moderering?ok=1"))
        }
    }
}

pub async fn official_answer(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    AppForm(form): AppForm<ModerationForm>,
) -> Result<Response, AppError> {
    let idea = state.store.idea_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    if idea.state != ModerationState::Approved {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let answer = checked("answer", &form.answer, STAFF_TEXT_MAX_CHARS, false, &mut errors);
    if !errors.is_empty() {
        return render_idea(&state, locale, &staff, id, Some(form), FormErrors(errors), None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    moderate::answer_idea(&moderation(&state), &staff, id, answer.as_deref(), chrono::Utc::now()).await?;
    Ok(see_other(&format!("/ansatt/moderering/ide/{id}?ok=1")))
}

async fn render_comment(
    state: &AppState,
    locale: Locale,
    staff: &SignedIn,
    id: i64,
    form: Option<ModerationForm>,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let comment = state.store.comment_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    let catalog = state.catalog.get(state.store.as_ref()).await?;
    let i18n = I18n::new(locale);
    let form = form.unwrap_or_else(|| ModerationForm {
        public_body: comment.public_body.clone().unwrap_or_else(|| mask_for_publication(&comment.body, &[], &labels(&comment.locale))),
        ..Default::default()
    });
    let data = ModerateCommentData {
        nav: nav(staff, &catalog, locale, "moderation"),
        id,
        idea_title: comment.idea_title.clone(),
        idea_href: format!("/ansatt/moderering/ide/{}", comment.idea_id),
        body: highlighted(&comment.body),
        state_key: state_key(comment.state),
        flags: comment.open_flags.iter().map(|r| i18n.t(flag_key(r)).to_string()).collect(),
        form,
        errors,
    };
    let info = RequestInfo { locale, uri: format!("/ansatt/moderering/kommentar/{id}").parse().unwrap_or_default(), request_id: None };
    Ok(render_page(state, &info, status, "moderation.heading", move || view! { <ModerateCommentPage data=data.clone()/> }).await)
}

pub async fn comment_page(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    render_comment(&state, locale, &staff, id, None, FormErrors::default(), StatusCode::OK).await
}

pub async fn mask_comment(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    AppForm(form): AppForm<ModerationForm>,
) -> Result<Response, AppError> {
    let comment = state.store.comment_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    let proposal = ModerationForm { public_body: mask_for_publication(&comment.body, &parse_names(&form.names), &labels(&comment.locale)), ..form };
    render_comment(&state, locale, &staff, id, Some(proposal), FormErrors::default(), StatusCode::OK).await
}

pub async fn decide_comment(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    SignedInStaff(staff): SignedInStaff,
    Path(id): Path<i64>,
    AppForm(pairs): AppForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    state.store.comment_for_moderation(id).await?.ok_or(AppError::NotFound)?;
    let decision = match value("decision").as_str() {
        "approve" => {
            let mut errors = Vec::new();
            let body = checked("public_body", &value("public_body"), 2000, true, &mut errors);
            match body.filter(|_| errors.is_empty()) {
                Some(body) => CommentDecision::Approve { body },
                None => {
                    let form = ModerationForm { public_body: value("public_body"), ..Default::default() };
                    return render_comment(&state, locale, &staff, id, Some(form), FormErrors(errors), StatusCode::UNPROCESSABLE_ENTITY).await;
                }
            }
        }
        "reject" => CommentDecision::Reject,
        _ => return Err(AppError::BadRequest("unknown moderation decision")),
    };
    match moderate::decide_comment(&moderation(&state), &staff, id, &decision, chrono::Utc::now()).await {
        Err(ModerateError::NotPublishable(found)) => {
            let errors = FormErrors(found.into_iter().map(|(field, key)| (field.to_string(), key)).collect());
            let form = ModerationForm { public_body: value("public_body"), ..Default::default() };
            render_comment(&state, locale, &staff, id, Some(form), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        other => {
            other?;
            Ok(see_other("/ansatt/moderering?ok=1"))
        }
    }
}
