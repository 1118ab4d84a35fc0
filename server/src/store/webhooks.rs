//! Webhooks: the address prefixes administrators allow, the webhooks staff
//! systems' keys register, and their deliveries, which triggers queue in
//! the transaction that changes the item (see migration 0016) and the
//! worker (`crate::webhook`) claims with a lease. SQL in `sql/webhooks.rs`.

use super::StoreResult;
use domain::workspace::Actor;

type Time = chrono::DateTime<chrono::Utc>;

/// An address prefix webhooks may be registered under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookPrefix {
    pub id: i64,
    pub prefix: String,
    pub created_at: Time,
}

/// A registered webhook, with how its deliveries went.
#[derive(Clone, Debug)]
pub struct Webhook {
    pub id: i64,
    pub api_key_id: i64,
    /// The key's name, for the administrators' list.
    pub key_name: String,
    pub url: String,
    pub on_created: bool,
    pub on_replied: bool,
    pub on_closed: bool,
    pub created_at: Time,
    /// Deliveries waiting or being tried, delivered, and given up.
    pub pending: i64,
    pub delivered: i64,
    pub dead: i64,
    /// Why the newest failed attempt failed, as a code (`http_<status>`, `timeout`, … see `http::api::WebhookView`).
    pub last_error: Option<String>,
}

/// A webhook to register.
#[derive(Clone, Debug)]
pub struct NewWebhook<'a> {
    pub api_key_id: i64,
    pub url: &'a str,
    pub secret: &'a str,
    pub on_created: bool,
    pub on_replied: bool,
    pub on_closed: bool,
}

/// A delivery claimed for sending, with where to and the secret to sign with.
#[derive(Clone, Debug)]
pub struct QueuedDelivery {
    /// Also the delivery id the receiver sees, the same on every attempt.
    pub id: i64,
    pub event: String,
    pub reference: String,
    pub occurred_at: Time,
    /// Including this attempt.
    pub attempts: i64,
    /// When it was queued: its age counts from here.
    pub since: Time,
    pub url: String,
    pub secret: String,
}

#[async_trait::async_trait]
pub trait WebhookStore: Send + Sync {
    /// The allowed prefixes, alphabetically.
    async fn webhook_prefixes(&self) -> StoreResult<Vec<WebhookPrefix>>;
    /// Allows a prefix, audited; `Conflict("prefix")` when it is already allowed.
    async fn add_webhook_prefix(&self, prefix: &str, actor: Actor, now: Time) -> StoreResult<()>;
    /// Takes a prefix off the list, audited; false when there is no such prefix.
    async fn remove_webhook_prefix(&self, id: i64, actor: Actor, now: Time) -> StoreResult<bool>;
    /// The webhooks of one key, or of every key, oldest first.
    async fn webhooks(&self, api_key_id: Option<i64>) -> StoreResult<Vec<Webhook>>;
    /// Registers a webhook, audited as `actor`; its id.
    async fn add_webhook(&self, webhook: &NewWebhook<'_>, actor: Actor, now: Time) -> StoreResult<i64>;
    /// Deletes a webhook (of that key, when given) and its deliveries, audited; false when there is none.
    async fn delete_webhook(&self, id: i64, api_key_id: Option<i64>, actor: Actor, now: Time) -> StoreResult<bool>;
    /// Takes up to `limit` due deliveries (oldest due first) and reserves
    /// them until `lease_until`. Reads first, so an idle poll writes nothing.
    async fn claim_webhook_deliveries(&self, now: Time, lease_until: Time, limit: i64) -> StoreResult<Vec<QueuedDelivery>>;
    /// Marks a delivery delivered.
    async fn webhook_delivered(&self, id: i64, at: Time) -> StoreResult<()>;
    /// Records a failed attempt: retry at `retry_at`, or given up when `None`.
    async fn webhook_failed(&self, id: i64, reason: &str, retry_at: Option<Time>) -> StoreResult<()>;
}
