//! A member's inbox page: which items they may list (their teams', one of
//! their teams', or — for moderators — the triage queue and the held
//! posts), one page of them and whether another follows. The staff pages
//! ask it today, the JSON API next: the access rule is here, not in a route.

use crate::store::{Store, StoreError};
use domain::workspace::{Cursor, InboxQuery, InboxRow, Scope, SignedIn, Sort, Status};

/// Which inbox is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// Every team of the member (every item for an administrator).
    MyTeams,
    /// One team's items.
    Team(i64),
    /// Items no team owns yet (moderators and administrators).
    Triage,
    /// Posts held as looking automated (moderators and administrators).
    Held,
}

/// One page of an inbox.
#[derive(Debug)]
pub struct Page {
    pub rows: Vec<InboxRow>,
    /// Another page follows the last row.
    pub has_more: bool,
}

impl Page {
    /// Where the next page starts, for a list sorted by `sort`, if one follows.
    pub fn next(&self, sort: Sort) -> Option<Cursor> {
        let last = self.rows.last().filter(|_| self.has_more)?;
        let at = match sort {
            Sort::Due => last.due_at.unwrap_or(last.created_at),
            _ => last.created_at,
        };
        Some(Cursor { at, id: last.id })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    /// Not one of the member's teams, or a queue for moderators only.
    #[error("not this member's inbox")]
    NoAccess,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The page `query` asks for, in `which` inbox, as `staff` may see it:
/// the scope and the queue's own filters are set here, whatever the query
/// said of them.
pub async fn page(store: &dyn Store, staff: &SignedIn, which: Which, query: InboxQuery) -> Result<Page, InboxError> {
    let query = match which {
        Which::MyTeams => InboxQuery { scope: staff.scope(), team_id: None, held: false, ..query },
        Which::Team(team) => {
            if staff.scope() != Scope::All && !staff.team_ids.contains(&team) {
                return Err(InboxError::NoAccess);
            }
            InboxQuery { scope: staff.scope(), team_id: Some(team), held: false, ..query }
        }
        Which::Triage | Which::Held if !staff.can_triage() => return Err(InboxError::NoAccess),
        Which::Triage => InboxQuery { scope: Scope::All, team_id: None, status: Some(Status::Triage), held: false, ..query },
        Which::Held => InboxQuery { scope: Scope::All, team_id: None, held: true, ..query },
    };
    let mut rows = store.inbox(&query).await?;
    let has_more = rows.len() as i64 > query.limit;
    rows.truncate(query.limit.max(0) as usize);
    Ok(Page { rows, has_more })
}
