//! Moderators and administrators run consultations: write the details and
//! the questions (until the first answer locks them), publish, close,
//! publish the results and export the answers. Access and the phase rules
//! are checked here; the store writes each change with its audit row.

use crate::store::{Store, StoreError};
use domain::consultation::{slugify, Consultation, ConsultationDraft, Phase, QuestionDraft, StoredAnswer, StoredResponse, MAX_QUESTIONS};
use domain::workspace::{Actor, SignedIn};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ConsultError {
    /// Only moderators and administrators run consultations.
    #[error("not allowed for this role")]
    NoAccess,
    /// The question is not one of this consultation's.
    #[error("no such question")]
    NotFound,
    /// Someone has answered: the questions stay as they were answered.
    #[error("the questions are locked")]
    Locked,
    #[error("at most {MAX_QUESTIONS} questions")]
    TooManyQuestions,
    /// A consultation without questions cannot be published.
    #[error("no questions")]
    NoQuestions,
    /// Its closing time has passed: publishing would open nothing.
    #[error("the consultation is already over")]
    AlreadyOver,
    /// Not possible in the consultation's phase (publishing twice, closing a draft, …).
    #[error("not possible in this phase")]
    WrongPhase,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who acts, for the audit log: the person and their first team.
fn actor(staff: &SignedIn) -> Result<Actor, ConsultError> {
    if !staff.can_triage() {
        return Err(ConsultError::NoAccess);
    }
    Ok(staff.actor(staff.team_ids.first().copied()))
}

/// Creates a draft with an address made from its title. Returns its id.
pub async fn create(store: &dyn Store, staff: &SignedIn, draft: &ConsultationDraft, now: chrono::DateTime<chrono::Utc>) -> Result<i64, ConsultError> {
    let actor = actor(staff)?;
    Ok(store.create_consultation(draft, &slugify(&draft.title), actor, now).await?)
}

pub async fn update_details(
    store: &dyn Store,
    staff: &SignedIn,
    consultation: &Consultation,
    draft: &ConsultationDraft,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ConsultError> {
    let actor = actor(staff)?;
    Ok(store.update_consultation(consultation.id, draft, actor, now).await?)
}

/// Publishes a draft: it opens at its opening time.
pub async fn publish(store: &dyn Store, staff: &SignedIn, consultation: &Consultation, now: chrono::DateTime<chrono::Utc>) -> Result<(), ConsultError> {
    let actor = actor(staff)?;
    if consultation.phase(now) != Phase::Draft {
        return Err(ConsultError::WrongPhase);
    }
    if consultation.questions.is_empty() {
        return Err(ConsultError::NoQuestions);
    }
    if consultation.closes_at <= now {
        return Err(ConsultError::AlreadyOver);
    }
    Ok(store.set_consultation_state(consultation.id, "open", actor, now).await?)
}

/// Closes an open or upcoming consultation now.
pub async fn close(store: &dyn Store, staff: &SignedIn, consultation: &Consultation, now: chrono::DateTime<chrono::Utc>) -> Result<(), ConsultError> {
    let actor = actor(staff)?;
    if !matches!(consultation.phase(now), Phase::Open | Phase::Upcoming) {
        return Err(ConsultError::WrongPhase);
    }
    Ok(store.set_consultation_state(consultation.id, "closed", actor, now).await?)
}

/// Makes the results of a closed, published consultation public.
pub async fn publish_results(store: &dyn Store, staff: &SignedIn, consultation: &Consultation, now: chrono::DateTime<chrono::Utc>) -> Result<(), ConsultError> {
    let actor = actor(staff)?;
    if consultation.phase(now) != Phase::Closed || !consultation.is_public() {
        return Err(ConsultError::WrongPhase);
    }
    Ok(store.publish_results(consultation.id, actor, now).await?)
}

/// Adds a question at the end (`question_id` None) or replaces one.
pub async fn save_question(
    store: &dyn Store,
    staff: &SignedIn,
    consultation: &Consultation,
    question_id: Option<i64>,
    draft: &QuestionDraft,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ConsultError> {
    let actor = actor(staff)?;
    if question_id.is_some_and(|id| !consultation.questions.iter().any(|q| q.id == id)) {
        return Err(ConsultError::NotFound);
    }
    if consultation.questions_locked() {
        return Err(ConsultError::Locked);
    }
    if question_id.is_none() && consultation.questions.len() >= MAX_QUESTIONS {
        return Err(ConsultError::TooManyQuestions);
    }
    // The store checks the lock again inside its transaction: an answer may just have come in.
    if !store.save_question(consultation.id, question_id, draft, actor, now).await? {
        return Err(ConsultError::Locked);
    }
    Ok(())
}

/// What can be done to a question besides editing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionChange {
    Up,
    Down,
    Delete,
}

pub async fn change_question(
    store: &dyn Store,
    staff: &SignedIn,
    consultation: &Consultation,
    question_id: i64,
    change: QuestionChange,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ConsultError> {
    let actor = actor(staff)?;
    if !consultation.questions.iter().any(|q| q.id == question_id) {
        return Err(ConsultError::NotFound);
    }
    let done = match change {
        QuestionChange::Up => store.move_question(consultation.id, question_id, true, actor, now).await?,
        QuestionChange::Down => store.move_question(consultation.id, question_id, false, actor, now).await?,
        QuestionChange::Delete => store.delete_question(consultation.id, question_id, actor, now).await?,
    };
    if !done {
        return Err(ConsultError::Locked);
    }
    Ok(())
}

/// Answer sets read for an export in pages, so an export of thousands
/// holds one page in memory at a time.
pub struct AnswerPages {
    store: Arc<dyn Store>,
    consultation_id: i64,
    after_response: i64,
    /// The number the next answer set gets in the export (1 for the first).
    next_number: usize,
    done: bool,
}

/// Answer sets per page of an export.
const EXPORT_PAGE: i64 = 500;

impl AnswerPages {
    /// The next page: the first answer set's number, the answer sets and
    /// their answers; `None` after the last.
    pub async fn next(&mut self) -> Result<Option<(usize, Vec<StoredResponse>, Vec<StoredAnswer>)>, ConsultError> {
        if self.done {
            return Ok(None);
        }
        let read = self.store.consultation_answer_page(self.consultation_id, self.after_response, EXPORT_PAGE).await;
        let (responses, answers) = read.inspect_err(|_| self.done = true)?;
        let Some(last) = responses.last() else {
            self.done = true;
            return Ok(None);
        };
        self.after_response = last.id;
        self.done = (responses.len() as i64) < EXPORT_PAGE;
        let first = self.next_number;
        self.next_number += responses.len();
        Ok(Some((first, responses, answers)))
    }
}

/// Every answer set and answer, for an export: audited before the first
/// answer is read, then read page by page.
pub async fn export(
    store: Arc<dyn Store>,
    staff: &SignedIn,
    consultation: &Consultation,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<AnswerPages, ConsultError> {
    let actor = actor(staff)?;
    store.log_consultation_export(consultation.id, actor, now).await?;
    Ok(AnswerPages { store, consultation_id: consultation.id, after_response: 0, next_number: 1, done: false })
}
