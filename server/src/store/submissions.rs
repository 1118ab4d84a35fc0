//! Submissions as residents see them: storing one (in batches on SQLite),
//! finding it by its tracking token or reference, its public timeline, and
//! reopening it. SQL in `sql/submissions.rs`.

use super::StoreResult;
use domain::submission::{BoundedText, CreatedSubmission, NewSubmission, SubmissionSummary};
use domain::workspace::Event;

#[async_trait::async_trait]
pub trait SubmissionStore: Send + Sync {
    /// Stores a submission with its contact and kind-specific rows and a new
    /// reference, in one transaction. A repeated idempotency key returns the
    /// first submission instead (`created: false`).
    async fn create_submission(&self, submission: &NewSubmission) -> StoreResult<CreatedSubmission>;
    /// Stores several submissions in one transaction, in the order given, so
    /// their ids and references follow that order (demo data); otherwise as
    /// `create_submission`.
    async fn create_submissions(&self, batch: &[NewSubmission]) -> StoreResult<Vec<CreatedSubmission>>;
    /// The submission whose tracking token hashes to `token_hash`.
    async fn submission_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<SubmissionSummary>>;
    async fn submission_id_by_reference(&self, reference: &str) -> StoreResult<Option<i64>>;
    async fn count_submissions(&self) -> StoreResult<i64>;
    /// Names `key_id` as the key of every item whose tracking key has no
    /// name yet (items from before keys were named); returns how many.
    async fn name_unnamed_token_keys(&self, key_id: &str) -> StoreResult<u64>;
    /// Public timeline events of an item, oldest first, without staff names.
    async fn public_events(&self, id: i64) -> StoreResult<Vec<Event>>;
    /// Reopens a closed item at the resident's request, once. False when not allowed.
    async fn reopen(&self, id: i64, comment: &BoundedText, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
}
