//! Personal data over its life. Administrators restrict an item (sperring:
//! kept, but seen and handled by nobody else), keep it for the archive or
//! under legal hold, anonymise it (text and contact removed, the rest kept
//! for statistics) or erase it — each one transaction, audited; the audit
//! rows about an erased item stay, anonymised. A resident asks, from their
//! tracking link, for their contact details to be deleted. The retention
//! job anonymises closed items past their kind's period, and restricts
//! instead those kept for the archive or a legal hold. Administrators read
//! the audit log.

use crate::store::privacy::{AuditEntry, KeptFor};
use crate::store::{Store, StoreError};
use domain::submission::InputKind;
use domain::workspace::{Actor, ItemDetail, SignedIn};
use domain::Role;

/// What an administrator does to an item's personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivacyAction {
    Restrict,
    LiftRestriction,
    Keep(Option<KeptFor>),
    Anonymise,
    Erase,
}

#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    #[error("only administrators may do this")]
    NoAccess,
    #[error("no such item")]
    NotFound,
    /// Kept for the archive or a legal hold: restrict it, do not remove it.
    #[error("the item is kept and cannot be anonymised or erased")]
    Kept,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn administrator(staff: &SignedIn) -> Result<Actor, PrivacyError> {
    if staff.role == Role::Administrator {
        Ok(staff.actor(None))
    } else {
        Err(PrivacyError::NoAccess)
    }
}

/// Takes `action` on item `id` for an administrator.
pub async fn apply(store: &dyn Store, staff: &SignedIn, id: i64, action: PrivacyAction, now: chrono::DateTime<chrono::Utc>) -> Result<(), PrivacyError> {
    let actor = administrator(staff)?;
    let state = store.privacy_state(id).await?.ok_or(PrivacyError::NotFound)?;
    if matches!(action, PrivacyAction::Anonymise | PrivacyAction::Erase) && state.kept_for.is_some() {
        return Err(PrivacyError::Kept);
    }
    let done = match action {
        PrivacyAction::Restrict => store.set_restricted(id, true, Some(actor), now).await?,
        PrivacyAction::LiftRestriction => store.set_restricted(id, false, Some(actor), now).await?,
        PrivacyAction::Keep(kept_for) => store.set_kept_for(id, kept_for, actor, now).await?,
        PrivacyAction::Anonymise => store.anonymise_item(id, Some(actor), now).await?,
        PrivacyAction::Erase => store.erase_item(id, Some(actor), now).await?.is_some(),
    };
    tracing::info!(submission_id = id, action = ?action, changed = done, "privacy action");
    Ok(())
}

/// The resident behind the tracking link asks for their contact details to
/// be deleted. True when there were some.
pub async fn forget_contact(store: &dyn Store, item: &ItemDetail, now: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError> {
    let forgotten = store.forget_contact(item.id, now).await?;
    tracing::info!(submission_id = item.id, forgotten, "contact details forgotten at the resident's request");
    Ok(forgotten)
}

/// How long each kind of item keeps its personal data after closing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    pub journey: chrono::Duration,
    pub concern: chrono::Duration,
    pub idea: chrono::Duration,
}

/// What one retention run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetentionRun {
    pub anonymised: u64,
    pub restricted: u64,
}

/// Items handled per kind and run; the next run takes the rest.
const RETENTION_BATCH: i64 = 500;

/// Anonymises closed items past their kind's period, and restricts instead
/// those kept for the archive or a legal hold. Runs daily; `now` is a
/// parameter so the policy can be tested without waiting years.
pub async fn run_retention(store: &dyn Store, policy: &RetentionPolicy, now: chrono::DateTime<chrono::Utc>) -> Result<RetentionRun, StoreError> {
    let mut run = RetentionRun::default();
    for (kind, period) in [(InputKind::Journey, policy.journey), (InputKind::Concern, policy.concern), (InputKind::Idea, policy.idea)] {
        for due in store.retention_due(kind, now - period, RETENTION_BATCH).await? {
            if due.kept_for.is_some() {
                if !due.restricted && store.set_restricted(due.id, true, None, now).await? {
                    run.restricted += 1;
                }
            } else if store.anonymise_item(due.id, None, now).await? {
                run.anonymised += 1;
            }
        }
    }
    tracing::info!(anonymised = run.anonymised, restricted = run.restricted, "retention run");
    Ok(run)
}

/// Audit entries an administrator's page shows at once.
pub const AUDIT_PAGE: i64 = 100;

/// The audit log, newest first, before entry `before`.
pub async fn audit_log(store: &dyn Store, staff: &SignedIn, before: Option<i64>, limit: i64) -> Result<Vec<AuditEntry>, PrivacyError> {
    administrator(staff)?;
    Ok(store.audit_log(before, limit).await?)
}
