//! The keys API clients post with, and the Open311 side of items posted
//! through them (their tokens). SQL in `sql/api.rs`.

use super::StoreResult;

/// A key as administrators see it: never the key itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    /// The key's last four characters, to tell keys apart.
    pub hint: String,
    pub per_hour: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    /// A staff system's key acts as this account (the JSON API); an
    /// Open311 key has none.
    pub member: Option<KeyMember>,
}

/// The account a staff system's key acts as, and its teams now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyMember {
    pub staff_id: i64,
    pub team_ids: Vec<i64>,
}

/// The account made for a staff system's key: a caseworker in `team_ids`
/// whose password hash no password matches, so nobody signs in as it.
#[derive(Clone, Debug)]
pub struct NewKeyMember {
    pub display_name: String,
    /// Unique, lower-case, at a domain no mail reaches.
    pub email: String,
    pub team_ids: Vec<i64>,
}

/// A key to store: its SHA-256 only.
#[derive(Clone, Debug)]
pub struct NewApiKey {
    pub name: String,
    pub key_hash: String,
    pub hint: String,
    pub per_hour: i64,
    /// For a staff system: the account it acts as, made with it.
    pub member: Option<NewKeyMember>,
    /// Who issued it (audited).
    pub actor: domain::workspace::Actor,
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Where an item posted through Open311 stands, as its token tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenState {
    pub reference: String,
    pub status: String,
    /// Held for a moderator (looked automated).
    pub held: bool,
}

/// An item the public may see through Open311: an approved idea, or an
/// item a moderator published a summary of; never held or restricted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicRequest {
    pub id: i64,
    pub reference: String,
    pub status: String,
    pub theme_id: Option<i64>,
    pub area_id: Option<i64>,
    /// The published summary, else the idea's moderated title and text.
    pub description: String,
    /// The latest public reply (staff write it for the public page).
    pub reply: Option<String>,
    pub outcome: Option<String>,
    /// The teams that own it now.
    pub team_ids: Vec<i64>,
    pub requested_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Which public requests to read: by reference, or by theme, time and status.
#[derive(Clone, Debug, Default)]
pub struct RequestFilter {
    pub references: Vec<String>,
    pub theme_id: Option<i64>,
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    pub open: bool,
    pub closed: bool,
    pub limit: i64,
}

/// One public event of a public request, for `servicerequestupdates`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicUpdate {
    pub id: i64,
    pub reference: String,
    pub kind: String,
    pub status: Option<String>,
    /// Staff's words only (a resident's reopening comment is not public).
    pub body: Option<String>,
    pub outcome: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[async_trait::async_trait]
pub trait ApiStore: Send + Sync {
    /// Stores a new key and audits who issued it; its id.
    async fn create_api_key(&self, key: &NewApiKey) -> StoreResult<i64>;
    /// Every key, newest first, revoked ones too.
    async fn list_api_keys(&self) -> StoreResult<Vec<ApiKey>>;
    /// The key whose SHA-256 is `key_hash`, revoked or not.
    async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKey>>;
    /// Revokes a key for good and audits it; a staff system's account is
    /// disabled with it. False when it was revoked already.
    async fn revoke_api_key(&self, id: i64, actor: domain::workspace::Actor, now: chrono::DateTime<chrono::Utc>) -> StoreResult<bool>;
    /// The account a staff system's key acts as, as a signed-in member,
    /// while the account is active.
    async fn key_member(&self, staff_id: i64) -> StoreResult<Option<domain::workspace::SignedIn>>;
    /// Notes that key `id` was used at `now`.
    async fn api_key_used(&self, id: i64, now: chrono::DateTime<chrono::Utc>) -> StoreResult<()>;
    /// The item posted with Open311 token `token`.
    async fn open311_token(&self, token: &str) -> StoreResult<Option<TokenState>>;
    /// Public requests, newest first, at most `filter.limit`.
    async fn public_requests(&self, filter: &RequestFilter) -> StoreResult<Vec<PublicRequest>>;
    /// Public events of public requests in `[from, to)`, oldest first.
    async fn public_updates(&self, from: chrono::DateTime<chrono::Utc>, to: chrono::DateTime<chrono::Utc>, limit: i64) -> StoreResult<Vec<PublicUpdate>>;
}
