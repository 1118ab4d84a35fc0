//! The embedded default: one SQLite file in WAL mode.
//!
//! Reads use a pool of connections; writes go through a single-connection
//! pool and start with `BEGIN IMMEDIATE`, so concurrent writers queue in the
//! pool instead of failing with SQLITE_BUSY (a deferred transaction that
//! upgrades to a write lock does not wait for busy_timeout).

use super::admin::impl_admin_store;
use super::workspace::impl_workspace_store;
use super::{impl_store, StoreError, StoreResult};
use crate::config::SqliteSynchronous;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    read: SqlitePool,
    write: SqlitePool,
}

impl SqliteStore {
    const BACKEND: &'static str = "sqlite";
    const MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
    /// One writer at a time (BEGIN IMMEDIATE) makes the claim exclusive.
    const CLAIM_MAIL_SQL: &'static str = "update outbox set state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         where id = (select id from outbox
                     where state in ('pending', 'sending') and next_attempt_at <= $1
                     order by next_attempt_at, id limit 1)
         returning id, recipient, subject, body_text, body_html, attempts";

    /// Opens the file, creating it and its folder on first start.
    pub async fn open(path: &Path, synchronous: SqliteSynchronous, acquire_timeout: Duration) -> StoreResult<SqliteStore> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Unavailable(format!("cannot create {}: {e}", parent.display())))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(match synchronous {
                SqliteSynchronous::Full => sqlx::sqlite::SqliteSynchronous::Full,
                SqliteSynchronous::Normal => sqlx::sqlite::SqliteSynchronous::Normal,
            })
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_timeout(acquire_timeout)
            .connect_with(options.clone())
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(acquire_timeout)
            .connect_with(options)
            .await?;
        Ok(SqliteStore { read, write })
    }

    /// Aggregates ids into `1,2,3`.
    fn id_list(column: &str) -> String {
        format!("group_concat({column})")
    }

    /// Full-text condition: every word must occur, as a word or word start
    /// (no Norwegian stemmer in SQLite). Words are quoted, so FTS5 syntax in
    /// the input is just text.
    fn push_search(qb: &mut sqlx::QueryBuilder<'_, Sqlite>, words: &str) {
        let terms: Vec<String> = crate::domain::routing::fold_words(words).iter().map(|w| format!("\"{w}\"*")).collect();
        if terms.is_empty() {
            qb.push("1 = 1");
        } else {
            qb.push("s.id in (select rowid from submission_fts where submission_fts match ").push_bind(terms.join(" ")).push(")");
        }
    }

    fn reader(&self) -> &SqlitePool {
        &self.read
    }

    fn writer(&self) -> &SqlitePool {
        &self.write
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.write.begin_with("BEGIN IMMEDIATE").await?)
    }

    async fn close_pools(&self) {
        self.write.close().await;
        self.read.close().await;
    }

    /// The connection settings in force, for the start-up check and tests:
    /// (journal_mode, synchronous, busy_timeout ms, foreign_keys).
    pub async fn pragmas(&self) -> StoreResult<(String, i64, i64, bool)> {
        let mut conn = self.write.acquire().await?;
        let (journal,): (String,) = sqlx::query_as("pragma journal_mode").fetch_one(&mut *conn).await?;
        let (synchronous,): (i64,) = sqlx::query_as("pragma synchronous").fetch_one(&mut *conn).await?;
        let (busy,): (i64,) = sqlx::query_as("pragma busy_timeout").fetch_one(&mut *conn).await?;
        let (fk,): (bool,) = sqlx::query_as("pragma foreign_keys").fetch_one(&mut *conn).await?;
        Ok((journal, synchronous, busy, fk))
    }
}

impl_store!(SqliteStore, Sqlite);
impl_workspace_store!(SqliteStore, Sqlite);
impl_admin_store!(SqliteStore, Sqlite);
