//! Staff and their sessions: accounts, roles and teams, invitations,
//! server-side sessions, sign-in throttling, and the audit entries of
//! configuration changes. SQL in `sql/staff.rs`.

use super::StoreResult;
use domain::workspace::{SignedIn, StaffListing};
use domain::{Email, NewStaffUser, Role, StaffUser};

/// A new server-side session; only the hash of the cookie value is stored.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub id_hash: String,
    pub staff_id: i64,
    pub security_version: i64,
    pub now: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// How failures for one throttle key turn into a wait.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    /// Failures are counted within this long.
    pub window: chrono::Duration,
    /// Failures allowed before the first wait.
    pub free_failures: i64,
    /// The first wait; each further failure doubles it, up to `max_block`.
    pub first_block: chrono::Duration,
    pub max_block: chrono::Duration,
}

impl ThrottlePolicy {
    /// The wait after `failures` failures, if any.
    pub fn block_after(&self, failures: i64) -> Option<chrono::Duration> {
        let beyond = failures - self.free_failures;
        if beyond < 0 {
            return None;
        }
        let doubled = self.first_block * 2i32.saturating_pow(u32::try_from(beyond.min(20)).unwrap_or(20));
        Some(doubled.min(self.max_block))
    }
}

/// What `count_login_attempt` made of an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginAttempt {
    /// Counted: check it. `blocked_until` is set when this attempt used up the allowance.
    Counted { failures: i64, blocked_until: Option<chrono::DateTime<chrono::Utc>> },
    /// The key is blocked until then: do not check.
    Refused { until: chrono::DateTime<chrono::Utc> },
}

#[async_trait::async_trait]
pub trait StaffStore: Send + Sync {
    /// Fails with `Conflict("email")` when the address is taken.
    async fn create_staff_user(&self, user: &NewStaffUser) -> StoreResult<i64>;
    async fn find_staff_by_email(&self, email: &Email) -> StoreResult<Option<StaffUser>>;
    async fn find_staff_by_id(&self, id: i64) -> StoreResult<Option<StaffUser>>;
    async fn count_staff_users(&self) -> StoreResult<i64>;
    /// Changes name and role; a role change ends the person's sessions.
    async fn update_staff(&self, staff_id: i64, display_name: &str, role: Role) -> StoreResult<()>;
    /// Replaces the user's teams; their sessions see it on the next request.
    async fn set_staff_teams(&self, staff_id: i64, team_ids: &[i64]) -> StoreResult<()>;
    /// Enables or disables the user; a disabled user's sessions end at once.
    async fn set_staff_active(&self, staff_id: i64, active: bool) -> StoreResult<()>;
    async fn list_staff(&self) -> StoreResult<Vec<StaffListing>>;
    /// Records an invitation link (its hash) for an account.
    async fn create_invite(
        &self,
        staff_id: i64,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()>;
    /// The account an unexpired invitation belongs to.
    async fn invite_staff(&self, token_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<i64>>;
    /// Sets the password from an invitation and uses the invitation up.
    /// `false` when the invitation is unknown or expired.
    async fn accept_invite(&self, token_hash: &str, password_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    /// Starts a session (and forgets the user's expired ones).
    async fn create_session(&self, session: &NewSession) -> StoreResult<()>;
    /// The signed-in staff member, if the session exists, is not past its
    /// absolute expiry, was seen after `idle_since`, and the account is active
    /// and unchanged since sign-in (security version).
    async fn signed_in(&self, id_hash: &str, now: chrono::DateTime<chrono::Utc>, idle_since: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<SignedIn>>;
    async fn touch_session(&self, id_hash: &str, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    async fn end_session(&self, id_hash: &str) -> StoreResult<()>;
    /// Whether any of the keys is blocked now.
    /// Until when any of the keys is blocked, if one is blocked now.
    async fn login_blocked(&self, keys: &[String], now: chrono::DateTime<chrono::Utc>) -> StoreResult<Option<chrono::DateTime<chrono::Utc>>>;
    /// Counts one failed (or not yet checked) attempt for `key`, unless the
    /// key is blocked, and blocks it as `policy` says. Reading and writing
    /// happen under the row's lock, so parallel attempts are counted one by
    /// one and those beyond the allowance are refused.
    async fn count_login_attempt(&self, key: &str, now: chrono::DateTime<chrono::Utc>, policy: &ThrottlePolicy) -> StoreResult<LoginAttempt>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
    /// Forgets throttle rows whose window started before `before` and that block nothing at `now`.
    async fn prune_login_throttle(&self, before: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> StoreResult<u64>;
    /// An audit entry for a configuration change (no item).
    async fn audit_admin(&self, actor: domain::workspace::Actor, action: &str, detail: &str) -> StoreResult<()>;
}
