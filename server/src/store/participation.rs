//! What public participation asks of the database: the moderation queue,
//! decisions on ideas and comments, the public list and pages, supports,
//! comments, flags, rate limits and "you said, we did". SQL in
//! `sql/participation.rs`. The public queries read only the
//! approved public text, never the resident's original.

use super::StoreResult;
use domain::participation::{
    CommentDecision, CommentModeration, FlagTarget, IdeaDecision, IdeaModeration, NewComment, PublicComment, PublicIdea, PublicIdeaQuery, PublicIdeaSummary,
    PublicSummary, QueueEntry,
};
use domain::workspace::Actor;

/// Who made a report, as keyed hashes: of their signed visitor cookie and
/// of their client address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reporter {
    pub visitor_hash: String,
    pub address_hash: String,
}

#[async_trait::async_trait]
pub trait ParticipationStore: Send + Sync {
    /// Pending ideas and comments, and anything with unreviewed flags, oldest first.
    async fn moderation_queue(&self) -> StoreResult<Vec<QueueEntry>>;
    async fn idea_for_moderation(&self, idea_id: i64) -> StoreResult<Option<IdeaModeration>>;
    /// Records the decision, closes open flags, tells the resident (event
    /// on the tracking page, mail without content) and audits it.
    async fn moderate_idea(
        &self,
        idea_id: i64,
        decision: &IdeaDecision,
        actor: Actor,
        mail: Option<&super::outbox::UpdateMail>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()>;
    async fn comment_for_moderation(&self, comment_id: i64) -> StoreResult<Option<CommentModeration>>;
    async fn moderate_comment(&self, comment_id: i64, decision: &CommentDecision, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// The municipality's official answer on a published idea (`None` removes it).
    async fn set_official_answer(&self, idea_id: i64, answer: Option<&str>, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// One page of approved ideas and the number of them in all.
    async fn public_ideas(&self, query: &PublicIdeaQuery) -> StoreResult<(Vec<PublicIdeaSummary>, i64)>;
    /// An approved idea with its approved comments.
    async fn public_idea(&self, idea_id: i64) -> StoreResult<Option<(PublicIdea, Vec<PublicComment>)>>;
    /// One support per supporter hash; false when this supporter already supported it.
    async fn support_idea(&self, idea_id: i64, supporter_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    /// Stores a comment for moderation; a repeated key returns the first one's id.
    async fn add_comment(&self, comment: &NewComment) -> StoreResult<i64>;
    /// Records a flag by `reporter`; when `hide_at` or more distinct
    /// reporters (by visitor and by address) have open flags on it,
    /// published content is hidden until reviewed.
    async fn flag(&self, target: FlagTarget, reason: &str, reporter: &Reporter, now: chrono::DateTime<chrono::Utc>, hide_at: i64) -> StoreResult<()>;
    /// Forgets rate-limit counters whose window started before `before`.
    async fn prune_rate_limits(&self, before: chrono::DateTime<chrono::Utc>) -> StoreResult<u64>;
    /// Counts a hit for `key`; true when the key is over `max` hits in `window`.
    async fn rate_limited(&self, key: &str, now: chrono::DateTime<chrono::Utc>, window: chrono::Duration, max: i64) -> StoreResult<bool>;
    /// Publishes staff's own summary of what was done about an item.
    async fn publish_summary(&self, submission_id: i64, summary: &str, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    async fn public_summaries(&self, theme_id: Option<i64>, area_id: Option<i64>, limit: i64) -> StoreResult<Vec<PublicSummary>>;
}
