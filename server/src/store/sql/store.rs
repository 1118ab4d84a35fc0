//! SQL of the database as a whole: migrations, readiness, shared secrets.

use super::Backend;
use crate::store::dialect::Dialect;
use crate::store::StoreResult;

#[async_trait::async_trait]
impl crate::store::Store for Backend {
    fn backend(&self) -> &'static str {
        Self::BACKEND
    }

    async fn migrate(&self) -> StoreResult<()> {
        Self::MIGRATOR.run(self.writer()).await?;
        Ok(())
    }

    async fn applied_migrations(&self) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("select description from _sqlx_migrations where success order by version").fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(|(d,)| d).collect())
    }

    async fn ping(&self) -> StoreResult<()> {
        // A real table, not `select 1`: a missing or broken schema is not ready.
        sqlx::query("select count(*) from team").fetch_one(self.reader()).await?;
        // And a real write: a full disk, a read-only file or a dead writer is not ready either.
        if !self.writer_alive() {
            return Err(crate::store::StoreError::unavailable("the submission writer has stopped"));
        }
        let mut tx = self.begin_write().await?;
        sqlx::query("insert into health_probe (id, written_at) values (1, $1) on conflict (id) do update set written_at = excluded.written_at")
            .bind(chrono::Utc::now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn close(&self) {
        self.close_pools().await;
    }

    async fn app_secret(&self, name: &str, fresh: &str) -> StoreResult<String> {
        let mut tx = self.begin_write().await?;
        sqlx::query("insert into app_secret (name, value, created_at) values ($1, $2, $3) on conflict (name) do nothing")
            .bind(name)
            .bind(fresh)
            .bind(chrono::Utc::now())
            .execute(&mut *tx)
            .await?;
        let (value,): (String,) = sqlx::query_as("select value from app_secret where name = $1").bind(name).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(value)
    }
}
