//! Delivers webhooks. The store's triggers queue a delivery in the
//! transaction that changes an item; this worker claims due deliveries with
//! a lease (several instances never send one twice at once), posts each to
//! its address if an allowed prefix still covers it, and retries failures
//! with the mail worker's backoff until the mail's give-up time. Every
//! attempt of a delivery carries the same `X-Innspill-Delivery` id, so a
//! receiver that saw it already can drop the copy.
//!
//! The body holds no personal data: the event, the item's reference, when,
//! and where the JSON API shows the item. It is signed:
//! `X-Innspill-Signature: sha256=<hex HMAC-SHA-256(secret, "<timestamp>.<body>")>`
//! with the `X-Innspill-Timestamp` (Unix seconds) of the attempt, so a
//! receiver can refuse old replays.

use crate::mail::Retries;
use crate::store::webhooks::QueuedDelivery;
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;

/// How long a claimed delivery is reserved for one worker.
const LEASE: Duration = Duration::from_secs(120);
/// The longest a receiver may take to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Deliveries claimed at once.
const BATCH: i64 = 20;
/// How often an idle worker looks for due deliveries (a read, no write).
const POLL: Duration = Duration::from_secs(1);

/// The body of a delivery, the same on every attempt.
pub fn body(delivery: &QueuedDelivery, public_url: &str) -> String {
    let value = serde_json::json!({
        "id": delivery.id,
        "event": delivery.event,
        "reference": delivery.reference,
        "occurred_at": delivery.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "item_url": format!("{}/api/v1/items/{}", public_url.trim_end_matches('/'), delivery.reference),
    });
    value.to_string()
}

/// `sha256=<hex>` of the timestamp, a dot and the body, keyed by the secret.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mac = domain::token::hmac_sha256(secret.as_bytes(), &[timestamp.to_string().as_bytes(), b".", body.as_bytes()]);
    format!("sha256={}", domain::token::hex(&mac))
}

/// The HTTP client deliveries go out with: no redirects (a redirect could
/// lead outside the allow-list), short time limits.
pub fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .user_agent(concat!("Innspill-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())
}

/// One attempt: `Ok` on a 2xx answer, else why not, as a code (`http_<status>`,
/// `timeout`, `connect_failed`, `request_failed`; never the answer's body).
async fn attempt(client: &reqwest::Client, delivery: &QueuedDelivery, public_url: &str) -> Result<(), String> {
    let body = body(delivery, public_url);
    let timestamp = chrono::Utc::now().timestamp();
    let answer = client
        .post(&delivery.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Innspill-Event", &delivery.event)
        .header("X-Innspill-Delivery", delivery.id.to_string())
        .header("X-Innspill-Timestamp", timestamp.to_string())
        .header("X-Innspill-Signature", signature(&delivery.secret, timestamp, &body))
        .body(body)
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(format!("http_{}", response.status().as_u16())),
        Err(error) if error.is_timeout() => Err("timeout".to_string()),
        Err(error) if error.is_connect() => Err("connect_failed".to_string()),
        Err(_) => Err("request_failed".to_string()),
    }
}

/// Delivers due webhooks until the process stops.
pub async fn run_worker(store: Arc<dyn Store>, client: reqwest::Client, public_url: String, retries: Retries) {
    loop {
        let now = chrono::Utc::now();
        let lease_until = now + chrono::Duration::from_std(LEASE).unwrap_or_default();
        let claimed = store.claim_webhook_deliveries(now, lease_until, BATCH).await;
        let deliveries = match claimed {
            Ok(deliveries) if !deliveries.is_empty() => deliveries,
            Ok(_) => {
                tokio::time::sleep(POLL).await;
                continue;
            }
            Err(error) => {
                tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "webhook deliveries unavailable");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        let prefixes = match store.webhook_prefixes().await {
            Ok(prefixes) => prefixes,
            Err(error) => {
                // The lease runs out and they are tried again.
                tracing::warn!(error = %crate::telemetry::ErrorChain(&error), "webhook prefixes unavailable");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        for delivery in deliveries {
            let (outcome, may_retry) = if crate::usecase::webhooks::allowed(&delivery.url, &prefixes) {
                (attempt(&client, &delivery, &public_url).await, true)
            } else {
                (Err("address_not_allowed".to_string()), false)
            };
            let settled = match outcome {
                Ok(()) => {
                    tracing::info!(delivery = delivery.id, event = %delivery.event, attempts = delivery.attempts, "webhook delivered");
                    store.webhook_delivered(delivery.id, chrono::Utc::now()).await
                }
                Err(reason) => {
                    let retry_at = retries.retry_at(delivery.attempts, delivery.since, chrono::Utc::now()).filter(|_| may_retry);
                    tracing::warn!(delivery = delivery.id, attempts = delivery.attempts, %reason, dead = retry_at.is_none(), "webhook not delivered");
                    store.webhook_failed(delivery.id, &reason, retry_at).await
                }
            };
            if let Err(error) = settled {
                tracing::error!(error = %crate::telemetry::ErrorChain(&error), "webhook delivery update failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery() -> QueuedDelivery {
        QueuedDelivery {
            id: 7,
            event: "item.replied".into(),
            reference: "MOSS-2026-00042".into(),
            occurred_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            attempts: 1,
            since: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            url: "https://sak.moss.kommune.no/hook".into(),
            secret: "whsec_test".into(),
        }
    }

    #[test]
    fn the_body_names_the_event_and_item_and_nothing_else() {
        let body: serde_json::Value = serde_json::from_str(&super::body(&delivery(), "https://innspill.moss.kommune.no/")).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "id": 7,
                "event": "item.replied",
                "reference": "MOSS-2026-00042",
                "occurred_at": "2027-01-15T08:00:00Z",
                "item_url": "https://innspill.moss.kommune.no/api/v1/items/MOSS-2026-00042",
            })
        );
    }

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_dot_body() {
        // Computed apart: python3 -c 'import hmac,hashlib;print(hmac.new(b"whsec_test",b"1800000000.{\"a\":1}",hashlib.sha256).hexdigest())'
        assert_eq!(signature("whsec_test", 1_800_000_000, r#"{"a":1}"#), "sha256=7de5e6bbc99c65ef0ddccacd4308ba03a5a12eb8859a0db070c5ca731c4fdc19");
        assert_ne!(signature("whsec_test", 1_800_000_001, r#"{"a":1}"#), signature("whsec_test", 1_800_000_000, r#"{"a":1}"#), "the timestamp is signed");
    }
}
