//! Where SQLite and PostgreSQL differ, side by side. The shared queries in
//! `sql/` ask the backend's `Dialect` instead of testing which one it is.

use super::{PostgresStore, SqliteStore};
use sqlx::{Postgres, QueryBuilder, Sqlite};

pub(crate) trait Dialect {
    type Db: sqlx::Database;
    /// `sqlite` or `postgres`.
    const BACKEND: &'static str;
    const MIGRATOR: sqlx::migrate::Migrator;
    /// Prefix that keeps the planner from using an index for an ORDER BY term.
    const UNINDEXED: &'static str;
    /// Takes up to `$3` due mails and reserves them (`$1` now, `$2` lease end).
    const CLAIM_MAIL_SQL: &'static str;
    /// Claims up to `$3` due webhook deliveries until `$2` (now is `$1`).
    const CLAIM_WEBHOOK_SQL: &'static str;
    /// Whether one command may hold several statements, so a batch of
    /// inserts goes to the database in one round trip.
    const SEVERAL_STATEMENTS_PER_COMMAND: bool;
    /// Appended to a `select` in a write transaction to lock its rows until
    /// commit (SQLite's `BEGIN IMMEDIATE` already holds the only write lock).
    const LOCK_ROW: &'static str;
    /// Aggregates rows of `values` into one JSON array of arrays (`[]` for
    /// none), in no particular order.
    fn json_rows(values: &str) -> String;
    /// Aggregates ids into `1,2,3` (read back with [`parse_ids`]).
    fn id_list(column: &str) -> String;
    /// Whether [`Dialect::push_search`] also keeps only the items of the
    /// teams it is given, so the query need not check them again.
    const SEARCH_KEEPS_TEAMS: bool;
    /// Adds the full-text condition on `s` (the submission) for `words`,
    /// for items of at least one of `any_of` (when given) and of `team`
    /// (when given).
    fn push_search(qb: &mut QueryBuilder<'_, Self::Db>, words: &str, any_of: Option<&[i64]>, team: Option<i64>);
}

impl Dialect for SqliteStore {
    type Db = Sqlite;
    const BACKEND: &'static str = "sqlite";
    const MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
    const UNINDEXED: &'static str = "+";
    /// One writer at a time (BEGIN IMMEDIATE) makes the claim exclusive.
    const CLAIM_MAIL_SQL: &'static str = "update outbox set state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         where id in (select id from outbox
                      where state in ('pending', 'sending') and next_attempt_at <= $1
                      order by next_attempt_at, id limit $3)
         returning id, recipient, locale, template, attempts, coalesce(resent_at, created_at) as since, submission_id";
    const CLAIM_WEBHOOK_SQL: &'static str = "update webhook_delivery set state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         where id in (select id from webhook_delivery
                      where state in ('pending', 'sending') and next_attempt_at <= $1
                      order by next_attempt_at, id limit $3)
         returning id, webhook_id, event, reference, occurred_at, attempts, created_at";
    const SEVERAL_STATEMENTS_PER_COMMAND: bool = true;
    const LOCK_ROW: &'static str = "";

    fn json_rows(values: &str) -> String {
        format!("json_group_array(json_array({values}))")
    }

    fn id_list(column: &str) -> String {
        format!("group_concat({column})")
    }

    /// The index holds each item's active teams (`t12`) beside its text.
    const SEARCH_KEEPS_TEAMS: bool = true;

    /// Every word must occur in the text, as a word or word start (no
    /// Norwegian stemmer in SQLite). Words are quoted, so FTS5 syntax in the
    /// input is just text. The teams are matched in the index too, so a
    /// search only ever meets the reader's items.
    fn push_search(qb: &mut QueryBuilder<'_, Sqlite>, words: &str, any_of: Option<&[i64]>, team: Option<i64>) {
        let mut terms: Vec<String> = domain::routing::fold_words(words).iter().map(|w| format!("search_text : \"{w}\"*")).collect();
        if let Some(teams) = any_of.filter(|teams| !teams.is_empty()) {
            let teams: Vec<String> = teams.iter().map(|t| format!("scope : t{t}")).collect();
            terms.push(format!("({})", teams.join(" OR ")));
        }
        if let Some(team) = team {
            terms.push(format!("scope : t{team}"));
        }
        if terms.is_empty() {
            // Nothing but punctuation, for every team: no condition.
            qb.push("1 = 1");
        } else {
            qb.push("s.id in (select rowid from submission_fts where submission_fts match ").push_bind(terms.join(" AND ")).push(")");
        }
    }
}

impl Dialect for PostgresStore {
    type Db = Postgres;
    const BACKEND: &'static str = "postgres";
    const MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");
    /// The planner weighs the search itself; nothing to add (and unary plus
    /// does not exist for timestamps).
    const UNINDEXED: &'static str = "";
    /// SKIP LOCKED: several instances' workers never claim the same mail.
    const CLAIM_MAIL_SQL: &'static str = "update outbox set state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         where id in (select id from outbox
                      where state in ('pending', 'sending') and next_attempt_at <= $1
                      order by next_attempt_at, id limit $3 for update skip locked)
         returning id, recipient, locale, template, attempts, coalesce(resent_at, created_at) as since, submission_id";
    const CLAIM_WEBHOOK_SQL: &'static str = "update webhook_delivery set state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         where id in (select id from webhook_delivery
                      where state in ('pending', 'sending') and next_attempt_at <= $1
                      order by next_attempt_at, id limit $3 for update skip locked)
         returning id, webhook_id, event, reference, occurred_at, attempts, created_at";
    /// Prepared statements hold one statement each.
    const SEVERAL_STATEMENTS_PER_COMMAND: bool = false;
    const LOCK_ROW: &'static str = " for update";

    fn json_rows(values: &str) -> String {
        format!("coalesce(json_agg(json_build_array({values})), '[]')::text")
    }

    fn id_list(column: &str) -> String {
        format!("string_agg(({column})::text, ',')")
    }

    /// The teams are checked by the query, through `submission_team`.
    const SEARCH_KEEPS_TEAMS: bool = false;

    /// The Norwegian stemmer; `plainto_tsquery` treats the input as plain words.
    fn push_search(qb: &mut QueryBuilder<'_, Postgres>, words: &str, _any_of: Option<&[i64]>, _team: Option<i64>) {
        qb.push("s.search_vector @@ plainto_tsquery('norwegian', ").push_bind(words.to_string()).push(")");
    }
}

/// Parses `1,2,3` (an [`Dialect::id_list`] aggregate) into ids.
pub(crate) fn parse_ids(list: Option<String>) -> Vec<i64> {
    list.unwrap_or_default().split(',').filter_map(|s| s.trim().parse().ok()).collect()
}

/// Reads a [`Dialect::json_rows`] aggregate into rows; `what` names the
/// rows in the error if the database holds something else.
pub(crate) fn parse_json_rows<'a, T: serde::Deserialize<'a>>(json: &'a str, what: &str) -> super::StoreResult<Vec<T>> {
    serde_json::from_str(json).map_err(|e| super::StoreError::Corrupt(format!("{what}: {e}")))
}

/// A time inside [`Dialect::json_rows`] rows, in the RFC 3339 form both
/// databases write: much cheaper than chrono's general parser.
pub(crate) fn parse_json_time(text: &str, what: &str) -> super::StoreResult<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text).map(|t| t.to_utc()).map_err(|e| super::StoreError::Corrupt(format!("{what}: {e}")))
}
