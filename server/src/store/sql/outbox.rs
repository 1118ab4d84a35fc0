//! SQL of the outbox: claiming the due mails with a lease, marking them
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
    async fn claim_mails(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        lease_until: chrono::DateTime<chrono::Utc>,
        limit: i64,
    ) -> StoreResult<Vec<crate::mail::QueuedMail>> {
        let mut tx = self.begin_write().await?;
        let mut rows: Vec<ClaimedRow> = sqlx::query_as(Self::CLAIM_MAIL_SQL).bind(now).bind(lease_until).bind(limit).fetch_all(&mut *tx).await?;
        rows.sort_by_key(|row| row.id);
        let submissions: Vec<i64> = rows.iter().filter_map(|row| row.submission_id).collect();
        let mut items: Vec<(i64, String, String, String)> = Vec::new();
        if !submissions.is_empty() {
            let mut qb = sqlx::QueryBuilder::new("select id, reference, idempotency_hash, token_key_id from submission where id in (");
            let mut list = qb.separated(", ");
            for id in &submissions {
                list.push_bind(*id);
            }
            qb.push(")");
            items = qb.build_query_as().fetch_all(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .map(|ClaimedRow { id, recipient, locale, template, attempts, since, submission_id }| {
                let item = submission_id.and_then(|s| items.iter().find(|(id, ..)| *id == s)).map(|(_, reference, token_seed, token_key_id)| {
                    crate::mail::QueuedItem { reference: reference.clone(), token_seed: token_seed.clone(), token_key_id: token_key_id.clone() }
                });
                crate::mail::QueuedMail { id, recipient, locale, template, attempts, since, item }
            })
            .collect())
    }

    async fn mails_sent(&self, ids: &[i64], at: chrono::DateTime<chrono::Utc>) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        let mut qb = sqlx::QueryBuilder::new("update outbox set state = 'sent', last_error = null, sent_at = ");
        qb.push_bind(at).push(" where id in (");
        let mut list = qb.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        qb.push(")");
        qb.build().execute(&mut *tx).await?;
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
