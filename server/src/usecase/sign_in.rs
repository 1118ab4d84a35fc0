//! Staff sign in and out, and a request finds its signed-in member.
//!
//! Sessions live in the database (any instance can serve any request). The
//! session token is 256 random bits; only its SHA-256 is stored. A new
//! session (new token) is made at every sign-in; sign-out deletes it. A
//! session ends after 30 minutes idle or 12 hours in all, and at once when
//! the account is disabled or its role or teams change (security version).
//! Failed sign-ins are throttled per account *and* client address, with a
//! delay that doubles while the failures go on, so nobody can lock a
//! colleague out from elsewhere; and per client address, against one
//! address trying many accounts. A pair's attempt is counted before the
//! password is checked, in one atomic statement, so parallel guesses get no
//! more tries. An unknown address costs as much time as a wrong password and
//! gets the same answer. Password hashing runs in a bounded pool: each check
//! takes 19 MiB, and a flood must queue rather than exhaust memory.

use crate::password::{HashPassword, VerifyPassword};
use crate::store::staff::{LoginAttempt, NewSession, ThrottlePolicy};
use crate::store::{Store, StoreError};
use domain::submission::{random_token, sha256_hex};
use domain::workspace::SignedIn;
use domain::{Email, Password, PasswordHash};
use std::sync::LazyLock;

pub const IDLE_TIMEOUT: chrono::Duration = chrono::Duration::minutes(30);
pub const ABSOLUTE_TIMEOUT: chrono::Duration = chrono::Duration::hours(12);
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_AFTER: chrono::Duration = chrono::Duration::seconds(60);

/// Per account and address: 5 failures, then 1, 2, 4, 8 and at most 15
/// minutes' wait, remembered for a day.
pub const PAIR_POLICY: ThrottlePolicy =
    ThrottlePolicy { window: chrono::Duration::days(1), free_failures: 5, first_block: chrono::Duration::minutes(1), max_block: chrono::Duration::minutes(15) };
/// Per client address, whatever the account: more room (an office shares
/// one address), then 15 minutes.
pub const ADDRESS_POLICY: ThrottlePolicy = ThrottlePolicy {
    window: chrono::Duration::minutes(15),
    free_failures: 30,
    first_block: chrono::Duration::minutes(15),
    max_block: chrono::Duration::minutes(15),
};

/// Runs password hashing on the blocking pool, at most `limit` at once.
pub struct HashingPool {
    permits: tokio::sync::Semaphore,
    in_flight: std::sync::atomic::AtomicUsize,
    peak: std::sync::atomic::AtomicUsize,
    pub limit: usize,
}

impl HashingPool {
    fn new(limit: usize) -> HashingPool {
        HashingPool { permits: tokio::sync::Semaphore::new(limit), in_flight: Default::default(), peak: Default::default(), limit }
    }

    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, tokio::task::JoinError> {
        use std::sync::atomic::Ordering::SeqCst;
        // The semaphore is never closed, so acquiring only waits.
        let _permit = self.permits.acquire().await;
        let now = self.in_flight.fetch_add(1, SeqCst) + 1;
        self.peak.fetch_max(now, SeqCst);
        let result = tokio::task::spawn_blocking(work).await;
        self.in_flight.fetch_sub(1, SeqCst);
        result
    }

    /// The most checks that ran at once since start (for tests).
    pub fn peak(&self) -> usize {
        self.peak.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// One pool per process: as many checks at once as there are cores.
pub static HASHING: LazyLock<HashingPool> = LazyLock::new(|| HashingPool::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)));

/// Verified when the account does not exist, so an unknown address takes as
/// long as a wrong password.
static DECOY_HASH: LazyLock<PasswordHash> = LazyLock::new(|| {
    let random = format!("{:032x}{:032x}", rand::random::<u128>(), rand::random::<u128>());
    Password::parse(&random).map(|p| p.hash()).unwrap_or(PasswordHash(String::new()))
});

/// A session token's length (43 characters of base64url).
const TOKEN_CHARS: usize = 43;

fn hash_token(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Too many failures for this account from this address, or from this
    /// address: wait until `until`.
    #[error("sign-in blocked for a while")]
    Blocked { until: chrono::DateTime<chrono::Utc> },
    /// Unknown address, disabled account, no password yet or a wrong one:
    /// one answer for all, so none of them is revealed.
    #[error("sign-in failed")]
    Failed,
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The password check's task did not finish.
    #[error("password check failed")]
    Task(#[from] tokio::task::JoinError),
}

/// What a person typed into the sign-in form.
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
}

/// A new session: `token` goes into the cookie, never into storage.
pub struct Session {
    pub token: String,
    pub staff_id: i64,
}

/// Signs in with `credentials` from `client` (a keyed hash of the client's
/// address, see `http::limits::client_key`), ending `previous` (the token
/// this browser had, if any).
pub async fn sign_in(
    store: &dyn Store,
    credentials: Credentials<'_>,
    client: &str,
    previous: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Session, SignInError> {
    let normalized = credentials.email.trim().to_lowercase();
    // Both hashed: the throttle table holds no address, of an account or a client.
    let pair = format!("pair:{}:{client}", hash_token(&normalized));
    let address = format!("address:{client}");
    if let Some(until) = store.login_blocked(&[pair.clone(), address.clone()], now).await? {
        return Err(SignInError::Blocked { until });
    }
    // Counted before checking, under the row's lock: of parallel attempts
    // only those within the allowance are checked.
    if let LoginAttempt::Refused { until } = store.count_login_attempt(&pair, now, &PAIR_POLICY).await? {
        return Err(SignInError::Blocked { until });
    }
    let user = match Email::parse(credentials.email) {
        Ok(email) => store.find_staff_by_email(&email).await?.filter(|u| u.active),
        Err(_) => None,
    };
    let candidate = credentials.password.to_string();
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let verified = HASHING
        .run(move || match stored {
            // An invited account without a password yet verifies the decoy, like an unknown one.
            Some(hash) if hash.0.starts_with("$argon2") => hash.verify(&candidate),
            _ => {
                DECOY_HASH.verify(&candidate);
                false
            }
        })
        .await?;
    let Some(user) = user.filter(|_| verified) else {
        store.count_login_attempt(&address, now, &ADDRESS_POLICY).await?;
        tracing::info!("sign-in failed");
        return Err(SignInError::Failed);
    };
    store.clear_login_failures(&pair).await?;
    if let Some(previous) = previous {
        store.end_session(&hash_token(previous)).await?;
    }
    let token = random_token();
    store
        .create_session(&NewSession {
            id_hash: hash_token(&token),
            staff_id: user.id,
            security_version: user.security_version,
            now,
            expires_at: now + ABSOLUTE_TIMEOUT,
        })
        .await?;
    tracing::info!(staff_id = user.id, "signed in");
    Ok(Session { token, staff_id: user.id })
}

/// The member whose session `token` names, if it is still good; notes that
/// they were seen (at most once a minute).
pub async fn signed_in(store: &dyn Store, token: &str, now: chrono::DateTime<chrono::Utc>) -> Result<Option<SignedIn>, StoreError> {
    if token.len() != TOKEN_CHARS {
        return Ok(None);
    }
    let hash = hash_token(token);
    let signed_in = store.signed_in(&hash, now, now - IDLE_TIMEOUT).await?;
    if let Some(staff) = &signed_in {
        if now - staff.last_seen_at > TOUCH_AFTER {
            store.touch_session(&hash, now).await?;
        }
    }
    Ok(signed_in)
}

/// Ends the member's session.
pub async fn sign_out(store: &dyn Store, staff: &SignedIn) -> Result<(), StoreError> {
    store.end_session(&staff.session_hash).await
}
