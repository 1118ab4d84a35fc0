//! The outbox: intents to send mail (template, item, locale, recipient),
//! claimed by the mail worker, which renders each mail when it sends it.
//! SQL in `sql/outbox.rs`.

use super::StoreResult;

/// The intent to tell the item's resident that there is an update, when
/// they gave an e-mail address. The store finds the address inside the
/// transaction, so the handler never reads the contact details, and queues
/// the intent; the mail worker writes the mail when it sends it.
#[derive(Clone, Copy, Debug)]
pub struct UpdateMail;

/// A mail given up, for the administrators' list: what and about which
/// item, why, and since when; never the address.
#[derive(Clone, Debug)]
pub struct DeadMail {
    pub id: i64,
    /// `receipt` or `update`.
    pub template: String,
    pub reference: Option<String>,
    pub submission_id: Option<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub attempts: i64,
    pub last_error: String,
}

#[async_trait::async_trait]
pub trait OutboxStore: Send + Sync {
    /// Takes up to `limit` due mails for sending (oldest due first) and
    /// reserves them until `lease_until` (a worker that dies mid-send
    /// leaves them to be retried after that). One write for them all.
    async fn claim_mails(
        &self,
        now: chrono::DateTime<chrono::Utc>,
        lease_until: chrono::DateTime<chrono::Utc>,
        limit: i64,
    ) -> StoreResult<Vec<crate::mail::QueuedMail>>;
    /// Marks the mails sent, in one write.
    async fn mails_sent(&self, ids: &[i64], at: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// Records a failure: retry at `retry_at`, or dead when `None`.
    async fn mail_failed(&self, id: i64, reason: &str, retry_at: Option<chrono::DateTime<chrono::Utc>>) -> StoreResult<()>;
    /// The newest `limit` dead mails.
    async fn dead_mails(&self, limit: i64) -> StoreResult<Vec<DeadMail>>;
    /// Sends dead mail `id` again, its time counted from `now`, audited;
    /// false when there is no such dead mail (already sent again).
    async fn resend_mail(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    /// Number of mails per state: (pending or sending, sent, dead).
    async fn outbox_counts(&self) -> StoreResult<(i64, i64, i64)>;
}
