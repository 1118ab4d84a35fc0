//! SQL of the inbox: one page in one statement, scoped to the reader's
//! teams, filtered, searched and keyset-paged.

use super::{Backend, Db};
use crate::store::dialect::Dialect;
use crate::store::{StoreError, StoreResult};

/// One line of the inbox.
#[derive(sqlx::FromRow)]
struct InboxItemRow {
    id: i64,
    reference: String,
    kind: String,
    status: String,
    theme_id: Option<i64>,
    area_id: Option<i64>,
    created_at: chrono::DateTime<chrono::Utc>,
    due_at: Option<chrono::DateTime<chrono::Utc>>,
    overdue: bool,
    assignee_name: Option<String>,
    headline: Option<String>,
    teams: Option<String>,
    personal_data_flags: String,
    held_reason: Option<String>,
    requests_help: bool,
}

#[async_trait::async_trait]
impl crate::store::inbox::InboxStore for Backend {
    async fn inbox(&self, q: &domain::workspace::InboxQuery) -> StoreResult<Vec<domain::workspace::InboxRow>> {
        use domain::workspace::{InboxRow, Scope, Sort, Status};
        let mut qb = sqlx::QueryBuilder::<Db>::new(
            "select s.id, s.reference, s.kind, s.status, s.theme_id, s.area_id, s.created_at, s.due_at,
                 coalesce(s.status <> 'closed' and s.first_public_reply_at is null and s.due_at < ",
        );
        qb.push_bind(q.now);
        qb.push(format!(
            ", false) as overdue, u.display_name as assignee_name,
                 coalesce(s.title, substr(s.search_text, 1, 120)) as headline,
                 (select {} from submission_team st where st.submission_id = s.id and st.active) as teams,
                 s.personal_data_flags, s.held_reason, s.requests_help
             from submission s left join staff_user u on u.id = s.assignee_id where 1 = 1",
            Self::id_list("st.team_id")
        ));
        let searching = q.search.as_deref().is_some_and(|w| !w.trim().is_empty());
        // Where the full-text index holds the teams, a search checks them
        // there (one intersection) instead of item by item here.
        let teams_in_search = searching && Self::SEARCH_KEEPS_TEAMS;
        if let Scope::Teams(teams) = &q.scope {
            if teams.is_empty() {
                qb.push(" and 1 = 0");
            } else if !teams_in_search {
                qb.push(" and exists (select 1 from submission_team st where st.submission_id = s.id and st.active and st.team_id in (");
                let mut list = qb.separated(", ");
                for team in teams {
                    list.push_bind(*team);
                }
                qb.push("))");
            }
        }
        if let Some(team) = q.team_id.filter(|_| !teams_in_search) {
            qb.push(" and exists (select 1 from submission_team st where st.submission_id = s.id and st.active and st.team_id = ");
            qb.push_bind(team).push(")");
        }
        qb.push(if q.held { " and s.held_reason is not null" } else { " and s.held_reason is null" });
        // Restricted items are handled by nobody: no inbox lists them.
        qb.push(" and s.restricted_at is null");
        if let Some(kind) = q.kind {
            qb.push(" and s.kind = ").push_bind(kind.as_str());
        }
        // Unary plus keeps the planner off the theme and area indexes, so
        // it walks the sort order's index and stops after one page
        // instead of sorting every item of an area (valid SQL on both).
        if let Some(theme) = q.theme_id {
            qb.push(" and +s.theme_id = ").push_bind(theme);
        }
        if let Some(area) = q.area_id {
            qb.push(" and +s.area_id = ").push_bind(area);
        }
        match q.status {
            Some(status) => {
                qb.push(" and s.status = ").push_bind(status.as_str());
            }
            None if !q.include_closed => {
                qb.push(" and s.status <> 'closed'");
            }
            None => {}
        }
        if q.help_requests {
            qb.push(" and s.requests_help");
        }
        if q.overdue {
            qb.push(" and s.status <> 'closed' and s.first_public_reply_at is null and s.due_at < ").push_bind(q.now);
        }
        if let Some((from, before)) = q.received {
            qb.push(" and s.created_at >= ").push_bind(from).push(" and s.created_at < ").push_bind(before);
        }
        if let Some(submitter) = q.submitter {
            qb.push(" and s.submitter_kind = ").push_bind(submitter.as_str());
        }
        if let Some(outcome) = q.outcome {
            qb.push(" and s.status = 'closed' and s.outcome = ").push_bind(outcome.as_str());
        }
        if let Some(service) = q.service {
            qb.push(" and exists (select 1 from journey_step js where js.submission_id = s.id and js.team_choice = 'team' and js.team_id = ");
            qb.push_bind(service).push(")");
        }
        if let Some(assignee) = q.assignee_id {
            qb.push(" and s.assignee_id = ").push_bind(assignee);
        }
        if q.unassigned {
            qb.push(" and s.assignee_id is null");
        }
        if let Some(words) = q.search.as_deref().filter(|_| searching) {
            qb.push(" and ");
            let any_of = match &q.scope {
                Scope::Teams(teams) => Some(teams.as_slice()),
                Scope::All => None,
            };
            Self::push_search(&mut qb, words, any_of, q.team_id);
        }
        let (column, descending) = match q.sort {
            Sort::Newest => ("s.created_at", true),
            Sort::Oldest => ("s.created_at", false),
            Sort::Due => ("s.due_at", false),
        };
        if let Some(after) = q.after {
            let op = if descending { "<" } else { ">" };
            qb.push(format!(" and ({column} {op} ")).push_bind(after.at);
            qb.push(format!(" or ({column} = ")).push_bind(after.at);
            qb.push(format!(" and s.id {op} ")).push_bind(after.id).push("))");
        }
        let direction = if descending { "desc" } else { "asc" };
        // A search matches few items: start from its matches and sort
        // them (unary plus keeps SQLite off the sort index), rather
        // than walk every item in order looking for matches.
        let order = if searching { format!("{}{column}", Self::UNINDEXED) } else { column.to_string() };
        qb.push(format!(" order by {order} {direction}, s.id {direction} limit ")).push_bind(q.limit + 1);
        let rows: Vec<InboxItemRow> = qb.build_query_as().fetch_all(self.reader()).await?;
        rows.into_iter()
            .map(
                |InboxItemRow {
                     id,
                     reference,
                     kind,
                     status,
                     theme_id,
                     area_id,
                     created_at,
                     due_at,
                     overdue,
                     assignee_name,
                     headline,
                     teams,
                     personal_data_flags: flags,
                     held_reason,
                     requests_help,
                 }| {
                    Ok(InboxRow {
                        id,
                        reference,
                        kind: domain::submission::InputKind::parse(&kind).ok_or_else(|| StoreError::Corrupt(format!("kind {kind}")))?,
                        status: Status::parse(&status).ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
                        theme_id,
                        area_id,
                        created_at,
                        due_at,
                        overdue,
                        assignee_name,
                        headline: headline.unwrap_or_default(),
                        held: held_reason
                            .as_deref()
                            .map(|r| domain::submission::HeldReason::parse(r).ok_or_else(|| StoreError::Corrupt(format!("held {r}"))))
                            .transpose()?,
                        team_ids: crate::store::dialect::parse_ids(teams),
                        has_personal_data: !flags.is_empty(),
                        requests_help,
                    })
                },
            )
            .collect()
    }
}
