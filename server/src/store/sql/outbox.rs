//! SQL of the outbox: claiming the next due mail with a lease, marking it
//! sent or failed, and counting mails per state.

use super::Backend;
use crate::store::dialect::Dialect;
use crate::store::StoreResult;

/// What `Dialect::CLAIM_MAIL_SQL` returns.
#[derive(sqlx::FromRow)]
struct ClaimedRow {
    id: i64,
    recipient: String,
    locale: String,
    template: String,
    attempts: i64,
    since: chrono::DateTime<chrono::Utc>,
    submission_id: Option<i64>,
}

/// A mail given up, as administrators see it (never the address).
#[derive(sqlx::FromRow)]
struct DeadRow {
    id: i64,
    template: String,
    reference: Option<String>,
    submission_id: Option<i64>,
    created_at: chrono::DateTime<chrono::Utc>,
    attempts: i64,
    last_error: Option<String>,
}

#[async_trait::async_trait]
impl crate::store::outbox::OutboxStore for Backend {
    async fn claim_mail(&self, now: chrono::DateTime<chrono::Utc>, lease_until: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<crate::mail::QueuedMail>> {
        let mut tx = self.begin_write().await?;
        let row: Option<ClaimedRow> = sqlx::query_as(Self::CLAIM_MAIL_SQL).bind(now).bind(lease_until).fetch_optional(&mut *tx).await?;
        let Some(ClaimedRow { id, recipient, locale, template, attempts, since, submission_id }) = row else {
            tx.commit().await?;
            return Ok(None);
        };
        let item: Option<(String, String, String)> = match submission_id {
            Some(submission_id) => {
                sqlx::query_as("select reference, idempotency_hash, token_key_id from submission where id = $1")
                    .bind(submission_id)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        tx.commit().await?;
        let item = item.map(|(reference, token_seed, token_key_id)| crate::mail::QueuedItem { reference, token_seed, token_key_id });
        Ok(Some(crate::mail::QueuedMail { id, recipient, locale, template, attempts, since, item }))
    }

    async fn mail_sent(&self, id: i64, at: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("update outbox set state = 'sent', sent_at = $2, last_error = null where id = $1").bind(id).bind(at).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mail_failed(&self, id: i64, reason: &str, retry_at: Option<chrono::DateTime<chrono::Utc>>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        match retry_at {
            Some(at) => {
                sqlx::query("update outbox set state = 'pending', next_attempt_at = $2, last_error = $3 where id = $1")
                    .bind(id)
                    .bind(at)
                    .bind(reason)
                    .execute(&mut *tx)
                    .await?
            }
            None => sqlx::query("update outbox set state = 'dead', last_error = $2 where id = $1").bind(id).bind(reason).execute(&mut *tx).await?,
        };
        tx.commit().await?;
        Ok(())
    }

    async fn dead_mails(&self, limit: i64) -> StoreResult<Vec<crate::store::outbox::DeadMail>> {
        let rows: Vec<DeadRow> = sqlx::query_as(
            "select o.id, o.template, s.reference, o.submission_id, o.created_at, o.attempts, o.last_error
             from outbox o left join submission s on s.id = o.submission_id
             where o.state = 'dead' order by o.id desc limit $1",
        )
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|DeadRow { id, template, reference, submission_id, created_at, attempts, last_error }| crate::store::outbox::DeadMail {
                id,
                template,
                reference,
                submission_id,
                created_at,
                attempts,
                last_error: last_error.unwrap_or_default(),
            })
            .collect())
    }

    async fn resend_mail(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let found: Option<(Option<i64>,)> = sqlx::query_as(
            "update outbox set state = 'pending', next_attempt_at = $2, resent_at = $2, attempts = 0
                 where id = $1 and state = 'dead' returning submission_id",
        )
        .bind(id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((submission_id,)) = found else {
            tx.commit().await?;
            return Ok(false);
        };
        super::trail::audit_row(&mut tx, now, Some(actor), "resend_mail", submission_id, &format!("mail={id}")).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn outbox_counts(&self) -> StoreResult<(i64, i64, i64)> {
        let rows: Vec<(String, i64)> = sqlx::query_as("select state, count(*) from outbox group by state").fetch_all(self.reader()).await?;
        let count = |states: &[&str]| rows.iter().filter(|(s, _)| states.contains(&s.as_str())).map(|(_, n)| n).sum::<i64>();
        Ok((count(&["pending", "sending"]), count(&["sent"]), count(&["dead"])))
    }
}
