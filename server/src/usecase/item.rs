//! Staff act on an item: assign, set its status, reply in public, add an
//! internal note, refer it, confirm triage, close it with an honest outcome,
//! and reveal the resident's contact details. Every one checks here that
//! the member may see the item (its teams, or triage for moderators) and may
//! do this, so no adapter can forget it; the store writes the change, the
//! audit row and the resident's update intent in one transaction.

use crate::store::items::RevealedContact;
use crate::store::outbox::UpdateMail;
use crate::store::{Store, StoreError};
use domain::workspace::{Actor, ItemAction, ItemDetail, SignedIn, Status};
use tokio::sync::Notify;

/// What acting needs from the running server.
pub struct Workspace<'a> {
    pub store: &'a dyn Store,
    /// Woken when an update mail is queued.
    pub mail_wakeup: &'a Notify,
}

/// Why an action was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// No such item, or not one this member may see: the same answer, so
    /// the existence of other teams' items is not revealed.
    #[error("no such item")]
    NotFound,
    /// The member's role does not allow this action.
    #[error("not allowed for this role")]
    NoAccess,
    /// A closed item takes no more actions (the resident may reopen it).
    #[error("the item is closed")]
    Closed,
    /// Triage can only be confirmed while the item waits in triage.
    #[error("the item is not in triage")]
    NotInTriage,
    /// A restricted item is handled by nobody until an administrator lifts it.
    #[error("the item is restricted")]
    Restricted,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The item as `staff` may see it. A restricted item only administrators see.
pub async fn visible_item(workspace: &Workspace<'_>, staff: &SignedIn, id: i64) -> Result<ItemDetail, ActError> {
    let item = workspace.store.item(id).await?.ok_or(ActError::NotFound)?;
    let restricted_away = item.restricted && staff.role != domain::Role::Administrator;
    if restricted_away || !staff.can_see(&item.owner_ids(), item.status) {
        return Err(ActError::NotFound);
    }
    Ok(item)
}

/// The item page: as `visible_item`, and opening an item flagged for
/// personal data is written to the audit log.
pub async fn open_item(workspace: &Workspace<'_>, staff: &SignedIn, id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<ItemDetail, ActError> {
    let item = visible_item(workspace, staff, id).await?;
    if !item.personal_data_flags.is_empty() {
        workspace.store.audit_view(id, actor(staff, &item), now).await?;
    }
    Ok(item)
}

/// Who acts, as the audit log and the trail record it.
fn actor(staff: &SignedIn, item: &ItemDetail) -> Actor {
    staff.actor(staff.acting_team(&item.owner_ids()))
}

/// Takes `action` on item `id` for `staff`. With a closing, `summary` is
/// the "you said, we did" text published with it (already checked).
/// Returns whether `staff` still sees the item (a hand-over can take it
/// out of their teams).
pub async fn act(
    workspace: &Workspace<'_>,
    staff: &SignedIn,
    id: i64,
    action: &ItemAction,
    summary: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, ActError> {
    let item = visible_item(workspace, staff, id).await?;
    if item.restricted {
        return Err(ActError::Restricted);
    }
    if item.status == Status::Closed {
        return Err(ActError::Closed);
    }
    if let ItemAction::ConfirmTriage { .. } = action {
        if !staff.can_triage() {
            return Err(ActError::NoAccess);
        }
        if item.status != Status::Triage {
            return Err(ActError::NotInTriage);
        }
    }
    let actor = actor(staff, &item);
    workspace.store.act(id, actor, action, Some(&UpdateMail), now).await?;
    // "You said, we did": staff's own words, published with the closing.
    if let (ItemAction::Close { .. }, Some(summary)) = (action, summary.map(str::trim).filter(|s| !s.is_empty())) {
        workspace.store.publish_summary(id, summary, actor, now).await?;
    }
    if action.notifies_resident() {
        workspace.mail_wakeup.notify_one();
    }
    tracing::info!(submission_id = id, action = action.audit_name(), "item updated");
    let after = workspace.store.item(id).await?;
    Ok(after.is_some_and(|after| staff.can_see(&after.owner_ids(), after.status)))
}

/// The resident's contact details, for a member who may see the item;
/// the viewing is written to the audit log.
pub async fn reveal_contact(
    workspace: &Workspace<'_>,
    staff: &SignedIn,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<RevealedContact>, ActError> {
    let item = visible_item(workspace, staff, id).await?;
    Ok(workspace.store.reveal_contact(id, actor(staff, &item), now).await?)
}
