//! What the staff workspace asks of the database: sessions and sign-in
//! throttling, the inbox, one item with its trail, and the actions on it.
//! Like `impl_store!`, the queries are written once for both backends;
//! `id_list` and `push_search` are the per-backend pieces.

use super::StoreResult;
use domain::submission::BoundedText;
use domain::workspace::{Actor, Event, InboxQuery, InboxRow, ItemAction, ItemDetail, SignedIn, StaffListing};

/// A new server-side session; only the hash of the cookie value is stored.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub id_hash: String,
    pub staff_id: i64,
    pub security_version: i64,
    pub now: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// The intent to tell the item's resident that there is an update, when
/// they gave an e-mail address. The store finds the address inside the
/// transaction, so the handler never reads the contact details, and queues
/// the intent; the mail worker writes the mail when it sends it.
#[derive(Clone, Copy, Debug)]
pub struct UpdateMail;

/// Contact details revealed to staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevealedContact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// Sign-in throttling: failures within `window` for one key; at `max` the
/// key is blocked for `block`.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub window: chrono::Duration,
    pub max_failures: i64,
    pub block: chrono::Duration,
}

#[async_trait::async_trait]
pub trait WorkspaceStore: Send + Sync {
    /// Starts a session (and forgets the user's expired ones).
    async fn create_session(&self, session: &NewSession) -> StoreResult<()>;
    /// The signed-in staff member, if the session exists, is not past its
    /// absolute expiry, was seen after `idle_since`, and the account is active
    /// and unchanged since sign-in (security version).
    async fn signed_in(&self, id_hash: &str, now: chrono::DateTime<chrono::Utc>, idle_since: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<SignedIn>>;
    async fn touch_session(&self, id_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    async fn end_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Whether any of the keys is blocked now.
    async fn login_blocked(&self, keys: &[String], now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    async fn record_login_failure(&self, key: &str, now: chrono::DateTime<chrono::Utc>, policy: ThrottlePolicy) -> StoreResult<()>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;

    /// Replaces the user's teams; their sessions see it on the next request.
    async fn set_staff_teams(&self, staff_id: i64, team_ids: &[i64]) -> StoreResult<()>;
    /// Enables or disables the user; a disabled user's sessions end at once.
    async fn set_staff_active(&self, staff_id: i64, active: bool) -> StoreResult<()>;
    async fn list_staff(&self) -> StoreResult<Vec<StaffListing>>;

    /// One inbox page: at most `limit + 1` rows, in one query.
    async fn inbox(&self, query: &InboxQuery) -> StoreResult<Vec<InboxRow>>;
    async fn item(&self, id: i64) -> StoreResult<Option<ItemDetail>>;
    /// Applies the action with its timeline event, audit entry and (for
    /// actions the resident hears about) the update mail, in one transaction.
    async fn act(&self, id: i64, actor: Actor, action: &ItemAction, mail: Option<&UpdateMail>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// The contact details, writing an audit entry (who, team, item, when).
    async fn reveal_contact(&self, id: i64, actor: Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<RevealedContact>>;
    /// Public timeline events of an item, oldest first, without staff names.
    async fn public_events(&self, id: i64) -> StoreResult<Vec<Event>>;
    /// Reopens a closed item at the resident's request, once. False when not allowed.
    async fn reopen(&self, id: i64, comment: &BoundedText, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    async fn submission_id_by_reference(&self, reference: &str) -> StoreResult<Option<i64>>;
    /// The audit entries of an item, oldest first: (action, staff id, detail).
    async fn audit_entries(&self, id: i64) -> StoreResult<Vec<(String, Option<i64>, String)>>;
}

/// Parses `1,2,3` (an aggregated id list) into ids.
pub(crate) fn parse_ids(list: Option<String>) -> Vec<i64> {
    list.unwrap_or_default().split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

macro_rules! impl_workspace_store {
    ($store:ty, $db:ty) => {
        async fn audit(
            tx: &mut sqlx::Transaction<'static, $db>,
            now: chrono::DateTime<chrono::Utc>,
            actor: Option<::domain::workspace::Actor>,
            action: &str,
            submission_id: i64,
            detail: &str,
        ) -> $crate::store::StoreResult<()> {
            sqlx::query("insert into audit_log (at, staff_id, team_id, action, submission_id, detail) values ($1, $2, $3, $4, $5, $6)")
                .bind(now)
                .bind(actor.map(|a| a.staff_id))
                .bind(actor.and_then(|a| a.team_id))
                .bind(action)
                .bind(submission_id)
                .bind(detail)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }

        #[allow(clippy::too_many_arguments, reason = "one timeline event has this many columns")]
        async fn event(
            tx: &mut sqlx::Transaction<'static, $db>,
            now: chrono::DateTime<chrono::Utc>,
            submission_id: i64,
            kind: &str,
            is_public: bool,
            body: Option<&str>,
            status: Option<&str>,
            actor: Option<::domain::workspace::Actor>,
            team_id: Option<i64>,
        ) -> $crate::store::StoreResult<()> {
            sqlx::query(
                "insert into submission_event (submission_id, kind, is_public, body, status, staff_id, team_id, created_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(submission_id)
            .bind(kind)
            .bind(is_public)
            .bind(body)
            .bind(status)
            .bind(actor.map(|a| a.staff_id))
            .bind(team_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Makes `team_id` an active owner (or active again).
        async fn own(
            tx: &mut sqlx::Transaction<'static, $db>,
            now: chrono::DateTime<chrono::Utc>,
            submission_id: i64,
            team_id: i64,
            via: &str,
        ) -> $crate::store::StoreResult<()> {
            sqlx::query(
                "insert into submission_team (submission_id, team_id, via, added_at) values ($1, $2, $3, $4)
                 on conflict (submission_id, team_id) do update set active = true, via = excluded.via, added_at = excluded.added_at",
            )
            .bind(submission_id)
            .bind(team_id)
            .bind(via)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Queues the "there is an update" mail for the item's resident, when
        /// they gave an e-mail address. Also used by the participation store.
        async fn queue_update_mail(
            tx: &mut sqlx::Transaction<'static, $db>,
            submission_id: i64,
            _intent: &$crate::store::workspace::UpdateMail,
            now: chrono::DateTime<chrono::Utc>,
        ) -> $crate::store::StoreResult<()> {
            let contact: Option<(String, String)> = sqlx::query_as(
                "select c.email, s.locale from submission s
                 join submission_contact c on c.submission_id = s.id where s.id = $1 and c.email is not null",
            )
            .bind(submission_id)
            .fetch_optional(&mut **tx)
            .await?;
            let Some((email, locale)) = contact else {
                return Ok(());
            };
            let recipient = ::domain::Email::parse(&email).map_err(|_| $crate::store::StoreError::Corrupt("contact email".into()))?;
            sqlx::query(
                "insert into outbox (submission_id, recipient, locale, template, next_attempt_at, created_at)
                 values ($1, $2, $3, 'update', $4, $4)",
            )
            .bind(submission_id)
            .bind(recipient.as_str())
            .bind(&locale)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        #[async_trait::async_trait]
        impl $crate::store::workspace::WorkspaceStore for $store {
            async fn create_session(&self, session: &$crate::store::workspace::NewSession) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("delete from staff_session where staff_id = $1 and expires_at <= $2")
                    .bind(session.staff_id)
                    .bind(session.now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "insert into staff_session (id_hash, staff_id, security_version, created_at, last_seen_at, expires_at)
                     values ($1, $2, $3, $4, $4, $5)",
                )
                .bind(&session.id_hash)
                .bind(session.staff_id)
                .bind(session.security_version)
                .bind(session.now)
                .bind(session.expires_at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn signed_in(
                &self,
                id_hash: &str,
                now: chrono::DateTime<chrono::Utc>,
                idle_since: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<::domain::workspace::SignedIn>> {
                let sql = format!(
                    "select u.id, u.display_name, u.role, s.last_seen_at,
                         (select {} from staff_team st where st.staff_id = u.id)
                     from staff_session s join staff_user u on u.id = s.staff_id
                     where s.id_hash = $1 and u.active and u.security_version = s.security_version
                       and s.expires_at > $2 and s.last_seen_at > $3",
                    Self::id_list("st.team_id")
                );
                let row: Option<(i64, String, String, chrono::DateTime<chrono::Utc>, Option<String>)> =
                    sqlx::query_as(&sql).bind(id_hash).bind(now).bind(idle_since).fetch_optional(self.reader()).await?;
                row.map(|(staff_id, display_name, role, last_seen_at, teams)| {
                    Ok(::domain::workspace::SignedIn {
                        staff_id,
                        display_name,
                        role: ::domain::Role::parse(&role).ok_or_else(|| $crate::store::StoreError::Corrupt(format!("role {role}")))?,
                        team_ids: $crate::store::workspace::parse_ids(teams),
                        session_hash: id_hash.to_string(),
                        last_seen_at,
                    })
                })
                .transpose()
            }

            async fn touch_session(&self, id_hash: &str, now: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("update staff_session set last_seen_at = $2 where id_hash = $1").bind(id_hash).bind(now).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn end_session(&self, id_hash: &str) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("delete from staff_session where id_hash = $1").bind(id_hash).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn login_blocked(&self, keys: &[String], now: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<bool> {
                for key in keys {
                    let blocked: Option<(i64,)> = sqlx::query_as("select 1 from login_throttle where throttle_key = $1 and blocked_until > $2")
                        .bind(key)
                        .bind(now)
                        .fetch_optional(self.reader())
                        .await?;
                    if blocked.is_some() {
                        return Ok(true);
                    }
                }
                Ok(false)
            }

            async fn record_login_failure(
                &self,
                key: &str,
                now: chrono::DateTime<chrono::Utc>,
                policy: $crate::store::workspace::ThrottlePolicy,
            ) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let row: Option<(i64, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as("select failures, window_started_at from login_throttle where throttle_key = $1").bind(key).fetch_optional(&mut *tx).await?;
                let (failures, started) = match row {
                    Some((failures, started)) if now - started < policy.window => (failures + 1, started),
                    _ => (1, now),
                };
                let blocked_until = (failures >= policy.max_failures).then(|| now + policy.block);
                sqlx::query(
                    "insert into login_throttle (throttle_key, failures, window_started_at, blocked_until) values ($1, $2, $3, $4)
                     on conflict (throttle_key) do update set failures = excluded.failures,
                         window_started_at = excluded.window_started_at, blocked_until = excluded.blocked_until",
                )
                .bind(key)
                .bind(failures)
                .bind(started)
                .bind(blocked_until)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn clear_login_failures(&self, key: &str) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("delete from login_throttle where throttle_key = $1").bind(key).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_staff_teams(&self, staff_id: i64, team_ids: &[i64]) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("delete from staff_team where staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
                for team in team_ids {
                    sqlx::query("insert into staff_team (staff_id, team_id) values ($1, $2)").bind(staff_id).bind(team).execute(&mut *tx).await?;
                }
                // Teams are read with the session on every request, so the
                // change applies from the next request without signing out.
                sqlx::query("update staff_user set updated_at = $2 where id = $1").bind(staff_id).bind(chrono::Utc::now()).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_staff_active(&self, staff_id: i64, active: bool) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("update staff_user set active = $2, security_version = security_version + 1, updated_at = $3 where id = $1")
                    .bind(staff_id)
                    .bind(active)
                    .bind(chrono::Utc::now())
                    .execute(&mut *tx)
                    .await?;
                if !active {
                    sqlx::query("delete from staff_session where staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn list_staff(&self) -> $crate::store::StoreResult<Vec<::domain::workspace::StaffListing>> {
                let sql = format!(
                    "select u.id, u.display_name, u.role, u.active, (select {} from staff_team st where st.staff_id = u.id)
                     from staff_user u order by u.display_name, u.id",
                    Self::id_list("st.team_id")
                );
                let rows: Vec<(i64, String, String, bool, Option<String>)> = sqlx::query_as(&sql).fetch_all(self.reader()).await?;
                rows.into_iter()
                    .map(|(id, display_name, role, active, teams)| {
                        Ok(::domain::workspace::StaffListing {
                            id,
                            display_name,
                            role: ::domain::Role::parse(&role).ok_or_else(|| $crate::store::StoreError::Corrupt(format!("role {role}")))?,
                            active,
                            team_ids: $crate::store::workspace::parse_ids(teams),
                        })
                    })
                    .collect()
            }

            async fn inbox(&self, q: &::domain::workspace::InboxQuery) -> $crate::store::StoreResult<Vec<::domain::workspace::InboxRow>> {
                use ::domain::workspace::{InboxRow, Scope, Sort, Status};
                let mut qb = sqlx::QueryBuilder::<$db>::new(format!(
                    "select s.id, s.reference, s.kind, s.status, s.theme_id, s.area_id, s.created_at, s.due_at,
                         coalesce(s.status <> 'closed' and s.first_public_reply_at is null and s.due_at < "
                ));
                qb.push_bind(q.now);
                qb.push(format!(
                    ", false) as overdue, u.display_name, coalesce(s.title, substr(s.search_text, 1, 120)),
                         (select {} from submission_team st where st.submission_id = s.id and st.active) as teams,
                         s.personal_data_flags
                     from submission s left join staff_user u on u.id = s.assignee_id where 1 = 1",
                    Self::id_list("st.team_id")
                ));
                if let Scope::Teams(teams) = &q.scope {
                    if teams.is_empty() {
                        qb.push(" and 1 = 0");
                    } else {
                        qb.push(" and exists (select 1 from submission_team st where st.submission_id = s.id and st.active and st.team_id in (");
                        let mut list = qb.separated(", ");
                        for team in teams {
                            list.push_bind(*team);
                        }
                        qb.push("))");
                    }
                }
                if let Some(team) = q.team_id {
                    qb.push(" and exists (select 1 from submission_team st where st.submission_id = s.id and st.active and st.team_id = ");
                    qb.push_bind(team).push(")");
                }
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
                if q.overdue {
                    qb.push(" and s.status <> 'closed' and s.first_public_reply_at is null and s.due_at < ").push_bind(q.now);
                }
                if let Some(assignee) = q.assignee_id {
                    qb.push(" and s.assignee_id = ").push_bind(assignee);
                }
                if q.unassigned {
                    qb.push(" and s.assignee_id is null");
                }
                let searching = q.search.as_deref().is_some_and(|w| !w.trim().is_empty());
                if let Some(words) = q.search.as_deref().filter(|_| searching) {
                    qb.push(" and ");
                    Self::push_search(&mut qb, words);
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
                type Row = (
                    i64,
                    String,
                    String,
                    String,
                    Option<i64>,
                    Option<i64>,
                    chrono::DateTime<chrono::Utc>,
                    Option<chrono::DateTime<chrono::Utc>>,
                    bool,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    String,
                );
                let rows: Vec<Row> = qb.build_query_as().fetch_all(self.reader()).await?;
                rows.into_iter()
                    .map(|(id, reference, kind, status, theme_id, area_id, created_at, due_at, overdue, assignee_name, headline, teams, flags)| {
                        Ok(InboxRow {
                            id,
                            reference,
                            kind: ::domain::submission::InputKind::parse(&kind).ok_or_else(|| $crate::store::StoreError::Corrupt(format!("kind {kind}")))?,
                            status: Status::parse(&status).ok_or_else(|| $crate::store::StoreError::Corrupt(format!("status {status}")))?,
                            theme_id,
                            area_id,
                            created_at,
                            due_at,
                            overdue,
                            assignee_name,
                            headline: headline.unwrap_or_default(),
                            team_ids: $crate::store::workspace::parse_ids(teams),
                            has_personal_data: !flags.is_empty(),
                        })
                    })
                    .collect()
            }

            async fn item(&self, id: i64) -> $crate::store::StoreResult<Option<::domain::workspace::ItemDetail>> {
                use ::domain::workspace::*;
                use sqlx::Row;
                use $crate::store::StoreError;
                type Time = chrono::DateTime<chrono::Utc>;
                let Some(row) = sqlx::query(
                    "select s.id, s.reference, s.kind, s.status, s.outcome, s.outcome_detail, s.theme_id, s.area_id, s.submitter_kind,
                         s.organisation_name, s.locale, s.title, s.body, s.address_text, s.personal_data_flags, s.assignee_id,
                         s.reopened_count, s.created_at, s.due_at, s.first_public_reply_at, s.closed_at,
                         (select d.reference from submission d where d.id = s.duplicate_of_id) as duplicate_of,
                         exists (select 1 from submission_contact c where c.submission_id = s.id) as has_contact
                     from submission s where s.id = $1",
                )
                .bind(id)
                .fetch_optional(self.reader())
                .await?
                else {
                    return Ok(None);
                };
                let kind: String = row.try_get("kind").map_err(StoreError::from)?;
                let status: String = row.try_get("status").map_err(StoreError::from)?;
                let outcome: Option<String> = row.try_get("outcome").map_err(StoreError::from)?;
                let flags: String = row.try_get("personal_data_flags").map_err(StoreError::from)?;
                let teams: Vec<(i64, String, Option<i64>, bool)> = sqlx::query_as(
                    "select team_id, via, journey_step_position, active from submission_team where submission_id = $1 order by added_at, team_id",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?;
                let decisions: Vec<(Option<i64>, Option<i64>, bool, String, Time)> =
                    sqlx::query_as("select team_id, rule_id, suggested, explanation, decided_at from routing_decision where submission_id = $1 order by id")
                        .bind(id)
                        .fetch_all(self.reader())
                        .await?;
                let referrals: Vec<(Option<i64>, Option<i64>, String, String, bool, Time)> = sqlx::query_as(
                    "select r.from_team_id, r.to_team_id, r.reason, u.display_name, r.kept_own, r.created_at
                     from referral r join staff_user u on u.id = r.staff_id where r.submission_id = $1 order by r.id",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?;
                let events: Vec<(String, bool, Option<String>, Option<String>, Option<String>, Option<i64>, Time)> = sqlx::query_as(
                    "select e.kind, e.is_public, e.body, e.status, u.display_name, e.team_id, e.created_at
                     from submission_event e left join staff_user u on u.id = e.staff_id where e.submission_id = $1 order by e.created_at, e.id",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?;
                let journey: Option<(String, String, Option<String>)> =
                    sqlx::query_as("select goal, result, what_would_have_helped from journey where submission_id = $1")
                        .bind(id)
                        .fetch_optional(self.reader())
                        .await?;
                let journey = match journey {
                    Some((goal, result, what_would_have_helped)) => {
                        let steps: Vec<(i64, Option<i64>, String, String, String, i64, bool)> = sqlx::query_as(
                            "select position, team_id, team_choice, channel, what_happened, feeling, went_wrong
                             from journey_step where submission_id = $1 order by position",
                        )
                        .bind(id)
                        .fetch_all(self.reader())
                        .await?;
                        let steps = steps
                            .into_iter()
                            .map(|(position, team_id, team_choice, channel, what_happened, feeling, went_wrong)| Step {
                                position,
                                team_id,
                                team_choice,
                                channel,
                                what_happened,
                                feeling,
                                went_wrong,
                            })
                            .collect();
                        Some(Journey { goal, result, what_would_have_helped, steps })
                    }
                    None => None,
                };
                let concern: Option<(String, Option<String>, bool, String)> =
                    sqlx::query_as("select concern_kind, occurred_text, ongoing, on_behalf from concern where submission_id = $1")
                        .bind(id)
                        .fetch_optional(self.reader())
                        .await?;
                let corrupt = |what: &str| StoreError::Corrupt(what.to_string());
                Ok(Some(ItemDetail {
                    id,
                    reference: row.try_get("reference").map_err(StoreError::from)?,
                    kind: ::domain::submission::InputKind::parse(&kind).ok_or_else(|| corrupt("kind"))?,
                    status: Status::parse(&status).ok_or_else(|| corrupt("status"))?,
                    outcome: outcome.map(|o| Outcome::parse(&o).ok_or_else(|| corrupt("outcome"))).transpose()?,
                    outcome_detail: row.try_get("outcome_detail").map_err(StoreError::from)?,
                    theme_id: row.try_get("theme_id").map_err(StoreError::from)?,
                    area_id: row.try_get("area_id").map_err(StoreError::from)?,
                    submitter_kind: row.try_get("submitter_kind").map_err(StoreError::from)?,
                    organisation_name: row.try_get("organisation_name").map_err(StoreError::from)?,
                    locale: row.try_get("locale").map_err(StoreError::from)?,
                    title: row.try_get("title").map_err(StoreError::from)?,
                    body: row.try_get("body").map_err(StoreError::from)?,
                    address: row.try_get("address_text").map_err(StoreError::from)?,
                    personal_data_flags: flags.split(',').filter(|f| !f.is_empty()).map(str::to_string).collect(),
                    has_contact: row.try_get("has_contact").map_err(StoreError::from)?,
                    assignee_id: row.try_get("assignee_id").map_err(StoreError::from)?,
                    reopened_count: row.try_get("reopened_count").map_err(StoreError::from)?,
                    created_at: row.try_get("created_at").map_err(StoreError::from)?,
                    due_at: row.try_get("due_at").map_err(StoreError::from)?,
                    first_public_reply_at: row.try_get("first_public_reply_at").map_err(StoreError::from)?,
                    closed_at: row.try_get("closed_at").map_err(StoreError::from)?,
                    duplicate_of: row.try_get("duplicate_of").map_err(StoreError::from)?,
                    teams: teams.into_iter().map(|(team_id, via, journey_step, active)| ItemTeam { team_id, via, journey_step, active }).collect(),
                    decisions: decisions
                        .into_iter()
                        .map(|(team_id, rule_id, suggested, explanation, decided_at)| {
                            Ok(StoredDecision {
                                team_id,
                                rule_id,
                                suggested,
                                explanation: ::domain::routing::Explanation::from_json(&explanation).ok_or_else(|| corrupt("explanation"))?,
                                decided_at,
                            })
                        })
                        .collect::<Result<_, StoreError>>()?,
                    referrals: referrals
                        .into_iter()
                        .map(|(from_team, to_team, reason, staff_name, kept_own, at)| Referral { from_team, to_team, reason, staff_name, kept_own, at })
                        .collect(),
                    events: events
                        .into_iter()
                        .map(|(kind, is_public, body, status, staff_name, team_id, at)| Event { kind, is_public, body, status, staff_name, team_id, at })
                        .collect(),
                    journey,
                    concern: concern.map(|(kind, occurred, ongoing, on_behalf)| Concern { kind, occurred, ongoing, on_behalf }),
                }))
            }

            async fn act(
                &self,
                id: i64,
                actor: ::domain::workspace::Actor,
                action: &::domain::workspace::ItemAction,
                mail: Option<&$crate::store::workspace::UpdateMail>,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<()> {
                use ::domain::workspace::{ItemAction, Status};
                let mut tx = self.begin_write().await?;
                let found: Option<(String,)> = sqlx::query_as("select status from submission where id = $1").bind(id).fetch_optional(&mut *tx).await?;
                let Some((status,)) = found else {
                    return Err($crate::store::StoreError::NotFound("item"));
                };
                let who = Some(actor);
                let detail = match action {
                    ItemAction::Assign { assignee_id } => {
                        sqlx::query("update submission set assignee_id = $2, updated_at = $3 where id = $1")
                            .bind(id)
                            .bind(*assignee_id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        event(&mut tx, now, id, "assigned", false, None, None, who, actor.team_id).await?;
                        format!("assignee={}", assignee_id.map(|a| a.to_string()).unwrap_or_default())
                    }
                    ItemAction::SetStatus(new_status) => {
                        sqlx::query("update submission set status = $2, updated_at = $3 where id = $1")
                            .bind(id)
                            .bind(new_status.as_str())
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        event(&mut tx, now, id, "status", true, None, Some(new_status.as_str()), who, actor.team_id).await?;
                        format!("status={}", new_status.as_str())
                    }
                    ItemAction::Note(text) => {
                        event(&mut tx, now, id, "internal_note", false, Some(text.as_str()), None, who, actor.team_id).await?;
                        String::new()
                    }
                    ItemAction::Reply(text) => {
                        sqlx::query("update submission set first_public_reply_at = coalesce(first_public_reply_at, $2), updated_at = $2 where id = $1")
                            .bind(id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        event(&mut tx, now, id, "public_reply", true, Some(text.as_str()), None, who, actor.team_id).await?;
                        String::new()
                    }
                    ItemAction::Refer { to_team, reason, keep } => {
                        if !*keep {
                            if let Some(from) = actor.team_id {
                                sqlx::query("update submission_team set active = false where submission_id = $1 and team_id = $2 and team_id <> $3")
                                    .bind(id)
                                    .bind(from)
                                    .bind(*to_team)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                        }
                        own(&mut tx, now, id, *to_team, if *keep { "added" } else { "referral" }).await?;
                        sqlx::query(
                            "insert into referral (submission_id, from_team_id, to_team_id, reason, staff_id, kept_own, created_at)
                             values ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(id)
                        .bind(actor.team_id)
                        .bind(*to_team)
                        .bind(reason.as_str())
                        .bind(actor.staff_id)
                        .bind(*keep)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        if status == Status::Triage.as_str() {
                            sqlx::query("update submission set status = 'new' where id = $1").bind(id).execute(&mut *tx).await?;
                        }
                        sqlx::query("update submission set updated_at = $2 where id = $1").bind(id).bind(now).execute(&mut *tx).await?;
                        let how = if *keep { "added" } else { "handed_over" };
                        event(&mut tx, now, id, "referred", true, None, Some(how), who, Some(*to_team)).await?;
                        format!("to_team={to_team} from_team={}", actor.team_id.map(|t| t.to_string()).unwrap_or_default())
                    }
                    ItemAction::Close { outcome, detail, duplicate_of, reply } => {
                        sqlx::query(
                            "update submission set status = 'closed', outcome = $2, outcome_detail = $3, duplicate_of_id = $4,
                                 closed_at = $5, updated_at = $5,
                                 first_public_reply_at = case when $6 then coalesce(first_public_reply_at, $5) else first_public_reply_at end
                             where id = $1",
                        )
                        .bind(id)
                        .bind(outcome.as_str())
                        .bind(detail.as_ref().map(|d| d.as_str()))
                        .bind(*duplicate_of)
                        .bind(now)
                        .bind(reply.is_some())
                        .execute(&mut *tx)
                        .await?;
                        event(&mut tx, now, id, "closed", true, reply.as_ref().map(|r| r.as_str()), Some(outcome.as_str()), who, actor.team_id).await?;
                        format!("outcome={}", outcome.as_str())
                    }
                    ItemAction::ConfirmTriage { team_id } => {
                        own(&mut tx, now, id, *team_id, "triage").await?;
                        sqlx::query("update submission set status = case when status = 'triage' then 'new' else status end, updated_at = $2 where id = $1")
                            .bind(id)
                            .bind(now)
                            .execute(&mut *tx)
                            .await?;
                        sqlx::query(
                            "insert into routing_decision (submission_id, rule_id, team_id, suggested, explanation, decided_at)
                             values ($1, null, $2, false, $3, $4)",
                        )
                        .bind(id)
                        .bind(*team_id)
                        .bind(::domain::routing::Explanation::TriageConfirmed.to_json())
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                        event(&mut tx, now, id, "referred", true, None, Some("handed_over"), who, Some(*team_id)).await?;
                        format!("team={team_id}")
                    }
                };
                audit(&mut tx, now, who, action.audit_name(), id, &detail).await?;
                if let (true, Some(builder)) = (action.notifies_resident(), mail) {
                    queue_update_mail(&mut tx, id, builder, now).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn reveal_contact(
                &self,
                id: i64,
                actor: ::domain::workspace::Actor,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::store::workspace::RevealedContact>> {
                let mut tx = self.begin_write().await?;
                let contact: Option<(Option<String>, Option<String>)> =
                    sqlx::query_as("select email, phone from submission_contact where submission_id = $1").bind(id).fetch_optional(&mut *tx).await?;
                audit(&mut tx, now, Some(actor), "view_contact", id, "").await?;
                tx.commit().await?;
                Ok(contact.map(|(email, phone)| $crate::store::workspace::RevealedContact { email, phone }))
            }

            async fn public_events(&self, id: i64) -> $crate::store::StoreResult<Vec<::domain::workspace::Event>> {
                let rows: Vec<(String, Option<String>, Option<String>, Option<i64>, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
                    "select kind, body, status, team_id, created_at from submission_event
                     where submission_id = $1 and is_public order by created_at, id",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(kind, body, status, team_id, at)| ::domain::workspace::Event { kind, is_public: true, body, status, staff_name: None, team_id, at })
                    .collect())
            }

            async fn reopen(
                &self,
                id: i64,
                comment: &::domain::submission::BoundedText,
                now: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<bool> {
                let mut tx = self.begin_write().await?;
                let updated = sqlx::query(
                    "update submission set status = 'new', outcome = null, outcome_detail = null, duplicate_of_id = null, closed_at = null,
                         reopened_count = reopened_count + 1, updated_at = $2
                     where id = $1 and status = 'closed' and reopened_count = 0",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                if updated.rows_affected() == 0 {
                    tx.rollback().await?;
                    return Ok(false);
                }
                event(&mut tx, now, id, "reopened", true, Some(comment.as_str()), None, None, None).await?;
                audit(&mut tx, now, None, "reopened_by_resident", id, "").await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn submission_id_by_reference(&self, reference: &str) -> $crate::store::StoreResult<Option<i64>> {
                let row: Option<(i64,)> =
                    sqlx::query_as("select id from submission where reference = $1").bind(reference).fetch_optional(self.reader()).await?;
                Ok(row.map(|(id,)| id))
            }

            async fn audit_entries(&self, id: i64) -> $crate::store::StoreResult<Vec<(String, Option<i64>, String)>> {
                Ok(sqlx::query_as("select action, staff_id, detail from audit_log where submission_id = $1 order by id")
                    .bind(id)
                    .fetch_all(self.reader())
                    .await?)
            }
        }
    };
}
pub(crate) use impl_workspace_store;
