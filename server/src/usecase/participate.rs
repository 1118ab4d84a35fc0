//! The public take part in ideas without an account: support an idea once
//! per signed visitor cookie, comment (held for moderation, scanned for
//! personal data) and report an idea or a comment. The idea must be public,
//! and each action is limited per client address and hour; the limits are
//! counted in the database so several instances agree.

use crate::store::participation::Reporter;
use crate::store::{Store, StoreError};
use domain::participation::{FlagTarget, NewComment, FLAG_REASONS};
use domain::personal_data;
use domain::submission::BoundedText;

/// Supports, comments and reports per client address and hour.
pub const HOURLY_LIMIT: i64 = 30;
/// The window the hourly limit counts in.
pub const LIMIT_WINDOW: chrono::Duration = chrono::Duration::hours(1);

/// What taking part needs from the running server.
pub struct Participation<'a> {
    pub store: &'a dyn Store,
    /// Open reports at which a published idea or comment is hidden.
    pub flags_to_hide: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ParticipateError {
    /// No public idea with that id (never published, rejected, or hidden).
    #[error("no such public idea")]
    NotFound,
    /// A report names a comment the idea does not have, or no known reason.
    #[error("not a report we take: {0}")]
    Invalid(&'static str),
    /// This address has used up its actions for the hour.
    #[error("over the hourly limit")]
    Limited,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Counts one action for `client` (a hash of the address and the action,
/// see `http::limits::client_key`); true once its hour is used up. Survey
/// answers use it too.
pub async fn over_hourly_limit(store: &dyn Store, client: &str, now: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError> {
    store.rate_limited(client, now, LIMIT_WINDOW, HOURLY_LIMIT).await
}

async fn within_limit(participation: &Participation<'_>, client: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(), ParticipateError> {
    if over_hourly_limit(participation.store, client, now).await? {
        return Err(ParticipateError::Limited);
    }
    Ok(())
}

async fn public_comments(participation: &Participation<'_>, idea_id: i64) -> Result<Vec<i64>, ParticipateError> {
    let (_, comments) = participation.store.public_idea(idea_id).await?.ok_or(ParticipateError::NotFound)?;
    Ok(comments.iter().map(|c| c.id).collect())
}

/// Supports idea `idea_id` for the visitor whose cookie hashes to
/// `supporter`. Returns false when this visitor had supported it already.
pub async fn support(
    participation: &Participation<'_>,
    idea_id: i64,
    supporter: &str,
    client: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, ParticipateError> {
    public_comments(participation, idea_id).await?;
    within_limit(participation, client, now).await?;
    Ok(participation.store.support_idea(idea_id, supporter, now).await?)
}

/// Leaves a comment for moderation. The same form key sent again (its
/// stored fingerprint `key_hash`) stores it once.
pub async fn comment(
    participation: &Participation<'_>,
    idea_id: i64,
    text: &BoundedText,
    locale: &str,
    key_hash: &str,
    client: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ParticipateError> {
    public_comments(participation, idea_id).await?;
    within_limit(participation, client, now).await?;
    let flags = personal_data::kinds(text.as_str()).iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",");
    participation
        .store
        .add_comment(&NewComment {
            idea_id,
            locale: locale.to_string(),
            body: text.as_str().to_string(),
            personal_data_flags: flags,
            idempotency_hash: key_hash.to_string(),
            now,
        })
        .await?;
    Ok(())
}

/// Reports idea `idea_id` or one of its comments. What the report is
/// about, as sent: `idea`, or `comment-<id>`. `visitor` is the hash of the
/// reporter's signed visitor cookie; `client` their address's limit key.
/// Content is hidden only when enough distinct reporters report it.
pub async fn flag(
    participation: &Participation<'_>,
    idea_id: i64,
    target: &str,
    reason: &str,
    visitor: &str,
    client: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ParticipateError> {
    let comments = public_comments(participation, idea_id).await?;
    let target = match target {
        "idea" => FlagTarget::Idea(idea_id),
        other => {
            let comment = other.strip_prefix("comment-").and_then(|c| c.parse::<i64>().ok()).filter(|c| comments.contains(c));
            FlagTarget::Comment(comment.ok_or(ParticipateError::Invalid("unknown flag target"))?)
        }
    };
    let reason = FLAG_REASONS.iter().copied().find(|r| *r == reason).ok_or(ParticipateError::Invalid("flag without a reason"))?;
    within_limit(participation, client, now).await?;
    let reporter = Reporter { visitor_hash: visitor.to_string(), address_hash: client.to_string() };
    participation.store.flag(target, reason, &reporter, now, participation.flags_to_hide).await?;
    Ok(())
}
