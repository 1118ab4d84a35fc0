//! The staff workspace over HTTP: sign-in and the access guard (`session`),
//! the inboxes and triage queue (`inbox`), and the item page with its
//! actions (`item`). Every handler here runs behind `session::require`;
//! item-level access (which teams own it) is checked in `item`.

pub mod admin;
pub mod consultations;
mod inbox;
mod item;
pub mod moderation;
pub mod session;

pub use inbox::{my_inbox, team_inbox, triage_queue};
pub use item::{item_action, show_item};
pub use session::see_other;

use super::catalog::Catalog;
use crate::domain::workspace::SignedIn;
use crate::domain::Role;
use app::i18n::{I18n, Locale};
use app::pages::staff::StaffNavData;

/// The navigation for `staff`: their team inboxes, and triage for moderators.
pub(crate) fn nav(staff: &SignedIn, catalog: &Catalog, locale: Locale, current: &str) -> StaffNavData {
    StaffNavData {
        display_name: staff.display_name.clone(),
        role_key: match staff.role {
            Role::Administrator => "role.administrator",
            Role::Moderator => "role.moderator",
            Role::Caseworker => "role.caseworker",
        },
        can_triage: staff.can_triage(),
        is_admin: staff.role == Role::Administrator,
        team_links: catalog
            .teams
            .iter()
            .filter(|t| staff.team_ids.contains(&t.id))
            .map(|t| (format!("/ansatt/team/{}", t.slug.as_str()), t.names.get(locale.code()).to_string()))
            .collect(),
        current: current.to_string(),
    }
}

/// Who acts, for the audit log: the person and their first team.
pub(crate) fn actor(staff: &SignedIn) -> crate::domain::workspace::Actor {
    crate::domain::workspace::Actor { staff_id: staff.staff_id, team_id: staff.team_ids.first().copied() }
}

/// A team's name in the reader's language ("?" for a team since removed).
fn team_name(catalog: &Catalog, id: Option<i64>, locale: Locale) -> String {
    id.and_then(|id| catalog.teams.iter().find(|t| t.id == id)).map(|t| t.names.get(locale.code()).to_string()).unwrap_or_else(|| "?".into())
}

/// Date and time in Norway, in the reader's words.
pub fn format_datetime(i18n: &I18n, at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = crate::domain::time::norway(at);
    // One buffer for all five numbers: list pages format a date per row.
    let digits = format!("{:02}{:02}{:04}{:02}{:02}", local.day(), local.month(), local.year(), local.hour(), local.minute());
    let year_end = digits.len() - 4;
    i18n.t_with(
        "date.datetime",
        &[
            ("day", &digits[..2]),
            ("month", &digits[2..4]),
            ("year", &digits[4..year_end]),
            ("hour", &digits[year_end..year_end + 2]),
            ("minute", &digits[year_end + 2..]),
        ],
    )
}

/// A date in the reader's words.
pub fn format_date(i18n: &I18n, date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    i18n.t_with("date.date", &[("day", &format!("{:02}", date.day())), ("month", &format!("{:02}", date.month())), ("year", &date.year().to_string())])
}

/// Text keys for stored codes.
fn kind_key(kind: crate::domain::submission::InputKind) -> &'static str {
    match kind {
        crate::domain::submission::InputKind::Idea => "kind.idea",
        crate::domain::submission::InputKind::Concern => "kind.concern",
        crate::domain::submission::InputKind::Journey => "kind.journey",
    }
}

pub fn status_key(status: crate::domain::workspace::Status) -> &'static str {
    use crate::domain::workspace::Status;
    match status {
        Status::New => "status.new",
        Status::Triage => "status.triage",
        Status::InProgress => "status.in_progress",
        Status::WaitingForResident => "status.waiting_for_resident",
        Status::Closed => "status.closed",
    }
}

pub fn outcome_key(outcome: crate::domain::workspace::Outcome) -> &'static str {
    use crate::domain::workspace::Outcome;
    match outcome {
        Outcome::Resolved => "outcome.resolved",
        Outcome::NotResolved => "outcome.not_resolved",
        Outcome::Referred => "outcome.referred",
        Outcome::OutsideRemit => "outcome.outside_remit",
        Outcome::Duplicate => "outcome.duplicate",
    }
}
