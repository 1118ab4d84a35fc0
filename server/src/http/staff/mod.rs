//! The staff workspace over HTTP: sign-in and the access guard (`session`),
//! the inboxes and triage queue (`inbox`), and the item page with its
//! actions (`item`), and the department's insight (`insight`). Every handler here runs behind `session::require`;
//! item-level access (which teams own it) is checked in `item`.

pub mod admin;
pub mod consultations;
mod inbox;
mod insight;
mod item;
pub mod moderation;
pub mod session;

pub use inbox::{held_queue, my_inbox, team_inbox, triage_queue};
pub use insight::{
    growth as insight_growth, growth_csv as insight_growth_csv, items_csv as insight_items_csv, journeys as insight_journeys, journeys_csv as insight_csv,
    journeys_mermaid as insight_mermaid, teams as insight_teams, teams_csv as insight_teams_csv,
};
pub use item::{item_action, privacy_action, show_item};

use crate::catalog::Catalog;
use app::i18n::Locale;
use app::pages::staff::StaffNavData;
use domain::workspace::SignedIn;
use domain::Role;

/// The navigation for `staff`: their team inboxes, and triage for moderators.
pub(crate) fn nav(staff: &SignedIn, catalog: &Catalog, locale: Locale, current: &str) -> StaffNavData {
    StaffNavData {
        display_name: staff.display_name.clone(),
        role_key: staff.role.key(),
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
