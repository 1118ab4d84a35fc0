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
    /// Adds the full-text condition on `s` (the submission) for `words`.
    fn push_search(qb: &mut QueryBuilder<'_, Self::Db>, words: &str);
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
    const SEVERAL_STATEMENTS_PER_COMMAND: bool = true;
    const LOCK_ROW: &'static str = "";

    fn json_rows(values: &str) -> String {
        format!("json_group_array(json_array({values}))")
    }

    fn id_list(column: &str) -> String {
        format!("group_concat({column})")
    }

    /// Every word must occur, as a word or word start (no Norwegian stemmer
    /// in SQLite). Words are quoted, so FTS5 syntax in the input is just text.
    fn push_search(qb: &mut QueryBuilder<'_, Sqlite>, words: &str) {
        let terms: Vec<String> = domain::routing::fold_words(words).iter().map(|w| format!("\"{w}\"*")).collect();
        if terms.is_empty() {
            qb.push("1 = 1");
        } else {
            qb.push("s.id in (select rowid from submission_fts where submission_fts match ").push_bind(terms.join(" ")).push(")");
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
    /// Prepared statements hold one statement each.
    const SEVERAL_STATEMENTS_PER_COMMAND: bool = false;
    const LOCK_ROW: &'static str = " for update";

    fn json_rows(values: &str) -> String {
        format!("coalesce(json_agg(json_build_array({values})), '[]')::text")
    }

    fn id_list(column: &str) -> String {
        format!("string_agg(({column})::text, ',')")
    }

    /// The Norwegian stemmer; `plainto_tsquery` treats the input as plain words.
    fn push_search(qb: &mut QueryBuilder<'_, Postgres>, words: &str) {
        qb.push("s.search_vector @@ plainto_tsquery('norwegian', ").push_bind(words.to_string()).push(")");
    }
}

/// Parses `1,2,3` (an [`Dialect::id_list`] aggregate) into ids.
pub(crate) fn parse_ids(list: Option<String>) -> Vec<i64> {
    list.unwrap_or_default().split(',').filter_map(|s| s.trim().parse().ok()).collect()
}
