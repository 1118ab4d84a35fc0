//! Personal data over its life: erasing an item, anonymising it (text and
//! contact gone, the rest kept for statistics), restricting it (sperring),
//! keeping it for the archive or under legal hold, a resident forgetting
//! their contact details, what the retention job finds due, and the audit
//! log as administrators read it. SQL in `sql/privacy.rs`.

use super::StoreResult;
use domain::workspace::Actor;

pub use domain::vocabulary::KeptFor;

/// What the privacy actions need to know of an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrivacyState {
    pub reference: String,
    pub restricted: bool,
    pub kept_for: Option<KeptFor>,
    pub anonymised: bool,
}

/// A closed item whose retention period is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionDue {
    pub id: i64,
    pub kept_for: Option<KeptFor>,
    pub restricted: bool,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub staff_name: Option<String>,
    pub action: String,
    pub reference: Option<String>,
    pub submission_id: Option<i64>,
    pub detail: String,
    /// The keyed hash of the connection it came from, if from one.
    pub client: Option<String>,
}

#[async_trait::async_trait]
pub trait PrivacyStore: Send + Sync {
    async fn privacy_state(&self, id: i64) -> StoreResult<Option<PrivacyState>>;
    /// Deletes the item and everything that hangs off it; the audit rows
    /// about it stay, anonymised, with one more saying it was erased. The
    /// reference, or `None` when there was no such item.
    async fn erase_item(&self, id: i64, actor: Option<Actor>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<String>>;
    /// Removes the item's free text, address, contact, queued mail and
    /// notes; keeps kind, theme, area, teams, dates and outcome. False when
    /// there was no such item.
    async fn anonymise_item(&self, id: i64, actor: Option<Actor>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    async fn set_restricted(&self, id: i64, restricted: bool, actor: Option<Actor>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    async fn set_kept_for(&self, id: i64, kept_for: Option<KeptFor>, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    /// The resident asked for their contact details to be deleted: no more
    /// mail, nothing to reveal. False when there were none.
    async fn forget_contact(&self, id: i64, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    /// Closed items of `kind` closed before `closed_before`, not yet
    /// anonymised (or kept and not yet restricted), oldest first.
    /// The contact details kept for the item (e-mail, phone), for the
    /// resident's own view of their data; `None` when there are none.
    async fn resident_contact(&self, id: i64) -> StoreResult<Option<(Option<String>, Option<String>)>>;
    /// Records that `actor` opened an item flagged for personal data.
    async fn audit_view(&self, id: i64, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    async fn retention_due(
        &self,
        kind: domain::submission::InputKind,
        closed_before: chrono::DateTime<chrono::Utc>,
        limit: i64,
    ) -> StoreResult<Vec<RetentionDue>>;
    /// The newest audit entries before entry `before` (all when `None`).
    async fn audit_log(&self, before: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>>;
}
