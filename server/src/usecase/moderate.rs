//! Moderators decide what the public sees: publish an idea (masked and
//! edited) or reject it with a reason the resident is told, write the
//! municipality's official answer, and publish or reject comments. Only
//! moderators and administrators may, and nothing the personal-data scanner
//! recognises is ever published.

use crate::store::outbox::UpdateMail;
use crate::store::{Store, StoreError};
use domain::participation::{CommentDecision, IdeaDecision, ModerationState};
use domain::workspace::{Actor, SignedIn};
use tokio::sync::Notify;

/// What moderating needs from the running server.
pub struct Moderation<'a> {
    pub store: &'a dyn Store,
    /// Woken when the resident's update mail is queued.
    pub mail_wakeup: &'a Notify,
}

#[derive(Debug, thiserror::Error)]
pub enum ModerateError {
    #[error("no such idea or comment")]
    NotFound,
    #[error("only moderators and administrators moderate")]
    NoAccess,
    /// The text to publish holds personal data: `(field, text key)` per field.
    #[error("the text to publish holds personal data")]
    NotPublishable(Vec<(&'static str, &'static str)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn moderator(staff: &SignedIn) -> Result<Actor, ModerateError> {
    if !staff.can_triage() {
        return Err(ModerateError::NoAccess);
    }
    Ok(staff.actor(staff.team_ids.first().copied()))
}

/// The fields whose text the scanner recognises personal data in.
fn personal_data_in(fields: &[(&'static str, &str)]) -> Result<(), ModerateError> {
    let found: Vec<_> =
        fields.iter().filter(|(_, text)| !domain::personal_data::scan(text).is_empty()).map(|(field, _)| (*field, "moderation.error.personal_data")).collect();
    if found.is_empty() {
        Ok(())
    } else {
        Err(ModerateError::NotPublishable(found))
    }
}

/// Publishes or rejects idea `id`; the resident gets an update mail.
pub async fn decide_idea(
    moderation: &Moderation<'_>,
    staff: &SignedIn,
    id: i64,
    decision: &IdeaDecision,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ModerateError> {
    let actor = moderator(staff)?;
    moderation.store.idea_for_moderation(id).await?.ok_or(ModerateError::NotFound)?;
    if let IdeaDecision::Approve { title, body } = decision {
        personal_data_in(&[("public_title", title), ("public_body", body)])?;
    }
    moderation.store.moderate_idea(id, decision, actor, Some(&UpdateMail), now).await?;
    moderation.mail_wakeup.notify_one();
    tracing::info!(submission_id = id, "idea moderated");
    Ok(())
}

/// Sets (or, with `None`, removes) the official answer of a published idea.
pub async fn answer_idea(
    moderation: &Moderation<'_>,
    staff: &SignedIn,
    id: i64,
    answer: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ModerateError> {
    let actor = moderator(staff)?;
    let idea = moderation.store.idea_for_moderation(id).await?.ok_or(ModerateError::NotFound)?;
    if idea.state != ModerationState::Approved {
        return Err(ModerateError::NotFound);
    }
    moderation.store.set_official_answer(id, answer, actor, now).await?;
    Ok(())
}

/// Publishes or rejects comment `id`.
pub async fn decide_comment(
    moderation: &Moderation<'_>,
    staff: &SignedIn,
    id: i64,
    decision: &CommentDecision,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ModerateError> {
    let actor = moderator(staff)?;
    moderation.store.comment_for_moderation(id).await?.ok_or(ModerateError::NotFound)?;
    if let CommentDecision::Approve { body } = decision {
        personal_data_in(&[("public_body", body)])?;
    }
    moderation.store.moderate_comment(id, decision, actor, now).await?;
    Ok(())
}
