//! SQL of API keys and Open311 tokens.

use super::Backend;
use crate::store::api::{ApiKey, NewApiKey, TokenState};
use crate::store::StoreResult;

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: i64,
    name: String,
    key_hint: String,
    per_hour: i64,
    created_at: chrono::DateTime<chrono::Utc>,
    revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

const KEY_SELECT: &str = "select id, name, key_hint, per_hour, created_at, revoked_at, last_used_at from api_key";

fn api_key(row: KeyRow) -> ApiKey {
    ApiKey {
        id: row.id,
        name: row.name,
        hint: row.key_hint,
        per_hour: row.per_hour,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
    }
}

#[async_trait::async_trait]
impl crate::store::api::ApiStore for Backend {
    async fn create_api_key(&self, key: &NewApiKey) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) =
            sqlx::query_as("insert into api_key (name, key_hash, key_hint, per_hour, created_at, created_by) values ($1, $2, $3, $4, $5, $6) returning id")
                .bind(&key.name)
                .bind(&key.key_hash)
                .bind(&key.hint)
                .bind(key.per_hour)
                .bind(key.now)
                .bind(key.actor.staff_id)
                .fetch_one(&mut *tx)
                .await?;
        super::trail::audit_row(&mut tx, key.now, Some(key.actor), "admin_api_key_issued", None, &id.to_string()).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>> {
        let rows: Vec<KeyRow> = sqlx::query_as(&format!("{KEY_SELECT} order by id desc")).fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(api_key).collect())
    }

    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKey>> {
        let row: Option<KeyRow> = sqlx::query_as(&format!("{KEY_SELECT} where key_hash = $1")).bind(key_hash).fetch_optional(self.reader()).await?;
        Ok(row.map(api_key))
    }

    async fn revoke_api_key(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("update api_key set revoked_at = $1 where id = $2 and revoked_at is null").bind(now).bind(id).execute(&mut *tx).await?;
        if changed.rows_affected() == 0 {
            return Ok(false);
        }
        super::trail::audit_row(&mut tx, now, Some(actor), "admin_api_key_revoked", None, &id.to_string()).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn open311_token(&self, token: &str) -> StoreResult<Option<TokenState>> {
        let row: Option<(String, String, bool)> = sqlx::query_as(
            "select s.reference, s.status, s.held_reason is not null from open311_request o join submission s on s.id = o.submission_id where o.token = $1",
        )
        .bind(token)
        .fetch_optional(self.reader())
        .await?;
        Ok(row.map(|(reference, status, held)| TokenState { reference, status, held }))
    }
}
