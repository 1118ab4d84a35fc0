//! SQL of personal data over its life: erase, anonymise, restrict, keep,
//! forget a contact, find what retention makes due, read the audit log.

use super::trail::audit;
use super::Backend;
use crate::store::privacy::{AuditEntry, KeptFor, PrivacyState, RetentionDue};
use crate::store::{StoreError, StoreResult};
use domain::workspace::Actor;

type Time = chrono::DateTime<chrono::Utc>;

#[derive(sqlx::FromRow)]
struct AuditRow {
    id: i64,
    at: Time,
    staff_name: Option<String>,
    action: String,
    reference: Option<String>,
    submission_id: Option<i64>,
    detail: String,
    client_hash: Option<String>,
}

fn kept(value: Option<String>) -> StoreResult<Option<KeptFor>> {
    value.map(|v| KeptFor::parse(&v).ok_or_else(|| StoreError::Corrupt(format!("kept_for {v}")))).transpose()
}

#[async_trait::async_trait]
impl crate::store::privacy::PrivacyStore for Backend {
    async fn privacy_state(&self, id: i64) -> StoreResult<Option<PrivacyState>> {
        let row: Option<(String, Option<Time>, Option<String>, Option<Time>)> =
            sqlx::query_as("select reference, restricted_at, kept_for, anonymised_at from submission where id = $1")
                .bind(id)
                .fetch_optional(self.reader())
                .await?;
        row.map(|(reference, restricted, kept_for, anonymised)| {
            Ok(PrivacyState { reference, restricted: restricted.is_some(), kept_for: kept(kept_for)?, anonymised: anonymised.is_some() })
        })
        .transpose()
    }

    async fn erase_item(&self, id: i64, actor: Option<Actor>, now: Time) -> StoreResult<Option<String>> {
        let mut tx = self.begin_write().await?;
        let found: Option<(String,)> = sqlx::query_as("select reference from submission where id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let Some((reference,)) = found else {
            tx.commit().await?;
            return Ok(None);
        };
        // Its mails hold the address: they go with it (sent or not).
        sqlx::query("delete from outbox where submission_id = $1").bind(id).execute(&mut *tx).await?;
        // Items marked as its duplicates point nowhere now.
        sqlx::query("update submission set duplicate_of_id = null where duplicate_of_id = $1").bind(id).execute(&mut *tx).await?;
        // Its audit rows lose the link to it (the foreign key sets it null); the log keeps the rest.
        sqlx::query("delete from submission where id = $1").bind(id).execute(&mut *tx).await?;
        super::trail::audit_row(&mut tx, now, actor, "erase", None, &format!("reference={reference}")).await?;
        tx.commit().await?;
        Ok(Some(reference))
    }

    async fn anonymise_item(&self, id: i64, actor: Option<Actor>, now: Time) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "update submission set title = null, body = '', search_text = '', address_text = null, organisation_name = null,
                 outcome_detail = null, personal_data_flags = '', anonymised_at = $2, updated_at = $2
             where id = $1",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            tx.commit().await?;
            return Ok(false);
        }
        for statement in [
            "delete from submission_contact where submission_id = $1",
            "delete from outbox where submission_id = $1",
            "update journey_step set what_happened = '' where submission_id = $1",
            "update journey set what_would_have_helped = null where submission_id = $1",
            "update concern set occurred_text = null where submission_id = $1",
            // A point on the map says where as much as the address did.
            "update open311_request set latitude = null, longitude = null where submission_id = $1",
            "update submission_event set body = null where submission_id = $1",
            "update referral set reason = '', to_outside_body = null where submission_id = $1",
        ] {
            sqlx::query(statement).bind(id).execute(&mut *tx).await?;
        }
        audit(&mut tx, now, actor, "anonymise", id, "").await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_restricted(&self, id: i64, restricted: bool, actor: Option<Actor>, now: Time) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = if restricted {
            sqlx::query("update submission set restricted_at = $2 where id = $1 and restricted_at is null").bind(id).bind(now).execute(&mut *tx).await?
        } else {
            sqlx::query("update submission set restricted_at = null where id = $1 and restricted_at is not null").bind(id).execute(&mut *tx).await?
        }
        .rows_affected();
        if changed > 0 {
            audit(&mut tx, now, actor, if restricted { "restrict" } else { "lift_restriction" }, id, "").await?;
        }
        tx.commit().await?;
        Ok(changed > 0)
    }

    async fn set_kept_for(&self, id: i64, kept_for: Option<KeptFor>, actor: Actor, now: Time) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("update submission set kept_for = $2 where id = $1")
            .bind(id)
            .bind(kept_for.map(|k| k.as_str()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed > 0 {
            audit(&mut tx, now, Some(actor), "kept_for", id, kept_for.map(|k| k.as_str()).unwrap_or("none")).await?;
        }
        tx.commit().await?;
        Ok(changed > 0)
    }

    async fn forget_contact(&self, id: i64, now: Time) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query("delete from submission_contact where submission_id = $1").bind(id).execute(&mut *tx).await?.rows_affected();
        if removed > 0 {
            sqlx::query("delete from outbox where submission_id = $1 and state in ('pending', 'dead')").bind(id).execute(&mut *tx).await?;
            audit(&mut tx, now, None, "contact_forgotten", id, "by the resident").await?;
        }
        tx.commit().await?;
        Ok(removed > 0)
    }

    async fn resident_contact(&self, id: i64) -> StoreResult<Option<(Option<String>, Option<String>)>> {
        Ok(sqlx::query_as("select email, phone from submission_contact where submission_id = $1").bind(id).fetch_optional(self.reader()).await?)
    }

    async fn audit_view(&self, id: i64, actor: Actor, now: Time) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        audit(&mut tx, now, Some(actor), "view_flagged", id, "").await?;
        tx.commit().await?;
        Ok(())
    }

    async fn retention_due(&self, kind: domain::submission::InputKind, closed_before: Time, limit: i64) -> StoreResult<Vec<RetentionDue>> {
        let rows: Vec<(i64, Option<String>, Option<Time>)> = sqlx::query_as(
            "select id, kept_for, restricted_at from submission
             where kind = $1 and status = 'closed' and closed_at < $2
               and ((kept_for is null and anonymised_at is null) or (kept_for is not null and restricted_at is null))
             order by closed_at, id limit $3",
        )
        .bind(kind.as_str())
        .bind(closed_before)
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        rows.into_iter().map(|(id, kept_for, restricted)| Ok(RetentionDue { id, kept_for: kept(kept_for)?, restricted: restricted.is_some() })).collect()
    }

    async fn audit_log(&self, before: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "select a.id, a.at, u.display_name as staff_name, a.action, s.reference, a.submission_id, a.detail, a.client_hash
             from audit_log a left join staff_user u on u.id = a.staff_id left join submission s on s.id = a.submission_id
             where a.id < $1 order by a.id desc limit $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.reader())
        .await?;
        Ok(rows
            .into_iter()
            .map(|AuditRow { id, at, staff_name, action, reference, submission_id, detail, client_hash }| AuditEntry {
                id,
                at,
                staff_name,
                action,
                reference,
                submission_id,
                detail,
                client: client_hash,
            })
            .collect())
    }
}
