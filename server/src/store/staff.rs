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

/// Sign-in throttling: failures within `window` for one key; at `max` the
/// key is blocked for `block`.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub window: chrono::Duration,
    pub max_failures: i64,
    pub block: chrono::Duration,
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
    async fn login_blocked(&self, keys: &[String], now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    async fn record_login_failure(&self, key: &str, now: chrono::DateTime<chrono::Utc>, policy: ThrottlePolicy) -> StoreResult<()>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
    /// An audit entry for a configuration change (no item).
    async fn audit_admin(&self, staff_id: i64, action: &str, detail: &str) -> StoreResult<()>;
}
