//! The staff workspace: who is signed in, what they may see, and what they
//! can do to an item. Access rules live here, as plain functions, so the
//! handlers and the tests share one definition.

use super::submission::{BoundedText, InputKind};
pub use crate::vocabulary::{Outcome, Role, Status};

/// A signed-in staff member, as loaded for each request.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub staff_id: i64,
    pub display_name: String,
    pub role: Role,
    pub team_ids: Vec<i64>,
    /// SHA-256 of the session cookie, to end or touch the session.
    pub session_hash: String,
    /// The connection this request came from (set per request by the web
    /// layer; `None` outside a request), for the audit log.
    pub client: Option<ClientTag>,
    pub last_seen_at: chrono::DateTime<chrono::Utc>,
}

impl SignedIn {
    /// This member acting for `team_id`, as the audit log records them.
    pub fn actor(&self, team_id: Option<i64>) -> Actor {
        Actor { staff_id: self.staff_id, team_id, client: self.client }
    }

    /// Administrators see every item; moderators their teams' items and the
    /// triage queue; caseworkers only their teams' items.
    pub fn can_see(&self, item_teams: &[i64], status: Status) -> bool {
        match self.role {
            Role::Administrator => true,
            Role::Moderator => status == Status::Triage || item_teams.iter().any(|t| self.team_ids.contains(t)),
            Role::Caseworker => item_teams.iter().any(|t| self.team_ids.contains(t)),
        }
    }

    pub fn can_triage(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::Moderator)
    }

    /// The inbox scope: every item, or only those of these teams.
    pub fn scope(&self) -> Scope {
        match self.role {
            Role::Administrator => Scope::All,
            _ => Scope::Teams(self.team_ids.clone()),
        }
    }

    /// The team to record as acting, for the audit log and referral trail:
    /// the first of the actor's teams that owns the item.
    pub fn acting_team(&self, item_teams: &[i64]) -> Option<i64> {
        self.team_ids.iter().find(|t| item_teams.contains(t)).copied().or(self.team_ids.first().copied())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Teams(Vec<i64>),
}

/// Inbox order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    /// Earliest reply deadline first.
    Due,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Newest, Sort::Oldest, Sort::Due];

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Due => "due",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Where the next page starts: the sort key and id of the last row shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: chrono::DateTime<chrono::Utc>,
    pub id: i64,
}

impl Cursor {
    /// `<unix micros>.<id>`: opaque to people, stable in links.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.at.timestamp_micros(), self.id)
    }

    pub fn parse(s: &str) -> Option<Cursor> {
        let (micros, id) = s.split_once('.')?;
        let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?;
        Some(Cursor { at, id: id.parse().ok()? })
    }
}

/// One inbox page request. Every filter is optional.
#[derive(Clone, Debug)]
pub struct InboxQuery {
    pub scope: Scope,
    /// One team's inbox instead of all the scope's teams.
    pub team_id: Option<i64>,
    pub kind: Option<InputKind>,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub status: Option<Status>,
    /// With no status filter: show closed items too (else only open ones).
    pub include_closed: bool,
    /// Open items past their reply deadline with no public reply.
    pub overdue: bool,
    pub assignee_id: Option<i64>,
    pub unassigned: bool,
    /// Only the posts held as looking automated; otherwise they are left out.
    pub held: bool,
    /// Only requests for help (§ 6).
    pub help_requests: bool,
    /// Words to find in the item's text (full-text search).
    pub search: Option<String>,
    /// From the insight pages: items received in `[from, before)`, from
    /// one kind of submitter, closed with one outcome, journeys with a step
    /// at one team (the service).
    pub received: Option<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)>,
    pub submitter: Option<crate::vocabulary::SubmitterKind>,
    pub outcome: Option<crate::vocabulary::Outcome>,
    pub service: Option<i64>,
    pub sort: Sort,
    pub after: Option<Cursor>,
    /// Rows per page; one more is fetched to know whether a next page exists.
    pub limit: i64,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Longest reply, note or reason, in characters.
pub const STAFF_TEXT_MAX_CHARS: usize = 4000;

/// Rows per inbox page.
pub const INBOX_PAGE_SIZE: i64 = 25;

/// One inbox row.
#[derive(Clone, Debug)]
pub struct InboxRow {
    pub id: i64,
    pub reference: String,
    pub kind: InputKind,
    pub status: Status,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    pub overdue: bool,
    pub assignee_name: Option<String>,
    /// The title, or the first words of the text.
    pub headline: String,
    pub team_ids: Vec<i64>,
    pub has_personal_data: bool,
    pub held: Option<crate::submission::HeldReason>,
    /// A request for help (§ 6).
    pub requests_help: bool,
}

/// Who acts on an item, for the audit log and the trail.
#[derive(Clone, Copy, Debug)]
pub struct Actor {
    pub staff_id: i64,
    pub team_id: Option<i64>,
    /// The connection they act from, as a keyed hash (never the address).
    pub client: Option<ClientTag>,
}

/// A keyed hash of a client address, short: the audit log can tell two
/// actions from one connection apart from two, and nobody can tell the
/// address from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientTag(pub [u8; 8]);

impl ClientTag {
    pub fn hex(self) -> String {
        crate::token::hex(&self.0)
    }
}

/// Something staff do to an item. Each is one transaction with its audit
/// entry and timeline event.
#[derive(Clone, Debug)]
pub enum ItemAction {
    Assign {
        assignee_id: Option<i64>,
    },
    SetStatus(Status),
    /// Staff only; never shown to the resident.
    Note(BoundedText),
    /// Shown on the tracking page; the resident is told by e-mail that there is an update.
    Reply(BoundedText),
    /// Passes the item to another team, with a reason. `keep` keeps the
    /// referring team as an owner ("add a team") instead of handing over.
    Refer {
        to_team: i64,
        reason: BoundedText,
        keep: bool,
    },
    Close {
        outcome: Outcome,
        detail: Option<BoundedText>,
        duplicate_of: Option<i64>,
        reply: Option<BoundedText>,
    },
    /// A moderator gives a triage item to a team.
    ConfirmTriage {
        team_id: i64,
    },
    /// Staff see the input is really a request for help with the person's
    /// own housing (§ 6): the intake team is added, and it is never published.
    MarkHelpRequest {
        intake_team: i64,
    },
}

impl ItemAction {
    /// The audit log's name for the action.
    pub fn audit_name(&self) -> &'static str {
        match self {
            ItemAction::Assign { .. } => "assign",
            ItemAction::SetStatus(_) => "set_status",
            ItemAction::Note(_) => "internal_note",
            ItemAction::Reply(_) => "public_reply",
            ItemAction::Refer { keep: false, .. } => "refer",
            ItemAction::Refer { keep: true, .. } => "add_team",
            ItemAction::Close { .. } => "close",
            ItemAction::ConfirmTriage { .. } => "confirm_triage",
            ItemAction::MarkHelpRequest { .. } => "mark_help_request",
        }
    }

    /// Whether the resident hears about it by e-mail (only "there is an update").
    pub fn notifies_resident(&self) -> bool {
        // Marked as a request for help: the tracking page now explains the person's right to help.
        matches!(self, ItemAction::Reply(_) | ItemAction::Close { .. } | ItemAction::Refer { keep: false, .. } | ItemAction::MarkHelpRequest { .. })
    }
}

/// A team that owns (or owned) an item.
#[derive(Clone, Debug)]
pub struct ItemTeam {
    pub team_id: i64,
    /// `routing`, `triage`, `referral`, `added` or `journey_step`.
    pub via: String,
    pub journey_step: Option<i64>,
    pub active: bool,
}

/// A stored routing decision.
#[derive(Clone, Debug)]
pub struct StoredDecision {
    pub team_id: Option<i64>,
    pub rule_id: Option<i64>,
    pub suggested: bool,
    pub explanation: super::routing::Explanation,
    pub decided_at: chrono::DateTime<chrono::Utc>,
}

/// One referral in the trail.
#[derive(Clone, Debug)]
pub struct Referral {
    pub from_team: Option<i64>,
    pub to_team: Option<i64>,
    pub reason: String,
    pub staff_name: String,
    pub kept_own: bool,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One timeline entry. Public ones are shown to the resident.
#[derive(Clone, Debug)]
pub struct Event {
    /// `status`, `public_reply`, `internal_note`, `assigned`, `referred`, `closed`, `reopened`.
    pub kind: String,
    pub is_public: bool,
    pub body: Option<String>,
    /// The status set, the outcome for `closed`, or `added`/`handed_over` for `referred`.
    pub status: Option<String>,
    /// Staff name; never shown to the resident.
    pub staff_name: Option<String>,
    pub team_id: Option<i64>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// One journey step as stored.
#[derive(Clone, Debug)]
pub struct Step {
    pub position: i64,
    pub team_id: Option<i64>,
    pub team_choice: String,
    pub channel: String,
    pub what_happened: String,
    pub feeling: i64,
    pub went_wrong: bool,
}

#[derive(Clone, Debug)]
pub struct Journey {
    pub goal: String,
    pub result: String,
    pub what_would_have_helped: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug)]
pub struct Concern {
    pub kind: String,
    pub occurred: Option<String>,
    pub ongoing: bool,
    pub on_behalf: String,
}

/// Everything the item page shows (contact details excepted: those are a
/// separate, audited request).
#[derive(Clone, Debug)]
pub struct ItemDetail {
    pub id: i64,
    pub reference: String,
    pub kind: InputKind,
    pub status: Status,
    /// Why the post waits as looking automated; released when triaged.
    pub held: Option<crate::submission::HeldReason>,
    /// Restricted (sperret): only administrators see it, nobody handles it.
    pub restricted: bool,
    pub kept_for: Option<crate::vocabulary::KeptFor>,
    /// Its free text and contact were removed.
    pub anonymised: bool,
    /// The name of the API key it was posted with (Open311), if it was.
    pub via_api: Option<String>,
    /// The person asked for help with their own housing (§ 6).
    pub requests_help: bool,
    pub outcome: Option<Outcome>,
    pub outcome_detail: Option<String>,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    pub submitter_kind: String,
    pub organisation_name: Option<String>,
    pub locale: String,
    pub title: Option<String>,
    pub body: String,
    pub address: Option<String>,
    pub personal_data_flags: Vec<String>,
    pub has_contact: bool,
    pub assignee_id: Option<i64>,
    pub reopened_count: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub due_at: Option<chrono::DateTime<chrono::Utc>>,
    pub first_public_reply_at: Option<chrono::DateTime<chrono::Utc>>,
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub duplicate_of: Option<String>,
    pub teams: Vec<ItemTeam>,
    pub decisions: Vec<StoredDecision>,
    pub referrals: Vec<Referral>,
    pub events: Vec<Event>,
    pub journey: Option<Journey>,
    pub concern: Option<Concern>,
}

impl ItemDetail {
    /// Teams that own the item now.
    pub fn owner_ids(&self) -> Vec<i64> {
        self.teams.iter().filter(|t| t.active).map(|t| t.team_id).collect()
    }

    pub fn is_overdue(&self, now: chrono::DateTime<chrono::Utc>) -> bool {
        self.status != Status::Closed && self.first_public_reply_at.is_none() && self.due_at.is_some_and(|due| due < now)
    }
}

/// A staff member as lists show them.
#[derive(Clone, Debug)]
pub struct StaffListing {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub team_ids: Vec<i64>,
    /// The account a staff system's API key acts as: nobody to assign work to.
    pub for_key: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: Role, teams: &[i64]) -> SignedIn {
        SignedIn {
            staff_id: 1,
            display_name: "x".into(),
            role,
            team_ids: teams.to_vec(),
            session_hash: String::new(),
            client: None,
            last_seen_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn who_sees_what() {
        // (role, own teams, item teams, status, sees)
        let cases = [
            (Role::Caseworker, &[1][..], &[1, 2][..], Status::New, true),
            (Role::Caseworker, &[1], &[2], Status::New, false),
            (Role::Caseworker, &[1], &[], Status::Triage, false),
            (Role::Caseworker, &[], &[2], Status::Closed, false),
            (Role::Moderator, &[1], &[], Status::Triage, true),
            (Role::Moderator, &[1], &[2], Status::New, false),
            (Role::Moderator, &[1], &[1], Status::Closed, true),
            (Role::Administrator, &[], &[2], Status::New, true),
        ];
        for (i, (role, own, item, status, sees)) in cases.into_iter().enumerate() {
            assert_eq!(staff(role, own).can_see(item, status), sees, "case {i}");
        }
        assert!(!staff(Role::Caseworker, &[1]).can_triage());
        assert_eq!(staff(Role::Administrator, &[1]).scope(), Scope::All);
    }

    #[test]
    fn cursors_round_trip_and_refuse_junk() {
        let cursor = Cursor { at: chrono::DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap(), id: 42 };
        assert_eq!(Cursor::parse(&cursor.encode()), Some(cursor));
        for junk in ["", "1", "a.b", "1.", ".1", "99999999999999999999.1"] {
            assert_eq!(Cursor::parse(junk), None, "{junk}");
        }
    }
}
