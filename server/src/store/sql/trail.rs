//! What every change leaves behind, shared by the aggregates: the audit
//! row, the timeline event, and the update-mail intent in the outbox.

use super::Db;
use crate::store::{StoreError, StoreResult};

/// An audit row about item `submission_id`.
pub(super) async fn audit(
    tx: &mut sqlx::Transaction<'static, Db>,
    now: chrono::DateTime<chrono::Utc>,
    actor: Option<domain::workspace::Actor>,
    action: &str,
    submission_id: i64,
    detail: &str,
) -> StoreResult<()> {
    audit_row(tx, now, actor, action, Some(submission_id), detail).await
}

/// Every audit row is written here: who (none for the system or a
/// resident), for which team, from which connection (its keyed hash), what,
/// about which item, when.
pub(super) async fn audit_row(
    tx: &mut sqlx::Transaction<'static, Db>,
    now: chrono::DateTime<chrono::Utc>,
    actor: Option<domain::workspace::Actor>,
    action: &str,
    submission_id: Option<i64>,
    detail: &str,
) -> StoreResult<()> {
    sqlx::query("insert into audit_log (at, staff_id, team_id, client_hash, action, submission_id, detail) values ($1, $2, $3, $4, $5, $6, $7)")
        .bind(now)
        .bind(actor.map(|a| a.staff_id))
        .bind(actor.and_then(|a| a.team_id))
        .bind(actor.and_then(|a| a.client).map(|c| c.hex()))
        .bind(action)
        .bind(submission_id)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments, reason = "one timeline event has this many columns")]
pub(super) async fn event(
    tx: &mut sqlx::Transaction<'static, Db>,
    now: chrono::DateTime<chrono::Utc>,
    submission_id: i64,
    kind: &str,
    is_public: bool,
    body: Option<&str>,
    status: Option<&str>,
    actor: Option<domain::workspace::Actor>,
    team_id: Option<i64>,
) -> StoreResult<()> {
    sqlx::query(
        "insert into submission_event (submission_id, kind, is_public, body, status, staff_id, team_id, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(submission_id)
    .bind(kind)
    .bind(is_public)
    .bind(body)
    .bind(status)
    .bind(actor.map(|a| a.staff_id))
    .bind(team_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues the "there is an update" mail for the item's resident, when
/// they gave an e-mail address. Also used by the participation store.
pub(super) async fn queue_update_mail(
    tx: &mut sqlx::Transaction<'static, Db>,
    submission_id: i64,
    _intent: &crate::store::outbox::UpdateMail,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    queue_mail(tx, submission_id, "update", now).await
}

/// Queues mail `template` for the item's resident, when they gave an e-mail address.
pub(super) async fn queue_mail(
    tx: &mut sqlx::Transaction<'static, Db>,
    submission_id: i64,
    template: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> StoreResult<()> {
    let contact: Option<(String, String)> = sqlx::query_as(
        "select c.email, s.locale from submission s
         join submission_contact c on c.submission_id = s.id where s.id = $1 and c.email is not null",
    )
    .bind(submission_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((email, locale)) = contact else {
        return Ok(());
    };
    let recipient = domain::Email::parse(&email).map_err(|_| StoreError::Corrupt("contact email".into()))?;
    sqlx::query(
        "insert into outbox (submission_id, recipient, locale, template, next_attempt_at, created_at)
         values ($1, $2, $3, $4, $5, $5)",
    )
    .bind(submission_id)
    .bind(recipient.as_str())
    .bind(&locale)
    .bind(template)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
