//! How often one sender may act. Every limit counts under a keyed hash of
//! the client's address (`client_key`; the address itself is never
//! stored). The resident forms are guarded first by in-process buckets
//! (`Buckets`), which refuse a flood before the database is touched, and
//! by the flood gauge, which holds posts for a moderator when the whole
//! town seems to be sending at once; the use cases count again in the
//! database where several instances must agree.

use super::client::ClientAddress;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::token::{hex, hmac_sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The keyed hash of the client's address (see `client`) that every limit
/// and audit row is built from: the address itself is never stored, and
/// without the key the hash cannot be turned back into one by trying every
/// address.
fn address_hash(secret: &[u8], request_extensions: &axum::http::Extensions) -> [u8; 32] {
    let address = request_extensions.get::<ClientAddress>().map(|c| c.0.to_string()).unwrap_or_default();
    hmac_sha256(secret, &[b"client address", address.as_bytes()])
}

/// `what` and the client's address hash: the key one kind of action counts under.
pub fn client_key(secret: &[u8], request_extensions: &axum::http::Extensions, what: &str) -> String {
    format!("{what}:{}", hex(&address_hash(secret, request_extensions)[..16]))
}

/// The short form of the address hash that audit rows carry.
pub fn client_tag(secret: &[u8], request_extensions: &axum::http::Extensions) -> domain::workspace::ClientTag {
    let mut tag = [0u8; 8];
    tag.copy_from_slice(&address_hash(secret, request_extensions)[..8]);
    domain::workspace::ClientTag(tag)
}

/// The sender of a request, as the limits know it: its address hash.
pub struct Sender(String);

impl Sender {
    /// The key one kind of action counts under (as `client_key`).
    pub fn key(&self, what: &str) -> String {
        format!("{what}:{}", self.0)
    }
}

impl FromRequestParts<super::AppState> for Sender {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &super::AppState) -> Result<Self, Self::Rejection> {
        Ok(Sender(hex(&address_hash(state.tracking_secret.as_bytes(), &parts.extensions)[..16])))
    }
}

/// Tells the client how long to wait before it tries again (429, 503).
pub fn retry_after(response: &mut axum::response::Response, wait: Duration) {
    response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from(wait.as_secs().max(1)));
}

/// Token buckets per key, in this process: `per_hour` actions an hour,
/// refilled evenly, at most `per_hour` at once. Cheap enough to run before
/// anything else; a restart forgets them (the database counts again where
/// it matters).
pub struct Buckets {
    per_hour: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets kept before full ones (the idle senders) are forgotten.
const MAX_BUCKETS: usize = 50_000;

impl Buckets {
    pub fn new(per_hour: i64) -> Buckets {
        Buckets { per_hour: per_hour.max(1) as f64, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one action for `key` at `now`; `Err(wait)` when the bucket is
    /// empty, with the time until the next action is allowed.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let per_second = self.per_hour / 3600.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_BUCKETS && !buckets.contains_key(key) {
            let capacity = self.per_hour;
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * per_second < capacity);
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket { tokens: self.per_hour, updated: now });
        bucket.tokens = (bucket.tokens + now.saturating_duration_since(bucket.updated).as_secs_f64() * per_second).min(self.per_hour);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second).max(Duration::from_secs(1)))
        }
    }
}

/// Posts per minute on this instance. Beyond `per_minute`, new posts are
/// held for a moderator: many addresses at once (a botnet) get past the
/// per-sender limit, but not into the teams' inboxes or anyone's mailbox.
pub struct FloodGauge {
    per_minute: u32,
    window: Mutex<(Instant, u32)>,
}

impl FloodGauge {
    pub fn new(per_minute: u32) -> FloodGauge {
        FloodGauge { per_minute, window: Mutex::new((Instant::now(), 0)) }
    }

    /// Counts one post at `now`; true when it is beyond the minute's share.
    pub fn count(&self, now: Instant) -> bool {
        let mut window = self.window.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if now.saturating_duration_since(window.0) >= Duration::from_secs(60) {
            *window = (now, 0);
        }
        window.1 += 1;
        window.1 > self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_allows_its_share_then_says_how_long_to_wait() {
        let buckets = Buckets::new(3);
        let start = Instant::now();
        for _ in 0..3 {
            assert_eq!(buckets.take("a", start), Ok(()));
        }
        let wait = buckets.take("a", start).expect_err("the fourth in the same moment is refused");
        assert!(wait > Duration::from_secs(1100) && wait <= Duration::from_secs(1200), "{wait:?}");
        assert_eq!(buckets.take("b", start), Ok(()), "another sender has its own bucket");
        // A third of an hour later one action is back.
        assert_eq!(buckets.take("a", start + Duration::from_secs(1201)), Ok(()));
        assert!(buckets.take("a", start + Duration::from_secs(1201)).is_err());
    }

    #[test]
    fn the_flood_gauge_counts_per_minute() {
        let gauge = FloodGauge::new(2);
        let start = Instant::now();
        assert!(!gauge.count(start));
        assert!(!gauge.count(start));
        assert!(gauge.count(start + Duration::from_secs(59)));
        assert!(!gauge.count(start + Duration::from_secs(61)), "a new minute starts again");
    }
}
