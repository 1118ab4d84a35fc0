//! One item in the workspace: its detail and trail, the actions staff take
//! on it (each with its timeline event, audit entry and update mail), the
//! revealed contact, and the reply templates staff start from. SQL in
//! `sql/items.rs`.

use super::outbox::UpdateMail;
use super::StoreResult;
use domain::workspace::{Actor, ItemAction, ItemDetail, Outcome};

/// Contact details revealed to staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevealedContact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A reply template: a starting text for a public reply, per theme (or any
/// theme), outcome (or any) and language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTemplate {
    /// 0 for a new template.
    pub id: i64,
    pub theme_id: Option<i64>,
    pub outcome: Option<Outcome>,
    pub locale: String,
    pub title: String,
    pub body: String,
}

#[async_trait::async_trait]
pub trait ItemStore: Send + Sync {
    async fn item(&self, id: i64) -> StoreResult<Option<ItemDetail>>;
    /// Applies the action with its timeline event, audit entry and (for
    /// actions the resident hears about) the update mail, in one transaction.
    async fn act(&self, id: i64, actor: Actor, action: &ItemAction, mail: Option<&UpdateMail>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// Many steps on many items, in order, in one transaction, mailing
    /// nobody: for loading demo data, where a transaction per step would
    /// write the same pages to disk again and again. Returns, per step,
    /// whether it took effect (a reopening of an item not closed does not).
    async fn follow_ups(&self, steps: &[FollowUp]) -> StoreResult<Vec<bool>>;
    /// The contact details, writing an audit entry (who, team, item, when).
    async fn reveal_contact(&self, id: i64, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<RevealedContact>>;
    /// The audit entries of an item, oldest first: (action, staff id, detail).
    async fn audit_entries(&self, id: i64) -> StoreResult<Vec<(String, Option<i64>, String)>>;
    async fn list_reply_templates(&self) -> StoreResult<Vec<ReplyTemplate>>;
    /// Creates (`id` 0) or replaces a template; returns its id.
    async fn save_reply_template(&self, template: &ReplyTemplate) -> StoreResult<i64>;
    async fn delete_reply_template(&self, id: i64) -> StoreResult<()>;
}

/// One step of `follow_ups`: what a team or the resident did, and when.
#[derive(Clone, Debug)]
pub enum FollowUp {
    Act { id: i64, actor: Actor, action: ItemAction, at: chrono::DateTime<chrono::Utc> },
    ModerateIdea { id: i64, decision: domain::participation::IdeaDecision, actor: Actor, at: chrono::DateTime<chrono::Utc> },
    Reopen { id: i64, comment: domain::submission::BoundedText, at: chrono::DateTime<chrono::Utc> },
}
