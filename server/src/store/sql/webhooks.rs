//! SQL of webhooks: allowed prefixes, registrations, and claiming and
//! settling deliveries (which the triggers of migration 0016 queue).

use super::Backend;
use crate::store::dialect::Dialect;
use crate::store::webhooks::{NewWebhook, QueuedDelivery, Webhook, WebhookPrefix};
use crate::store::{StoreError, StoreResult};
use domain::workspace::Actor;

type Time = chrono::DateTime<chrono::Utc>;

#[derive(sqlx::FromRow)]
struct WebhookRow {
    id: i64,
    api_key_id: i64,
    key_name: String,
    url: String,
    on_created: bool,
    on_replied: bool,
    on_closed: bool,
    created_at: Time,
    pending: i64,
    delivered: i64,
    dead: i64,
    last_error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ClaimedRow {
    id: i64,
    webhook_id: i64,
    event: String,
    reference: String,
    occurred_at: Time,
    attempts: i64,
    created_at: Time,
}

#[async_trait::async_trait]
impl crate::store::webhooks::WebhookStore for Backend {
    async fn webhook_prefixes(&self) -> StoreResult<Vec<WebhookPrefix>> {
        let rows: Vec<(i64, String, Time)> =
            sqlx::query_as("select id, prefix, created_at from webhook_prefix order by prefix").fetch_all(self.reader()).await?;
        Ok(rows.into_iter().map(|(id, prefix, created_at)| WebhookPrefix { id, prefix, created_at }).collect())
    }

    async fn add_webhook_prefix(&self, prefix: &str, actor: Actor, now: Time) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query("insert into webhook_prefix (prefix, created_at, created_by) values ($1, $2, $3)")
            .bind(prefix)
            .bind(now)
            .bind(actor.staff_id)
            .execute(&mut *tx)
            .await;
        match inserted {
            Ok(_) => {}
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Err(StoreError::Conflict("prefix")),
            Err(error) => return Err(error.into()),
        }
        super::trail::audit_row(&mut tx, now, Some(actor), "admin_webhook_prefix_added", None, prefix).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_webhook_prefix(&self, id: i64, actor: Actor, now: Time) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let removed: Option<(String,)> = sqlx::query_as("delete from webhook_prefix where id = $1 returning prefix").bind(id).fetch_optional(&mut *tx).await?;
        let Some((prefix,)) = removed else {
            return Ok(false);
        };
        super::trail::audit_row(&mut tx, now, Some(actor), "admin_webhook_prefix_removed", None, &prefix).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn webhooks(&self, api_key_id: Option<i64>) -> StoreResult<Vec<Webhook>> {
        let mut qb = sqlx::QueryBuilder::new(
            "select w.id, w.api_key_id, k.name as key_name, w.url, w.on_created, w.on_replied, w.on_closed, w.created_at,
                 (select count(*) from webhook_delivery d where d.webhook_id = w.id and d.state in ('pending', 'sending')) as pending,
                 (select count(*) from webhook_delivery d where d.webhook_id = w.id and d.state = 'delivered') as delivered,
                 (select count(*) from webhook_delivery d where d.webhook_id = w.id and d.state = 'dead') as dead,
                 (select d.last_error from webhook_delivery d where d.webhook_id = w.id and d.last_error is not null
                  order by d.id desc limit 1) as last_error
             from webhook w join api_key k on k.id = w.api_key_id",
        );
        if let Some(key) = api_key_id {
            qb.push(" where w.api_key_id = ").push_bind(key);
        }
        qb.push(" order by w.id");
        let rows: Vec<WebhookRow> = qb.build_query_as().fetch_all(self.reader()).await?;
        Ok(rows
            .into_iter()
            .map(|r| Webhook {
                id: r.id,
                api_key_id: r.api_key_id,
                key_name: r.key_name,
                url: r.url,
                on_created: r.on_created,
                on_replied: r.on_replied,
                on_closed: r.on_closed,
                created_at: r.created_at,
                pending: r.pending,
                delivered: r.delivered,
                dead: r.dead,
                last_error: r.last_error,
            })
            .collect())
    }

    async fn add_webhook(&self, webhook: &NewWebhook<'_>, actor: Actor, now: Time) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "insert into webhook (api_key_id, url, secret, on_created, on_replied, on_closed, created_at)
             values ($1, $2, $3, $4, $5, $6, $7) returning id",
        )
        .bind(webhook.api_key_id)
        .bind(webhook.url)
        .bind(webhook.secret)
        .bind(webhook.on_created)
        .bind(webhook.on_replied)
        .bind(webhook.on_closed)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        super::trail::audit_row(&mut tx, now, Some(actor), "webhook_registered", None, &format!("webhook={id} {}", webhook.url)).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn delete_webhook(&self, id: i64, api_key_id: Option<i64>, actor: Actor, now: Time) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let mut qb = sqlx::QueryBuilder::new("delete from webhook where id = ");
        qb.push_bind(id);
        if let Some(key) = api_key_id {
            qb.push(" and api_key_id = ").push_bind(key);
        }
        qb.push(" returning url");
        let deleted: Option<(String,)> = qb.build_query_as().fetch_optional(&mut *tx).await?;
        let Some((url,)) = deleted else {
            return Ok(false);
        };
        super::trail::audit_row(&mut tx, now, Some(actor), "webhook_deleted", None, &format!("webhook={id} {url}")).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn claim_webhook_deliveries(&self, now: Time, lease_until: Time, limit: i64) -> StoreResult<Vec<QueuedDelivery>> {
        let due: Option<(i64,)> = sqlx::query_as("select id from webhook_delivery where state in ('pending', 'sending') and next_attempt_at <= $1 limit 1")
            .bind(now)
            .fetch_optional(self.reader())
            .await?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let mut rows: Vec<ClaimedRow> = sqlx::query_as(Self::CLAIM_WEBHOOK_SQL).bind(now).bind(lease_until).bind(limit).fetch_all(&mut *tx).await?;
        rows.sort_by_key(|row| row.id);
        let mut targets: Vec<(i64, String, String)> = Vec::new();
        if !rows.is_empty() {
            let mut qb = sqlx::QueryBuilder::new("select id, url, secret from webhook where id in (");
            let mut list = qb.separated(", ");
            for row in &rows {
                list.push_bind(row.webhook_id);
            }
            qb.push(")");
            targets = qb.build_query_as().fetch_all(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let (_, url, secret) = targets.iter().find(|(id, ..)| *id == row.webhook_id)?;
                Some(QueuedDelivery {
                    id: row.id,
                    event: row.event,
                    reference: row.reference,
                    occurred_at: row.occurred_at,
                    attempts: row.attempts,
                    since: row.created_at,
                    url: url.clone(),
                    secret: secret.clone(),
                })
            })
            .collect())
    }

    async fn webhook_delivered(&self, id: i64, at: Time) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update webhook_delivery set state = 'delivered', delivered_at = $2 where id = $1").bind(id).bind(at).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn webhook_failed(&self, id: i64, reason: &str, retry_at: Option<Time>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        match retry_at {
            Some(at) => {
                sqlx::query("update webhook_delivery set state = 'pending', next_attempt_at = $2, last_error = $3 where id = $1")
                    .bind(id)
                    .bind(at)
                    .bind(reason)
                    .execute(&mut *tx)
                    .await?
            }
            None => sqlx::query("update webhook_delivery set state = 'dead', last_error = $2 where id = $1").bind(id).bind(reason).execute(&mut *tx).await?,
        };
        tx.commit().await?;
        Ok(())
    }
}
