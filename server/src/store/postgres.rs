//! PostgreSQL: the production and scale-out database. Several stateless app
//! instances may share one database; nothing here assumes a single process.

use super::{StoreError, StoreResult};
use domain::submission::{CreatedSubmission, NewSubmission};
use sql::submissions::insert_submissions;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects lazily-checked: the first connection is made now, so a wrong
    /// URL or password fails start-up with a clear error.
    pub async fn open(url: &str, acquire_timeout: Duration) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(acquire_timeout).connect(url).await?;
        Ok(PostgresStore { pool })
    }

    /// One transaction per submission; the pool and the database handle
    /// concurrency (the reference counter row serialises numbering).
    async fn store_submission(&self, new: &NewSubmission) -> StoreResult<CreatedSubmission> {
        let mut tx = self.begin_write().await?;
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
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(id, reference)| CreatedSubmission { id, reference, created: false }).ok_or(StoreError::Conflict("idempotency_hash"))
            }
            Err(error) => Err(error),
        }
    }

    /// Every write goes through the pool: there is no separate writer to lose.
    fn writer_alive(&self) -> bool {
        true
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
