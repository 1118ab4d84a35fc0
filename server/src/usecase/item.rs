//! Staff act on an item: assign, set its status, reply in public, add an
//! internal note, refer it, confirm triage, close it with an honest outcome,
//! and reveal the resident's contact details. Every one checks here that
//! the member may see the item (its teams, or triage for moderators) and may
//! do this, so no adapter can forget it; the store writes the change, the
//! audit row and the resident's update intent in one transaction.

use crate::catalog::Catalog;
use crate::store::items::RevealedContact;
use crate::store::outbox::UpdateMail;
use crate::store::{Store, StoreError};
use domain::submission::{BoundedText, TextLimits};
use domain::workspace::{Actor, ItemAction, ItemDetail, Outcome, SignedIn, Status};
use tokio::sync::Notify;

/// Longest public "you said, we did" summary, in characters.
pub const SUMMARY_MAX_CHARS: usize = 1000;

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
    /// The action's fields, each with what is wrong (field, message key).
    #[error("invalid action fields")]
    Invalid(Vec<(String, &'static str)>),
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

/// Which action a form or an API call asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    Assign,
    Status,
    Reply,
    Note,
    Refer,
    Close,
    Triage,
    /// Mark as a request for help (§ 6); `ActionFields::team` names the intake team.
    HelpRequest,
}

/// An action's fields as typed, in a form or an API body; `read_action`
/// turns them into an `ItemAction`. Teams are slugs, `duplicate_of` a
/// reference, `how` is `handover` or `add`.
#[derive(Clone, Debug, Default)]
pub struct ActionFields {
    pub assignee: String,
    pub status: String,
    pub reply: String,
    pub note: String,
    pub to_team: String,
    pub how: String,
    pub reason: String,
    pub outcome: String,
    pub outcome_detail: String,
    pub duplicate_of: String,
    pub closing_reply: String,
    pub summary: String,
    pub team: String,
}

/// An action ready for `act`, with its closing summary (empty: none).
#[derive(Clone, Debug)]
pub struct ReadAction {
    pub action: ItemAction,
    pub summary: String,
}

fn text(field: &'static str, value: &str, required: bool, errors: &mut Vec<(String, &'static str)>) -> Option<BoundedText> {
    match BoundedText::parse(field, value, TextLimits { required, max_chars: domain::workspace::STAFF_TEXT_MAX_CHARS }) {
        Ok(text) => text,
        Err(error) => {
            errors.push((field.to_string(), error.key));
            None
        }
    }
}

/// Reads `fields` as a `kind` action on `item` (which `staff` sees): every
/// field is checked at once, and `ActError::Invalid` lists each problem
/// under the field's name. The same rules for every way in.
pub async fn read_action(
    workspace: &Workspace<'_>,
    catalog: &Catalog,
    staff: &SignedIn,
    item: &ItemDetail,
    kind: ActionKind,
    fields: &ActionFields,
) -> Result<ReadAction, ActError> {
    let active_team = |slug: &str| catalog.teams.iter().find(|t| t.active && t.slug.as_str() == slug).map(|t| t.id);
    let mut errors: Vec<(String, &'static str)> = Vec::new();
    let mut summary_text = String::new();
    if item.status == Status::Closed {
        return Err(ActError::Closed);
    }
    let parsed: Option<ItemAction> = match kind {
        ActionKind::Assign => match fields.assignee.as_str() {
            "" => Some(ItemAction::Assign { assignee_id: None }),
            value => {
                let staff_list = workspace.store.list_staff().await?;
                let found = value.parse::<i64>().ok().and_then(|v| staff_list.iter().find(|s| s.id == v && s.active && !s.for_key)).map(|s| s.id);
                if found.is_none() {
                    errors.push(("assignee".into(), "validation.choose_from_list"));
                }
                found.map(|a| ItemAction::Assign { assignee_id: Some(a) })
            }
        },
        ActionKind::Status => match Status::parse(&fields.status).filter(|s| Status::SETTABLE.contains(s)) {
            Some(status) => Some(ItemAction::SetStatus(status)),
            None => {
                errors.push(("status".into(), if fields.status.is_empty() { "validation.choose_one" } else { "validation.choose_from_list" }));
                None
            }
        },
        ActionKind::Reply => text("reply", &fields.reply, true, &mut errors).map(ItemAction::Reply),
        ActionKind::Note => text("note", &fields.note, true, &mut errors).map(ItemAction::Note),
        ActionKind::Refer => {
            let to_team = active_team(&fields.to_team);
            if to_team.is_none() {
                errors.push(("to_team".into(), if fields.to_team.is_empty() { "validation.choose_one" } else { "validation.choose_from_list" }));
            }
            let keep = match fields.how.as_str() {
                "handover" => Some(false),
                "add" => Some(true),
                _ => {
                    errors.push(("how".into(), "validation.choose_one"));
                    None
                }
            };
            let reason = text("reason", &fields.reason, true, &mut errors);
            match (to_team, keep, reason) {
                (Some(to_team), Some(keep), Some(reason)) => Some(ItemAction::Refer { to_team, reason, keep }),
                _ => None,
            }
        }
        ActionKind::Close => {
            let outcome = Outcome::parse(&fields.outcome);
            if outcome.is_none() {
                errors.push(("outcome".into(), "validation.choose_one"));
            }
            let needs_detail = outcome.is_some_and(|o| o.needs_detail());
            let detail = text("outcome_detail", &fields.outcome_detail, needs_detail, &mut errors);
            let reply = text("closing_reply", &fields.closing_reply, false, &mut errors);
            let duplicate_of = if outcome == Some(Outcome::Duplicate) {
                let reference = fields.duplicate_of.trim().to_uppercase();
                match workspace.store.submission_id_by_reference(&reference).await? {
                    Some(other) if other != item.id && !reference.is_empty() => Some(other),
                    _ => {
                        errors.push(("duplicate_of".into(), if reference.is_empty() { "validation.required" } else { "item.error.no_such_reference" }));
                        None
                    }
                }
            } else {
                None
            };
            match BoundedText::parse("summary", &fields.summary, TextLimits { required: false, max_chars: SUMMARY_MAX_CHARS }) {
                Err(error) => errors.push(("summary".into(), error.key)),
                // Published: nothing that looks like personal data.
                Ok(Some(summary)) if !domain::personal_data::scan(summary.as_str()).is_empty() => {
                    errors.push(("summary".into(), "moderation.error.personal_data"))
                }
                Ok(summary) => summary_text = summary.map(|s| s.as_str().to_string()).unwrap_or_default(),
            }
            match outcome {
                Some(outcome) if errors.is_empty() => Some(ItemAction::Close { outcome, detail, duplicate_of, reply }),
                _ => None,
            }
        }
        ActionKind::Triage => {
            if !staff.can_triage() {
                return Err(ActError::NoAccess);
            }
            match active_team(&fields.team) {
                Some(team_id) if item.status == Status::Triage => Some(ItemAction::ConfirmTriage { team_id }),
                Some(_) => {
                    errors.push(("team".into(), "item.error.not_in_triage"));
                    None
                }
                None => {
                    errors.push(("team".into(), "validation.choose_one"));
                    None
                }
            }
        }
        ActionKind::HelpRequest => match active_team(&fields.team) {
            _ if item.requests_help => {
                errors.push(("help".into(), "item.error.already_help_request"));
                None
            }
            // A held post is released from triage first: marked while held, nobody would see it.
            _ if item.held.is_some() => {
                errors.push(("help".into(), "item.error.help_request_held"));
                None
            }
            Some(intake_team) => Some(ItemAction::MarkHelpRequest { intake_team }),
            None => {
                errors.push(("help".into(), "item.error.no_intake_team"));
                None
            }
        },
    };
    match parsed {
        Some(action) if errors.is_empty() => Ok(ReadAction { action, summary: summary_text }),
        _ => Err(ActError::Invalid(errors)),
    }
}
