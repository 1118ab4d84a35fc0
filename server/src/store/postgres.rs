//! PostgreSQL: the production and scale-out database. Several stateless app
//! instances may share one database; nothing here assumes a single process.
//!
//! New submissions go through a group commit, as on SQLite: one task per
//! instance takes every submission waiting at that moment and stores them in
//! one transaction. Reference numbers are gapless journal numbers, kept in
//! one counter row per prefix and year; its lock is taken once per batch, so
//! the row serialises batches, not every submission and its commit.

use super::{StoreError, StoreResult};
use domain::submission::{CreatedSubmission, NewSubmission};
use sql::submissions::insert_submissions;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
    submissions: tokio::sync::mpsc::Sender<SubmissionJob>,
}

/// A submission waiting for the group-commit task, and where its answer goes.
struct SubmissionJob {
    submission: NewSubmission,
    reply: tokio::sync::oneshot::Sender<StoreResult<CreatedSubmission>>,
}

/// Most submissions stored in one transaction.
const MAX_BATCH: usize = 64;

impl PostgresStore {
    /// Connects lazily-checked: the first connection is made now, so a wrong
    /// URL or password fails start-up with a clear error.
    pub async fn open(url: &str, acquire_timeout: Duration) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(acquire_timeout).connect(url).await?;
        let (submissions, queue) = tokio::sync::mpsc::channel(1024);
        tokio::spawn(group_commit(pool.clone(), queue));
        Ok(PostgresStore { pool, submissions })
    }

    /// Queues the submission for the group-commit task and waits for its result.
    async fn store_submission(&self, new: &NewSubmission) -> StoreResult<CreatedSubmission> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let stopped = || StoreError::unavailable("the submission writer has stopped");
        self.submissions.send(SubmissionJob { submission: new.clone(), reply }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Stores waiting submissions in batches until the store is dropped. A
/// submission alone, or each of a batch that failed, is stored by itself,
/// so one bad item (or a key another instance stored meanwhile) cannot
/// fail the others.
async fn group_commit(pool: PgPool, mut queue: tokio::sync::mpsc::Receiver<SubmissionJob>) {
    while let Some(first) = queue.recv().await {
        let batch = super::waiting_batch(first, &mut queue, MAX_BATCH);
        if batch.len() > 1 {
            let submissions: Vec<&NewSubmission> = batch.iter().map(|job| &job.submission).collect();
            if let Ok(results) = write_batch(&pool, &submissions).await {
                for (job, result) in batch.into_iter().zip(results) {
                    let _ = job.reply.send(Ok(result));
                }
                continue;
            }
        }
        for job in batch {
            let result = store_one(&pool, &job.submission).await;
            let _ = job.reply.send(result);
        }
    }
}

/// One batch in one transaction.
async fn write_batch(pool: &PgPool, submissions: &[&NewSubmission]) -> StoreResult<Vec<CreatedSubmission>> {
    let mut tx = pool.begin().await?;
    let created = insert_submissions(&mut tx, submissions, false).await?;
    tx.commit().await?;
    Ok(created)
}

/// One submission in its own transaction.
async fn store_one(pool: &PgPool, new: &NewSubmission) -> StoreResult<CreatedSubmission> {
    {
        let mut tx = pool.begin().await?;
        match insert_submissions(&mut tx, &[new], false).await {
            Ok(mut created) => {
                tx.commit().await?;
                created.pop().ok_or_else(|| StoreError::other("no result for a stored submission"))
            }
            // The same form posted twice at once: the other request won.
            Err(StoreError::Conflict(_)) => {
                tx.rollback().await?;
                let row: Option<(i64, String)> = sqlx::query_as("select id, reference from submission where idempotency_hash = $1")
                    .bind(new.idempotency_hash.as_str())
                    .fetch_optional(pool)
                    .await?;
                row.map(|(id, reference)| CreatedSubmission { id, reference, created: false, receipt_queued: false })
                    .ok_or(StoreError::Conflict("idempotency_hash"))
            }
            Err(error) => Err(error),
        }
    }
}

impl PostgresStore {
    /// False once the group-commit task has stopped: no submission could be stored.
    fn writer_alive(&self) -> bool {
        !self.submissions.is_closed()
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    fn writer(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Postgres>> {
        Ok(self.pool.begin().await?)
    }

    async fn close_pools(&self) {
        self.pool.close().await;
    }
}

/// The shared queries, compiled for PostgreSQL.
type Backend = PostgresStore;
type Db = Postgres;
#[allow(clippy::duplicate_mod, reason = "the shared queries are compiled once per backend, see sql/mod.rs")]
#[path = "sql/mod.rs"]
mod sql;
