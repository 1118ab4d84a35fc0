//! What consultations ask of the database: staff write them (details and
//! ordered questions), residents answer once each, staff read the answers
//! back. SQL in `sql/consultation.rs`.
//!
//! Questions lock at the first answer. Both sides touch the consultation
//! row first in their write transaction, so on PostgreSQL an edit and a
//! first answer cannot slip past each other (SQLite writes one at a time).

use super::StoreResult;
use domain::consultation::{
    Consultation, ConsultationDraft, ConsultationListing, Counted, NewResponse, QuestionDraft, ResponseOutcome, StoredAnswer, StoredResponse,
};
use domain::workspace::Actor;

pub type Now = chrono::DateTime<chrono::Utc>;

#[async_trait::async_trait]
pub trait ConsultationStore: Send + Sync {
    /// Every consultation, newest first (staff).
    async fn list_consultations(&self) -> StoreResult<Vec<ConsultationListing>>;
    /// Published consultations (not drafts), newest first.
    async fn public_consultations(&self) -> StoreResult<Vec<ConsultationListing>>;
    /// A consultation with its questions (ordered), areas and answer count.
    async fn consultation(&self, id: i64) -> StoreResult<Option<Consultation>>;
    async fn consultation_id_by_slug(&self, slug: &str) -> StoreResult<Option<i64>>;
    /// Creates a draft with a slug made from its title. Returns its id.
    async fn create_consultation(&self, draft: &ConsultationDraft, slug: &str, actor: Actor, now: Now) -> StoreResult<i64>;
    async fn update_consultation(&self, id: i64, draft: &ConsultationDraft, actor: Actor, now: Now) -> StoreResult<()>;
    /// Adds a question at the end (`question_id` None) or replaces one.
    /// False when answers exist (questions are locked) or the question is not this consultation's.
    async fn save_question(&self, consultation_id: i64, question_id: Option<i64>, draft: &QuestionDraft, actor: Actor, now: Now) -> StoreResult<bool>;
    /// Swaps the question with its neighbour above (`up`) or below. False when locked.
    async fn move_question(&self, consultation_id: i64, question_id: i64, up: bool, actor: Actor, now: Now) -> StoreResult<bool>;
    async fn delete_question(&self, consultation_id: i64, question_id: i64, actor: Actor, now: Now) -> StoreResult<bool>;
    /// Publishes a draft (`open`) or closes it now (`closed`).
    async fn set_consultation_state(&self, id: i64, state: &str, actor: Actor, now: Now) -> StoreResult<()>;
    async fn publish_results(&self, id: i64, actor: Actor, now: Now) -> StoreResult<()>;
    /// Stores an answer set if the consultation is open and this person has not answered.
    async fn store_response(&self, response: &NewResponse) -> StoreResult<ResponseOutcome>;
    /// Whether this respondent has answered this consultation.
    async fn has_answered(&self, consultation_id: i64, respondent_hash: &str) -> StoreResult<bool>;
    /// Audits that a member of staff exported the answers.
    async fn log_consultation_export(&self, id: i64, actor: Actor, now: Now) -> StoreResult<()>;
    /// The results' numbers, counted by the database, with the newest
    /// `texts_per_question` written answers of each question.
    async fn consultation_counts(&self, id: i64, texts_per_question: i64) -> StoreResult<Counted>;
    /// Up to `limit` answer sets after `after_response` (an answer set id,
    /// 0 for the first page) with their answers, in order: the CSV reads
    /// the answers page by page, never all at once.
    async fn consultation_answer_page(&self, id: i64, after_response: i64, limit: i64) -> StoreResult<(Vec<StoredResponse>, Vec<StoredAnswer>)>;
}
