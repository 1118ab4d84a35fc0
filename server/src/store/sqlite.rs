//! The embedded default: one SQLite file in WAL mode.
//!
//! Reads use a pool of connections; writes go through a single-connection
//! pool and start with `BEGIN IMMEDIATE`, so concurrent writers queue in the
//! pool instead of failing with SQLITE_BUSY (a deferred transaction that
//! upgrades to a write lock does not wait for busy_timeout).
//!
//! New submissions go through a group-commit queue: one task takes every
//! submission waiting at that moment and stores them in one transaction
//! (one commit, one fsync), so the busiest path does not pay a commit per
//! item. A submission alone is written at once; nobody waits for a batch to fill.

use super::{StoreError, StoreResult};
use crate::config::SqliteSynchronous;
use domain::submission::{CreatedSubmission, NewSubmission};
use sql::submissions::insert_submissions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::{Sqlite, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

pub struct SqliteStore {
    read: SqlitePool,
    write: SqlitePool,
    submissions: tokio::sync::mpsc::Sender<SubmissionJob>,
}

/// A submission waiting for the group-commit task, and where its answer goes.
struct SubmissionJob {
    submission: NewSubmission,
    reply: tokio::sync::oneshot::Sender<StoreResult<CreatedSubmission>>,
}

/// Most submissions stored in one transaction.
const MAX_BATCH: usize = 64;

/// A pool of `max` connections. No ping before each use: a connection to a
/// local file cannot drop silently, and a ping is one more trip to sqlx's
/// worker thread. A connection that comes back still inside a transaction is
/// closed (SQLite rolls the transaction back) instead of being used again: a
/// request cut off by a client that went away can leave its BEGIN done with
/// nothing left to end it (the acknowledgement reached a future that was
/// dropped), and every later BEGIN on that connection would fail — on the
/// one writer, every write.
fn pool_options(max: u32, acquire_timeout: Duration) -> SqlitePoolOptions {
    SqlitePoolOptions::new().test_before_acquire(false).max_connections(max).acquire_timeout(acquire_timeout).after_release(|conn, _| {
        Box::pin(async move {
            let clean = !sqlx::Connection::is_in_transaction(conn);
            if !clean {
                tracing::warn!("a database connection came back inside a transaction; closed, its transaction rolled back");
            }
            Ok(clean)
        })
    })
}

/// Reader connections: two per core, from two to eight. Each is a thread of
/// sqlx's with its own page cache and allocator pages; a search holds its
/// full-text merge buffers there. Past two per core they add memory (the
/// bench's searches on a 2-core machine: 8 readers peaked at 125 MB), not
/// throughput, since SQLite's reads are CPU work on a file in the OS cache.
fn reader_count() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
    (cores * 2).clamp(2, 8)
}

impl SqliteStore {
    /// Opens the file, creating it and its folder on first start.
    pub async fn open(path: &Path, synchronous: SqliteSynchronous, acquire_timeout: Duration) -> StoreResult<SqliteStore> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::unavailable(format!("cannot create {}: {e}", parent.display())))?;
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
        // The one writer keeps 64 MiB of pages (SQLite's default is 2 MiB): every
        // change also moves the insight sums, and their pages stay hot here
        // instead of being read back from the OS for each transaction.
        let write_options = options.clone().pragma("cache_size", "-65536");
        let write = pool_options(1, acquire_timeout).connect_with(write_options.clone()).await?;
        let read = pool_options(reader_count(), acquire_timeout).connect_with(options).await?;
        let (submissions, queue) = tokio::sync::mpsc::channel(1024);
        tokio::spawn(group_commit(write.clone(), write_options, queue));
        Ok(SqliteStore { read, write, submissions })
    }

    /// Queues the submission for the group-commit task and waits for its result.
    async fn store_submission(&self, new: &NewSubmission) -> StoreResult<CreatedSubmission> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let stopped = || StoreError::unavailable("the submission writer has stopped");
        self.submissions.send(SubmissionJob { submission: new.clone(), reply }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// False once the group-commit task has stopped: no submission could be stored.
    fn writer_alive(&self) -> bool {
        !self.submissions.is_closed()
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

/// What a backup holds, as checked after writing it.
#[derive(Debug)]
pub struct BackupCopy {
    pub submissions: i64,
    pub migrations: i64,
}

/// Writes a consistent copy of the database at `source` to `target` with
/// `VACUUM INTO` (one read transaction: a running server goes on writing,
/// and the copy is the database as of one moment), then opens the copy and
/// checks it is whole. Refuses to overwrite anything.
pub async fn backup(source: &Path, target: &Path) -> StoreResult<BackupCopy> {
    use sqlx::{ConnectOptions as _, Connection as _};
    if target.exists() {
        return Err(StoreError::other(format!("{} exists already; choose a new name", target.display())));
    }
    let target_text = target.to_str().ok_or_else(|| StoreError::other("the backup path is not valid text"))?;
    let mut source_conn = SqliteConnectOptions::from_str("sqlite:")?.filename(source).read_only(true).connect().await?;
    sqlx::query("vacuum into $1").bind(target_text).execute(&mut source_conn).await?;
    source_conn.close().await?;
    let mut copy = SqliteConnectOptions::from_str("sqlite:")?.filename(target).read_only(true).connect().await?;
    let (check,): (String,) = sqlx::query_as("pragma integrity_check").fetch_one(&mut copy).await?;
    if check != "ok" {
        return Err(StoreError::Corrupt(format!("the copy failed its integrity check: {check}")));
    }
    let (submissions,): (i64,) = sqlx::query_as("select count(*) from submission").fetch_one(&mut copy).await?;
    let (migrations,): (i64,) = sqlx::query_as("select count(*) from _sqlx_migrations where success").fetch_one(&mut copy).await?;
    copy.close().await?;
    Ok(BackupCopy { submissions, migrations })
}

/// Stores waiting submissions in batches until the store is dropped. When a
/// batch fails, its submissions are retried one by one, so one bad item
/// cannot fail the others.
async fn group_commit(pool: SqlitePool, options: SqliteConnectOptions, mut queue: tokio::sync::mpsc::Receiver<SubmissionJob>) {
    let mut connection = None;
    while let Some(first) = queue.recv().await {
        let mut batch = super::waiting_batch(first, &mut queue, MAX_BATCH);
        let submissions: Vec<&NewSubmission> = batch.iter().map(|job| &job.submission).collect();
        match write_batch(&pool, &options, &mut connection, &submissions).await {
            Ok(results) => {
                for (job, result) in batch.into_iter().zip(results) {
                    let _ = job.reply.send(Ok(result));
                }
            }
            Err(error) if batch.len() == 1 => {
                if let Some(job) = batch.pop() {
                    let _ = job.reply.send(Err(error));
                }
            }
            Err(_) => {
                for job in batch {
                    let result = write_batch(&pool, &options, &mut connection, &[&job.submission])
                        .await
                        .and_then(|mut created| created.pop().ok_or_else(|| StoreError::other("no result for a stored submission")));
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}

/// Writes one batch in one transaction on the group commit's own connection,
/// kept open between batches: no pool acquire, release and ping per batch.
/// Other writers use the pool; `BEGIN IMMEDIATE` and the busy timeout
/// serialise them with this one.
async fn write_batch(
    pool: &SqlitePool,
    options: &SqliteConnectOptions,
    connection: &mut Option<SqliteConnection>,
    submissions: &[&NewSubmission],
) -> StoreResult<Vec<CreatedSubmission>> {
    use sqlx::{ConnectOptions as _, Executor as _};
    if pool.is_closed() {
        *connection = None;
        return Err(StoreError::unavailable("the store is closed"));
    }
    let conn = match connection {
        Some(conn) => conn,
        None => connection.insert(options.connect().await?),
    };
    // The batch's first command begins the transaction, its last commits it.
    let outcome = insert_submissions(conn, submissions, true).await;
    if outcome.is_err() {
        // Undo whatever the failed batch wrote, and start the next one on a
        // fresh connection, so no half-open transaction can outlive it.
        let _ = conn.execute("ROLLBACK").await;
        *connection = None;
    }
    outcome
}

/// The shared queries, compiled for Sqlite.
type Backend = SqliteStore;
type Db = Sqlite;
#[allow(clippy::duplicate_mod, reason = "the shared queries are compiled once per backend, see sql/mod.rs")]
#[path = "sql/mod.rs"]
mod sql;

#[cfg(test)]
mod tests {
    use super::*;

    /// The stuck state a cut-off request can leave behind, made on purpose:
    /// a transaction begun and never ended, its connection given back.
    #[tokio::test]
    async fn a_connection_given_back_inside_a_transaction_is_not_used_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("db.sqlite"), SqliteSynchronous::Full, Duration::from_secs(5)).await.expect("open");
        let mut conn = store.write.acquire().await.expect("writer");
        let open = sqlx::Connection::begin(&mut *conn).await.expect("begin");
        std::mem::forget(open);
        assert!(sqlx::Connection::is_in_transaction(&*conn));
        drop(conn);
        let mut tx = store.begin_write().await.expect("a write transaction on the one writer");
        sqlx::query("create table t (x integer)").execute(&mut *tx).await.expect("write");
        tx.commit().await.expect("commit");
        let (count,): (i64,) = sqlx::query_as("select count(*) from t").fetch_one(&store.read).await.expect("read");
        assert_eq!(count, 0);
    }
}
