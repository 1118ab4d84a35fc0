//! Storage behind one `Store` trait with one implementation per database.
//! `open` picks the backend from the `DATABASE_URL` scheme.
//!
//! Queries are runtime-checked (`query` + `bind`), written once with `$N`
//! placeholders that both sqlx drivers understand, and shared by the two
//! implementations through `impl_store!`; only connection set-up, migrations
//! and write transactions differ. The conformance suite in
//! `tests/store_conformance.rs` runs the whole trait against both databases.

pub mod admin;
pub mod consultation;
pub mod participation;
mod postgres;
mod sqlite;
pub mod workspace;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

use crate::config::{DatabaseUrl, Settings};
use domain::submission::{CreatedSubmission, NewSubmission, SubmissionSummary};
use domain::{Area, Email, NewArea, NewStaffUser, NewTeam, NewTheme, StaffUser, Team, Theme};
use std::sync::Arc;

/// Any error, kept whole as the source of ours (its chain is logged).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a store call failed. Database errors keep their source; what is
/// missing ("not found") is told apart from what is taken ("conflict").
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or the pool is exhausted: answer 503.
    #[error("database unavailable")]
    Unavailable(#[source] BoxError),
    /// The row to read or change does not exist; names what (never a value).
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// A unique value is taken; names the logical field (never the value).
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// A stored value breaks a rule the application relies on.
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error("migration failed")]
    Migration(#[source] sqlx::migrate::MigrateError),
    /// Something outside the database failed (a task, a result that
    /// should have been there).
    #[error("store operation failed")]
    Other(#[source] BoxError),
}

impl StoreError {
    /// Unavailable, for a cause that is not a database error.
    pub fn unavailable(cause: impl Into<BoxError>) -> StoreError {
        StoreError::Unavailable(cause.into())
    }

    pub fn other(cause: impl Into<BoxError>) -> StoreError {
        StoreError::Other(cause.into())
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => StoreError::Unavailable(Box::new(error)),
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict("unique"),
            _ => StoreError::Database(error),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(error)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the application asks of its database.
#[async_trait::async_trait]
pub trait Store:
    workspace::WorkspaceStore + admin::AdminStore + participation::ParticipationStore + consultation::ConsultationStore + Send + Sync + 'static
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Applies the embedded migrations that have not run yet.
    async fn migrate(&self) -> StoreResult<()>;
    /// Names of the migrations applied, in order.
    async fn applied_migrations(&self) -> StoreResult<Vec<String>>;
    /// A cheap real query: used by `/health/ready`.
    async fn ping(&self) -> StoreResult<()>;
    /// Closes every connection; later calls fail with `Unavailable`.
    async fn close(&self);

    /// Creates the team or updates it by slug (names included). Returns its id.
    async fn upsert_team(&self, team: &NewTeam) -> StoreResult<i64>;
    /// All teams, active first, in configured order.
    async fn list_teams(&self) -> StoreResult<Vec<Team>>;
    async fn upsert_theme(&self, theme: &NewTheme) -> StoreResult<i64>;
    async fn list_themes(&self) -> StoreResult<Vec<Theme>>;
    async fn upsert_area(&self, area: &NewArea) -> StoreResult<i64>;
    async fn list_areas(&self) -> StoreResult<Vec<Area>>;

    /// All routing rules, active or not, with their teams.
    async fn list_routing_rules(&self) -> StoreResult<Vec<domain::routing::Rule>>;
    /// Creates the rule (`id` 0) or replaces rule `id`, teams included. Returns its id.
    async fn save_routing_rule(&self, rule: &domain::routing::Rule) -> StoreResult<i64>;

    /// Fails with `Conflict("email")` when the address is taken.
    async fn create_staff_user(&self, user: &NewStaffUser) -> StoreResult<i64>;
    async fn find_staff_by_email(&self, email: &Email) -> StoreResult<Option<StaffUser>>;
    async fn find_staff_by_id(&self, id: i64) -> StoreResult<Option<StaffUser>>;
    async fn count_staff_users(&self) -> StoreResult<i64>;

    /// The secret called `name`: `fresh` is stored on first use, and every
    /// later call (from any instance) returns what was stored.
    async fn app_secret(&self, name: &str, fresh: &str) -> StoreResult<String>;

    /// Stores a submission with its contact and kind-specific rows and a new
    /// reference, in one transaction. A repeated idempotency key returns the
    /// first submission instead (`created: false`).
    async fn create_submission(&self, submission: &NewSubmission) -> StoreResult<CreatedSubmission>;
    /// The submission whose tracking token hashes to `token_hash`.
    async fn submission_by_token_hash(&self, token_hash: &str) -> StoreResult<Option<SubmissionSummary>>;
    async fn count_submissions(&self) -> StoreResult<i64>;

    /// Takes the next due mail for sending and reserves it until `lease_until`
    /// (a worker that dies mid-send leaves it to be retried after that).
    async fn claim_mail(&self, now: chrono::DateTime<chrono::Utc>, lease_until: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<crate::mail::QueuedMail>>;
    /// Marks the mail sent.
    async fn mail_sent(&self, id: i64, at: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// Records a failure: retry at `retry_at`, or dead when `None`.
    async fn mail_failed(&self, id: i64, reason: &str, retry_at: Option<chrono::DateTime<chrono::Utc>>) -> StoreResult<()>;
    /// Number of mails per state: (pending or sending, sent, dead).
    async fn outbox_counts(&self) -> StoreResult<(i64, i64, i64)>;
}

/// Opens (and creates, for SQLite) the database the settings name. Does not migrate.
pub async fn open(settings: &Settings) -> StoreResult<Arc<dyn Store>> {
    let timeout = std::time::Duration::from_secs(settings.database_acquire_timeout_secs);
    Ok(match &settings.database_url {
        DatabaseUrl::Sqlite(path) => Arc::new(SqliteStore::open(path, settings.sqlite_synchronous, timeout).await?),
        DatabaseUrl::Postgres(url) => Arc::new(PostgresStore::open(url.expose(), timeout).await?),
    })
}

/// The queries both backends share. `$begin_write` names the inherent method
/// that opens a write transaction (`BEGIN IMMEDIATE` on SQLite).
macro_rules! impl_store {
    ($store:ty, $db:ty) => {
        /// Inserts or updates the localized names of one team, theme or area.
        /// `table` and `column` are constants from this file, never input.
        async fn put_names(
            tx: &mut sqlx::Transaction<'static, $db>,
            table: &'static str,
            column: &'static str,
            id: i64,
            names: &::domain::Names,
        ) -> $crate::store::StoreResult<()> {
            let sql = format!(
                "insert into {table} ({column}, locale, name) values ($1, $2, $3)
                 on conflict ({column}, locale) do update set name = excluded.name"
            );
            for (locale, name) in names.iter() {
                sqlx::query(&sql).bind(id).bind(locale).bind(name).execute(&mut **tx).await?;
            }
            Ok(())
        }

        type StaffRow = (i64, String, String, String, String, bool, i64);
        const STAFF_SELECT: &str = "select id, email, display_name, password_hash, role, active, security_version from staff_user";

        fn staff_user(
            (id, email, display_name, hash, role, active, security_version): StaffRow,
        ) -> $crate::store::StoreResult<::domain::StaffUser> {
            Ok(::domain::StaffUser {
                id,
                email: ::domain::Email::parse(&email).map_err(|e| $crate::store::StoreError::Corrupt(e.to_string()))?,
                display_name,
                password_hash: ::domain::PasswordHash(hash),
                role: ::domain::Role::parse(&role).ok_or_else(|| $crate::store::StoreError::Corrupt(format!("role {role}")))?,
                active,
                security_version,
            })
        }

        /// Ends one statement of `deps`: SQLite collects them for one command,
        /// PostgreSQL (no multi-statement prepared queries) runs it now.
        async fn end_statement(
            deps: &mut sqlx::QueryBuilder<'_, $db>,
            conn: &mut <$db as sqlx::Database>::Connection,
        ) -> $crate::store::StoreResult<()> {
            use sqlx::Executor as _;
            if <$store>::BACKEND == "sqlite" {
                deps.push(";\n");
            } else {
                conn.execute(deps.build()).await?;
                deps.reset();
            }
            Ok(())
        }

        /// Stores a batch of submissions with a fixed number of statements
        /// whatever the batch size (one insert per table, many rows each). A
        /// key seen before, in the database or earlier in the batch, returns
        /// that submission (`created: false`). Results come in the order of
        /// `batch`. With `begin_and_commit` (SQLite only, whose commands may
        /// hold several statements) the transaction opens in the batch's first
        /// command and commits in its last; otherwise the caller's transaction
        /// holds it. On an error the caller rolls back.
        async fn insert_submissions(
            conn: &mut <$db as sqlx::Database>::Connection,
            batch: &[&::domain::submission::NewSubmission],
            begin_and_commit: bool,
        ) -> $crate::store::StoreResult<Vec<::domain::submission::CreatedSubmission>> {
            use ::domain::submission::{Contact, CreatedSubmission, Reference, SubmissionDetail, CONSENT_VERSION};
            use std::collections::HashMap;
            let mut known: HashMap<String, (i64, String)> = HashMap::new();
            {
                let mut qb = sqlx::QueryBuilder::<$db>::new(if begin_and_commit { "BEGIN IMMEDIATE;\n" } else { "" });
                qb.push("select idempotency_key, id, reference from submission where idempotency_key in (");
                let mut list = qb.separated(", ");
                for new in batch {
                    list.push_bind(new.idempotency_key.as_str());
                }
                qb.push(")");
                let rows: Vec<(String, i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                for (key, id, reference) in rows {
                    known.insert(key, (id, reference));
                }
            }
            // The submissions to create: each key once, not stored before.
            let mut fresh: Vec<&::domain::submission::NewSubmission> = Vec::new();
            for new in batch {
                let key = new.idempotency_key.as_str();
                if !known.contains_key(key) && !fresh.iter().any(|f| f.idempotency_key.as_str() == key) {
                    fresh.push(new);
                }
            }
            // Reference numbers: one counter update per prefix and year.
            let mut references: Vec<String> = Vec::with_capacity(fresh.len());
            let mut next: HashMap<(String, i32), i64> = HashMap::new();
            for new in &fresh {
                let year = chrono::Datelike::year(&new.received_at);
                let slot = (new.reference_prefix.clone(), year);
                if !next.contains_key(&slot) {
                    let count = fresh
                        .iter()
                        .filter(|f| f.reference_prefix == slot.0 && chrono::Datelike::year(&f.received_at) == year)
                        .count() as i64;
                    let (first,): (i64,) = sqlx::query_as(
                        "insert into reference_counter (prefix, year, next_number) values ($1, $2, $3 + 1)
                         on conflict (prefix, year) do update set next_number = reference_counter.next_number + $3
                         returning next_number - $3",
                    )
                    .bind(&slot.0)
                    .bind(i64::from(year))
                    .bind(count)
                    .fetch_one(&mut *conn)
                    .await?;
                    next.insert(slot.clone(), first);
                }
                let number = next.get_mut(&slot).map(|n| {
                    *n += 1;
                    *n - 1
                });
                references.push(Reference::new(&slot.0, year, number.unwrap_or(1)).as_str().to_string());
            }
            let mut ids: HashMap<String, i64> = HashMap::new();
            if !fresh.is_empty() {
                let mut qb = sqlx::QueryBuilder::<$db>::new(
                    "insert into submission (reference, kind, theme_id, area_id, submitter_kind, organisation_name, locale,
                         title, body, personal_data_flags, tracking_token_hash, idempotency_key, created_at, updated_at, address_text,
                         status, due_at, search_text) ",
                );
                qb.push_values(fresh.iter().zip(&references), |mut row, (new, reference)| {
                    row.push_bind(reference.clone())
                        .push_bind(new.kind.as_str())
                        .push_bind(new.theme_id)
                        .push_bind(new.area_id)
                        .push_bind(new.submitter_kind.as_str())
                        .push_bind(new.organisation_name.as_ref().map(|t| t.as_str().to_string()))
                        .push_bind(new.locale.clone())
                        .push_bind(new.title.as_ref().map(|t| t.as_str().to_string()))
                        .push_bind(new.body.as_ref().map(|b| b.as_str().to_string()).unwrap_or_default())
                        .push_bind(new.personal_data_flags.clone())
                        .push_bind(new.tracking_token_hash.clone())
                        .push_bind(new.idempotency_key.as_str().to_string())
                        .push_bind(new.received_at)
                        .push_bind(new.received_at)
                        .push_bind(new.address.as_ref().map(|t| t.as_str().to_string()))
                        .push_bind(if new.routing.triage { "triage" } else { "new" })
                        .push_bind(new.due_at)
                        .push_bind(new.search_text.clone());
                });
                qb.push(" returning idempotency_key, id");
                let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                ids.extend(rows);
            }
            let id_of = |new: &::domain::submission::NewSubmission| ids.get(new.idempotency_key.as_str()).copied().unwrap_or_default();
            // The rows that hang off each submission. SQLite runs them as one
            // multi-statement command (one trip to sqlx's worker thread instead
            // of one per table: the single writer's time is the limit on
            // submissions per second); PostgreSQL runs each as it is written.
            let mut deps = sqlx::QueryBuilder::<$db>::new("");
            let contacts: Vec<_> = fresh
                .iter()
                .filter_map(|n| match &n.contact {
                    Contact::Reachable { email, phone } => Some((id_of(n), email.as_ref().map(|e| e.as_str().to_string()), phone.as_ref().map(|p| p.as_str().to_string()), n.received_at)),
                    Contact::Anonymous => None,
                })
                .collect();
            if !contacts.is_empty() {
                deps.push("insert into submission_contact (submission_id, email, phone, consent_version, consented_at) ");
                deps.push_values(contacts, |mut row, (id, email, phone, at)| {
                    row.push_bind(id).push_bind(email).push_bind(phone).push_bind(CONSENT_VERSION).push_bind(at);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            let ideas: Vec<i64> = fresh.iter().filter(|n| matches!(n.detail, SubmissionDetail::Idea)).map(|n| id_of(n)).collect();
            if !ideas.is_empty() {
                deps.push("insert into idea (submission_id) ");
                deps.push_values(ideas, |mut row, id| {
                    row.push_bind(id);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            let concerns: Vec<_> = fresh
                .iter()
                .filter_map(|n| match &n.detail {
                    SubmissionDetail::Concern { concern_kind, occurred, ongoing, on_behalf } => {
                        Some((id_of(n), concern_kind.as_str(), occurred.as_ref().map(|t| t.as_str().to_string()), *ongoing, on_behalf.as_str()))
                    }
                    _ => None,
                })
                .collect();
            if !concerns.is_empty() {
                deps.push("insert into concern (submission_id, concern_kind, occurred_text, ongoing, on_behalf) ");
                deps.push_values(concerns, |mut row, (id, kind, occurred, ongoing, on_behalf)| {
                    row.push_bind(id).push_bind(kind).push_bind(occurred).push_bind(ongoing).push_bind(on_behalf);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            let journeys: Vec<_> = fresh
                .iter()
                .filter_map(|n| match &n.detail {
                    SubmissionDetail::Journey { goal, result, what_would_have_helped, steps } => {
                        Some((id_of(n), goal.as_str(), result.as_str(), what_would_have_helped.as_ref().map(|t| t.as_str().to_string()), steps))
                    }
                    _ => None,
                })
                .collect();
            if !journeys.is_empty() {
                deps.push("insert into journey (submission_id, goal, result, what_would_have_helped) ");
                deps.push_values(&journeys, |mut row, (id, goal, result, helped, _)| {
                    row.push_bind(*id).push_bind(*goal).push_bind(*result).push_bind(helped.clone());
                });
                end_statement(&mut deps, &mut *conn).await?;
                let steps: Vec<_> = journeys
                    .iter()
                    .flat_map(|(id, _, _, _, steps)| steps.iter().enumerate().map(move |(i, step)| (*id, i as i64 + 1, step)))
                    .collect();
                deps.push(
                    "insert into journey_step (submission_id, position, team_id, team_choice, channel, what_happened, feeling, went_wrong) ",
                );
                deps.push_values(steps, |mut row, (id, position, step)| {
                    row.push_bind(id)
                        .push_bind(position)
                        .push_bind(step.team_id)
                        .push_bind(step.team_choice)
                        .push_bind(step.channel.as_str())
                        .push_bind(step.what_happened.as_str().to_string())
                        .push_bind(step.feeling.score())
                        .push_bind(step.went_wrong);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            let owners: Vec<_> = fresh
                .iter()
                .flat_map(|n| n.routing.owners().into_iter().map(move |(team, via, step)| (id_of(n), team, via.as_str(), step, n.received_at)))
                .collect();
            if !owners.is_empty() {
                deps.push("insert into submission_team (submission_id, team_id, via, journey_step_position, added_at) ");
                deps.push_values(owners, |mut row, (id, team, via, step, at)| {
                    row.push_bind(id).push_bind(team).push_bind(via).push_bind(step).push_bind(at);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            let decisions: Vec<_> = fresh
                .iter()
                .flat_map(|n| n.routing.decisions.iter().map(move |d| (id_of(n), d.rule_id, d.team_id, d.suggested, d.explanation.to_json(), n.received_at)))
                .collect();
            if !decisions.is_empty() {
                deps.push("insert into routing_decision (submission_id, rule_id, team_id, suggested, explanation, decided_at) ");
                deps.push_values(decisions, |mut row, (id, rule, team, suggested, explanation, at)| {
                    row.push_bind(id).push_bind(rule).push_bind(team).push_bind(suggested).push_bind(explanation).push_bind(at);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            // Receipts as intents: the worker writes the mail when it sends it.
            let mails: Vec<_> = fresh
                .iter()
                .filter_map(|n| n.receipt.as_ref().map(|receipt| (id_of(n), receipt, n.received_at)))
                .collect();
            if !mails.is_empty() {
                deps.push("insert into outbox (submission_id, recipient, locale, template, next_attempt_at, created_at) ");
                deps.push_values(mails, |mut row, (id, receipt, at)| {
                    row.push_bind(id)
                        .push_bind(receipt.recipient.as_str().to_string())
                        .push_bind(receipt.locale.clone())
                        .push_bind("receipt")
                        .push_bind(at)
                        .push_bind(at);
                });
                end_statement(&mut deps, &mut *conn).await?;
            }
            if begin_and_commit {
                deps.push("COMMIT");
            }
            // What SQLite collected (PostgreSQL has already run its statements).
            if !deps.sql().trim().is_empty() {
                deps.build().execute(&mut *conn).await?;
            }
            let created: HashMap<&str, (i64, String)> = fresh
                .iter()
                .zip(references)
                .map(|(n, reference)| (n.idempotency_key.as_str(), (id_of(n), reference)))
                .collect();
            let mut first_seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
            batch
                .iter()
                .map(|new| {
                    let key = new.idempotency_key.as_str();
                    match (known.get(key), created.get(key)) {
                        (Some((id, reference)), _) => Ok(CreatedSubmission { id: *id, reference: reference.clone(), created: false }),
                        (None, Some((id, reference))) => Ok(CreatedSubmission { id: *id, reference: reference.clone(), created: first_seen.insert(key) }),
                        (None, None) => Err($crate::store::StoreError::other("a batched submission was neither found nor stored")),
                    }
                })
                .collect()
        }

        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            fn backend(&self) -> &'static str {
                Self::BACKEND
            }

            async fn migrate(&self) -> $crate::store::StoreResult<()> {
                Self::MIGRATOR.run(self.writer()).await?;
                Ok(())
            }

            async fn applied_migrations(&self) -> $crate::store::StoreResult<Vec<String>> {
                let rows: Vec<(String,)> =
                    sqlx::query_as("select description from _sqlx_migrations where success order by version")
                        .fetch_all(self.reader())
                        .await?;
                Ok(rows.into_iter().map(|(d,)| d).collect())
            }

            async fn ping(&self) -> $crate::store::StoreResult<()> {
                // A real table, not `select 1`: a missing or broken schema is not ready.
                sqlx::query("select count(*) from team").fetch_one(self.reader()).await?;
                Ok(())
            }

            async fn close(&self) {
                self.close_pools().await;
            }

            async fn upsert_team(&self, team: &::domain::NewTeam) -> $crate::store::StoreResult<i64> {
                let mut tx = self.begin_write().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "insert into team (slug, owns_journeys, sort_order, created_at) values ($1, $2, $3, $4)
                     on conflict (slug) do update set owns_journeys = excluded.owns_journeys, sort_order = excluded.sort_order
                     returning id",
                )
                .bind(team.slug.as_str())
                .bind(team.owns_journeys)
                .bind(team.sort_order)
                .bind(chrono::Utc::now())
                .fetch_one(&mut *tx)
                .await?;
                put_names(&mut tx, "team_name", "team_id", id, &team.names).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn list_teams(&self) -> $crate::store::StoreResult<Vec<::domain::Team>> {
                let rows: Vec<(i64, String, bool, bool, i64, String, String)> = sqlx::query_as(
                    "select t.id, t.slug, t.owns_journeys, t.active, t.sort_order, n.locale, n.name
                     from team t join team_name n on n.team_id = t.id
                     order by t.active desc, t.sort_order, t.slug, n.locale",
                )
                .fetch_all(self.reader())
                .await?;
                let mut teams: Vec<::domain::Team> = Vec::new();
                let mut names: Vec<Vec<(String, String)>> = Vec::new();
                for (id, slug, owns_journeys, active, sort_order, locale, name) in rows {
                    if teams.last().map(|t| t.id) != Some(id) {
                        let slug = ::domain::Slug::parse(&slug).map_err($crate::store::StoreError::Corrupt)?;
                        teams.push(::domain::Team { id, slug, names: ::domain::Names::from_pairs([]), owns_journeys, active, sort_order });
                        names.push(Vec::new());
                    }
                    if let Some(last) = names.last_mut() { last.push((locale, name)); }
                }
                for (team, names) in teams.iter_mut().zip(names) {
                    team.names = ::domain::Names::from_pairs(names);
                }
                Ok(teams)
            }

            async fn upsert_theme(&self, theme: &::domain::NewTheme) -> $crate::store::StoreResult<i64> {
                let mut tx = self.begin_write().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "insert into theme (slug, response_target_days, is_triage, shows_danger_notice, sort_order, created_at)
                     values ($1, $2, $3, $4, $5, $6)
                     on conflict (slug) do update set response_target_days = excluded.response_target_days,
                         is_triage = excluded.is_triage, shows_danger_notice = excluded.shows_danger_notice,
                         sort_order = excluded.sort_order
                     returning id",
                )
                .bind(theme.slug.as_str())
                .bind(theme.response_target_days)
                .bind(theme.is_triage)
                .bind(theme.shows_danger_notice)
                .bind(theme.sort_order)
                .bind(chrono::Utc::now())
                .fetch_one(&mut *tx)
                .await?;
                put_names(&mut tx, "theme_name", "theme_id", id, &theme.names).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn list_themes(&self) -> $crate::store::StoreResult<Vec<::domain::Theme>> {
                let rows: Vec<(i64, String, i64, bool, bool, bool, i64, String, String)> = sqlx::query_as(
                    "select t.id, t.slug, t.response_target_days, t.is_triage, t.shows_danger_notice, t.active, t.sort_order, n.locale, n.name
                     from theme t join theme_name n on n.theme_id = t.id
                     order by t.active desc, t.sort_order, t.slug, n.locale",
                )
                .fetch_all(self.reader())
                .await?;
                let mut themes: Vec<::domain::Theme> = Vec::new();
                let mut names: Vec<Vec<(String, String)>> = Vec::new();
                for (id, slug, days, is_triage, danger, active, sort_order, locale, name) in rows {
                    if themes.last().map(|t| t.id) != Some(id) {
                        let slug = ::domain::Slug::parse(&slug).map_err($crate::store::StoreError::Corrupt)?;
                        themes.push(::domain::Theme {
                            id, slug, names: ::domain::Names::from_pairs([]), response_target_days: days,
                            is_triage, shows_danger_notice: danger, active, sort_order,
                        });
                        names.push(Vec::new());
                    }
                    if let Some(last) = names.last_mut() { last.push((locale, name)); }
                }
                for (theme, names) in themes.iter_mut().zip(names) {
                    theme.names = ::domain::Names::from_pairs(names);
                }
                Ok(themes)
            }

            async fn upsert_area(&self, area: &::domain::NewArea) -> $crate::store::StoreResult<i64> {
                let mut tx = self.begin_write().await?;
                let (id,): (i64,) = sqlx::query_as(
                    "insert into area (slug, sort_order, created_at) values ($1, $2, $3)
                     on conflict (slug) do update set sort_order = excluded.sort_order
                     returning id",
                )
                .bind(area.slug.as_str())
                .bind(area.sort_order)
                .bind(chrono::Utc::now())
                .fetch_one(&mut *tx)
                .await?;
                put_names(&mut tx, "area_name", "area_id", id, &area.names).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn list_areas(&self) -> $crate::store::StoreResult<Vec<::domain::Area>> {
                let rows: Vec<(i64, String, bool, i64, String, String)> = sqlx::query_as(
                    "select a.id, a.slug, a.active, a.sort_order, n.locale, n.name
                     from area a join area_name n on n.area_id = a.id
                     order by a.active desc, a.sort_order, a.slug, n.locale",
                )
                .fetch_all(self.reader())
                .await?;
                let mut areas: Vec<::domain::Area> = Vec::new();
                let mut names: Vec<Vec<(String, String)>> = Vec::new();
                for (id, slug, active, sort_order, locale, name) in rows {
                    if areas.last().map(|a| a.id) != Some(id) {
                        let slug = ::domain::Slug::parse(&slug).map_err($crate::store::StoreError::Corrupt)?;
                        areas.push(::domain::Area { id, slug, names: ::domain::Names::from_pairs([]), active, sort_order });
                        names.push(Vec::new());
                    }
                    if let Some(last) = names.last_mut() { last.push((locale, name)); }
                }
                for (area, names) in areas.iter_mut().zip(names) {
                    area.names = ::domain::Names::from_pairs(names);
                }
                Ok(areas)
            }

            async fn create_staff_user(&self, user: &::domain::NewStaffUser) -> $crate::store::StoreResult<i64> {
                let mut tx = self.begin_write().await?;
                let now = chrono::Utc::now();
                let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
                    "insert into staff_user (email, display_name, password_hash, role, created_at, updated_at)
                     values ($1, $2, $3, $4, $5, $5) returning id",
                )
                .bind(user.email.as_str())
                .bind(&user.display_name)
                .bind(&user.password_hash.0)
                .bind(user.role.as_str())
                .bind(now)
                .fetch_one(&mut *tx)
                .await;
                let (id,) = match inserted {
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                        return Err($crate::store::StoreError::Conflict("email"))
                    }
                    other => other?,
                };
                tx.commit().await?;
                Ok(id)
            }

            async fn find_staff_by_email(&self, email: &::domain::Email) -> $crate::store::StoreResult<Option<::domain::StaffUser>> {
                let row: Option<StaffRow> = sqlx::query_as(&format!("{STAFF_SELECT} where email = $1"))
                .bind(email.as_str())
                .fetch_optional(self.reader())
                .await?;
                row.map(staff_user).transpose()
            }

            async fn find_staff_by_id(&self, id: i64) -> $crate::store::StoreResult<Option<::domain::StaffUser>> {
                let row: Option<StaffRow> = sqlx::query_as(&format!("{STAFF_SELECT} where id = $1"))
                .bind(id)
                .fetch_optional(self.reader())
                .await?;
                row.map(staff_user).transpose()
            }

            async fn count_staff_users(&self) -> $crate::store::StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as("select count(*) from staff_user").fetch_one(self.reader()).await?;
                Ok(count)
            }

            async fn app_secret(&self, name: &str, fresh: &str) -> $crate::store::StoreResult<String> {
                let mut tx = self.begin_write().await?;
                sqlx::query("insert into app_secret (name, value, created_at) values ($1, $2, $3) on conflict (name) do nothing")
                    .bind(name)
                    .bind(fresh)
                    .bind(chrono::Utc::now())
                    .execute(&mut *tx)
                    .await?;
                let (value,): (String,) =
                    sqlx::query_as("select value from app_secret where name = $1").bind(name).fetch_one(&mut *tx).await?;
                tx.commit().await?;
                Ok(value)
            }

            async fn list_routing_rules(&self) -> $crate::store::StoreResult<Vec<::domain::routing::Rule>> {
                use ::domain::routing::{Keywords, Rule};
                use ::domain::submission::{InputKind, SubmitterKind};
                type Row = (i64, i64, String, Option<String>, Option<i64>, Option<i64>, Option<String>, String, bool);
                let rows: Vec<Row> = sqlx::query_as(
                    "select id, priority, description, input_kind, theme_id, area_id, submitter_kind, keywords, active
                     from routing_rule order by priority, id",
                )
                .fetch_all(self.reader())
                .await?;
                let teams: Vec<(i64, i64)> = sqlx::query_as("select rule_id, team_id from routing_rule_team order by rule_id, team_id")
                    .fetch_all(self.reader())
                    .await?;
                let corrupt = |what: &str, value: &str| $crate::store::StoreError::Corrupt(format!("routing rule {what} {value}"));
                rows.into_iter()
                    .map(|(id, priority, description, kind, theme_id, area_id, submitter, keywords, active)| {
                        Ok(Rule {
                            id,
                            priority,
                            description,
                            input_kind: kind.map(|k| InputKind::parse(&k).ok_or_else(|| corrupt("kind", &k))).transpose()?,
                            theme_id,
                            area_id,
                            submitter_kind: submitter.map(|k| SubmitterKind::parse(&k).ok_or_else(|| corrupt("submitter", &k))).transpose()?,
                            keywords: Keywords::parse(&keywords).ok_or_else(|| corrupt("keywords of", &id.to_string()))?,
                            team_ids: teams.iter().filter(|(rule, _)| *rule == id).map(|(_, team)| *team).collect(),
                            active,
                        })
                    })
                    .collect()
            }

            async fn save_routing_rule(&self, rule: &::domain::routing::Rule) -> $crate::store::StoreResult<i64> {
                let now = chrono::Utc::now();
                let mut tx = self.begin_write().await?;
                let id = if rule.id == 0 {
                    let (id,): (i64,) = sqlx::query_as(
                        "insert into routing_rule (priority, description, input_kind, theme_id, area_id, submitter_kind, keywords, active, created_at, updated_at)
                         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning id",
                    )
                    .bind(rule.priority)
                    .bind(&rule.description)
                    .bind(rule.input_kind.map(|k| k.as_str()))
                    .bind(rule.theme_id)
                    .bind(rule.area_id)
                    .bind(rule.submitter_kind.map(|k| k.as_str()))
                    .bind(rule.keywords.to_text())
                    .bind(rule.active)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    id
                } else {
                    let updated = sqlx::query(
                        "update routing_rule set priority = $2, description = $3, input_kind = $4, theme_id = $5, area_id = $6,
                             submitter_kind = $7, keywords = $8, active = $9, updated_at = $10 where id = $1",
                    )
                    .bind(rule.id)
                    .bind(rule.priority)
                    .bind(&rule.description)
                    .bind(rule.input_kind.map(|k| k.as_str()))
                    .bind(rule.theme_id)
                    .bind(rule.area_id)
                    .bind(rule.submitter_kind.map(|k| k.as_str()))
                    .bind(rule.keywords.to_text())
                    .bind(rule.active)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    if updated.rows_affected() == 0 {
                        return Err($crate::store::StoreError::NotFound("routing rule"));
                    }
                    sqlx::query("delete from routing_rule_team where rule_id = $1").bind(rule.id).execute(&mut *tx).await?;
                    rule.id
                };
                for team in &rule.team_ids {
                    sqlx::query("insert into routing_rule_team (rule_id, team_id) values ($1, $2)").bind(id).bind(team).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(id)
            }

            async fn create_submission(
                &self,
                new: &::domain::submission::NewSubmission,
            ) -> $crate::store::StoreResult<::domain::submission::CreatedSubmission> {
                self.store_submission(new).await
            }

            async fn submission_by_token_hash(
                &self,
                token_hash: &str,
            ) -> $crate::store::StoreResult<Option<::domain::submission::SubmissionSummary>> {
                type Row = (i64, String, String, String, Option<String>, String, Option<i64>, Option<i64>, String, String, String, Option<String>, Option<String>, chrono::DateTime<chrono::Utc>);
                let row: Option<Row> = sqlx::query_as(
                    "select s.id, s.reference, s.kind, s.status, s.title, s.body, s.theme_id, s.area_id, s.submitter_kind, s.locale,
                         s.personal_data_flags, s.address_text, c.concern_kind, s.created_at
                     from submission s left join concern c on c.submission_id = s.id
                     where s.tracking_token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(self.reader())
                .await?;
                row.map(|(id, reference, kind, status, title, body, theme_id, area_id, submitter_kind, locale, personal_data_flags, address, concern_kind, created_at)| {
                    Ok(::domain::submission::SubmissionSummary {
                        id,
                        reference,
                        kind: ::domain::submission::InputKind::parse(&kind)
                            .ok_or_else(|| $crate::store::StoreError::Corrupt(format!("kind {kind}")))?,
                        status,
                        title,
                        body,
                        theme_id,
                        area_id,
                        submitter_kind,
                        locale,
                        personal_data_flags,
                        address,
                        concern_kind,
                        created_at,
                    })
                })
                .transpose()
            }

            async fn count_submissions(&self) -> $crate::store::StoreResult<i64> {
                let (count,): (i64,) = sqlx::query_as("select count(*) from submission").fetch_one(self.reader()).await?;
                Ok(count)
            }

            async fn claim_mail(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                lease_until: chrono::DateTime<chrono::Utc>,
            ) -> $crate::store::StoreResult<Option<$crate::mail::QueuedMail>> {
                let mut tx = self.begin_write().await?;
                let row: Option<(i64, String, String, String, i64, Option<i64>)> =
                    sqlx::query_as(Self::CLAIM_MAIL_SQL).bind(now).bind(lease_until).fetch_optional(&mut *tx).await?;
                let Some((id, recipient, locale, template, attempts, submission_id)) = row else {
                    tx.commit().await?;
                    return Ok(None);
                };
                let item: Option<(String, String)> = match submission_id {
                    Some(submission_id) => sqlx::query_as("select reference, idempotency_key from submission where id = $1")
                        .bind(submission_id)
                        .fetch_optional(&mut *tx)
                        .await?,
                    None => None,
                };
                tx.commit().await?;
                let item = item.map(|(reference, idempotency_key)| $crate::mail::QueuedItem { reference, idempotency_key });
                Ok(Some($crate::mail::QueuedMail { id, recipient, locale, template, attempts, item }))
            }

            async fn mail_sent(&self, id: i64, at: chrono::DateTime<chrono::Utc>) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("update outbox set state = 'sent', sent_at = $2, last_error = null where id = $1")
                    .bind(id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn mail_failed(
                &self,
                id: i64,
                reason: &str,
                retry_at: Option<chrono::DateTime<chrono::Utc>>,
            ) -> $crate::store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                match retry_at {
                    Some(at) => sqlx::query("update outbox set state = 'pending', next_attempt_at = $2, last_error = $3 where id = $1")
                        .bind(id)
                        .bind(at)
                        .bind(reason)
                        .execute(&mut *tx)
                        .await?,
                    None => sqlx::query("update outbox set state = 'dead', last_error = $2 where id = $1")
                        .bind(id)
                        .bind(reason)
                        .execute(&mut *tx)
                        .await?,
                };
                tx.commit().await?;
                Ok(())
            }

            async fn outbox_counts(&self) -> $crate::store::StoreResult<(i64, i64, i64)> {
                let rows: Vec<(String, i64)> = sqlx::query_as("select state, count(*) from outbox group by state")
                    .fetch_all(self.reader())
                    .await?;
                let count = |states: &[&str]| rows.iter().filter(|(s, _)| states.contains(&s.as_str())).map(|(_, n)| n).sum::<i64>();
                Ok((count(&["pending", "sending"]), count(&["sent"]), count(&["dead"])))
            }
        }
    };
}
pub(crate) use impl_store;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telemetry::ErrorChain;

    #[test]
    fn store_errors_keep_their_cause_for_the_log() {
        let error = StoreError::unavailable(std::io::Error::other("No space left on device"));
        assert_eq!(ErrorChain(&error).to_string(), "database unavailable: No space left on device");
        let error: StoreError = sqlx::Error::PoolTimedOut.into();
        assert!(matches!(error, StoreError::Unavailable(_)));
        assert!(ErrorChain(&error).to_string().starts_with("database unavailable: pool timed out"), "{}", ErrorChain(&error));
        let error: StoreError = sqlx::Error::RowNotFound.into();
        assert!(matches!(error, StoreError::Database(_)));
        assert!(ErrorChain(&error).to_string().contains("no rows returned"), "{}", ErrorChain(&error));
    }
}
