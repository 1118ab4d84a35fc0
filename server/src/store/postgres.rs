//! PostgreSQL: the production and scale-out database. Several stateless app
//! instances may share one database; nothing here assumes a single process.

use super::admin::impl_admin_store;
use super::consultation::impl_consultation_store;
use super::participation::impl_participation_store;
use super::workspace::impl_workspace_store;
use super::{impl_store, StoreError, StoreResult};
use domain::submission::{CreatedSubmission, NewSubmission};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};
use std::time::Duration;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    const BACKEND: &'static str = "postgres";
    /// PostgreSQL's planner weighs the search itself; nothing to add (and
    /// unary plus does not exist for timestamps).
    const UNINDEXED: &'static str = "";
    const MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");
    /// SKIP LOCKED: several instances' workers never claim the same mail.
    const CLAIM_MAIL_SQL: &'static str = "update outbox set state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         where id = (select id from outbox
                     where state in ('pending', 'sending') and next_attempt_at <= $1
                     order by next_attempt_at, id limit 1 for update skip locked)
         returning id, recipient, locale, template, attempts, submission_id";

    /// Connects lazily-checked: the first connection is made now, so a wrong
    /// URL or password fails start-up with a clear error.
    pub async fn open(url: &str, acquire_timeout: Duration) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(acquire_timeout).connect(url).await?;
        Ok(PostgresStore { pool })
    }

    /// Aggregates rows of `values` into one JSON array of arrays (`[]` for
    /// none), in no particular order.
    fn json_rows(values: &str) -> String {
        format!("coalesce(json_agg(json_build_array({values})), '[]')::text")
    }

    /// Aggregates ids into `1,2,3`.
    fn id_list(column: &str) -> String {
        format!("string_agg(({column})::text, ',')")
    }

    /// Full-text condition with the Norwegian stemmer; `plainto_tsquery`
    /// treats the input as plain words.
    fn push_search(qb: &mut sqlx::QueryBuilder<'_, Postgres>, words: &str) {
        qb.push("s.search_vector @@ plainto_tsquery('norwegian', ").push_bind(words.to_string()).push(")");
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
                let row: Option<(i64, String)> = sqlx::query_as("select id, reference from submission where idempotency_key = $1")
                    .bind(new.idempotency_key.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(id, reference)| CreatedSubmission { id, reference, created: false }).ok_or(StoreError::Conflict("idempotency_key"))
            }
            Err(error) => Err(error),
        }
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

impl_store!(PostgresStore, Postgres);
impl_workspace_store!(PostgresStore, Postgres);
impl_admin_store!(PostgresStore, Postgres);
impl_participation_store!(PostgresStore, Postgres);
impl_consultation_store!(PostgresStore, Postgres);
