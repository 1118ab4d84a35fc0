//! A resident answers a consultation without an account: while it is open,
//! once per person (the adapter's respondent hash, from a signed cookie),
//! within the hourly limit per client address. The answers are checked
//! against the consultation's questions, and free-text answers are scanned
//! for personal data so staff see the warning.

use super::participate::over_hourly_limit;
use crate::store::{Store, StoreError};
use domain::consultation::{check_answers, Consultation, FieldErrors, NewResponse, Phase, ResponseOutcome};
use domain::personal_data;
use std::collections::BTreeSet;

/// One person's answers to one consultation, as sent.
pub struct AnswerSet<'a> {
    pub consultation: &'a Consultation,
    /// (`q<question id>`, value) pairs; a question with several choices
    /// comes once per choice. Other fields are ignored.
    pub fields: &'a [(String, String)],
    /// The form's key; `None` when it was missing or malformed (a stale form).
    /// The stored fingerprint of the form key (`KeyRing::stored_form_key`);
    /// `None` when the post carried no key we issued.
    pub form_key_hash: Option<String>,
    /// Who answers, as stored: the same person gives the same hash.
    pub respondent_hash: String,
    pub locale: &'a str,
    /// The client address's limit key (see `http::limits::client_key`).
    pub client: &'a str,
    pub now: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Answered {
    Stored,
    /// This person had answered already; the first answers stand.
    AlreadyAnswered,
}

#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("the consultation has not opened")]
    Upcoming,
    #[error("the consultation is closed")]
    Closed,
    /// Answers that break the questions' rules (per field), or a stale form.
    #[error("the answers need correcting")]
    Invalid { errors: FieldErrors, stale: bool },
    #[error("over the hourly limit")]
    Limited,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores `set` if the consultation is open, the answers are valid and the
/// client is within its limit, in that order.
pub async fn answer(store: &dyn Store, set: AnswerSet<'_>) -> Result<Answered, AnswerError> {
    match set.consultation.phase(set.now) {
        Phase::Open => {}
        Phase::Upcoming => return Err(AnswerError::Upcoming),
        Phase::Draft | Phase::Closed => return Err(AnswerError::Closed),
    }
    let (idempotency_key, answers) = match (set.form_key_hash, check_answers(&set.consultation.questions, set.fields)) {
        (Some(key_hash), Ok(answers)) => (key_hash, answers),
        (key, checked) => return Err(AnswerError::Invalid { errors: checked.err().unwrap_or_default(), stale: key.is_none() }),
    };
    if over_hourly_limit(store, set.client, set.now).await? {
        return Err(AnswerError::Limited);
    }
    let flags: BTreeSet<&str> = answers.iter().filter_map(|a| a.text()).flat_map(personal_data::kinds).map(|k| k.as_str()).collect();
    let outcome = store
        .store_response(&NewResponse {
            consultation_id: set.consultation.id,
            respondent_hash: set.respondent_hash,
            locale: set.locale.to_string(),
            personal_data_flags: flags.into_iter().collect::<Vec<_>>().join(","),
            idempotency_hash: idempotency_key,
            answers,
            now: set.now,
        })
        .await?;
    match outcome {
        ResponseOutcome::Stored => Ok(Answered::Stored),
        ResponseOutcome::AlreadyAnswered => Ok(Answered::AlreadyAnswered),
        // Closed between reading the consultation and storing.
        ResponseOutcome::NotOpen => Err(AnswerError::Closed),
    }
}
