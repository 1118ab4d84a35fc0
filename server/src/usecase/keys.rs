//! API keys, issued, listed and revoked by administrators. An Open311 key
//! posts residents' concerns; a staff system's key (the JSON API) acts as
//! an account of its own, a caseworker in the teams the administrator
//! chose, so every rule of `usecase::item` and the audit log apply to it as
//! to a person. Only a key's SHA-256 is stored; each has an hourly limit
//! counted in the database, so it holds across instances.

use crate::catalog::Catalog;
use crate::store::api::{ApiKey, NewApiKey, NewKeyMember};
use crate::store::{Store, StoreError};
use domain::submission::sha256_hex;
use domain::workspace::SignedIn;
use domain::Role;

/// A key's hourly limit when the administrator gives none.
pub const DEFAULT_PER_HOUR: i64 = 100;
/// The highest hourly limit a key may have.
pub const MAX_PER_HOUR: i64 = 10_000;
/// The longest name of a key.
pub const KEY_NAME_MAX_CHARS: usize = 80;
/// The window of a key's limit.
const KEY_WINDOW: chrono::Duration = chrono::Duration::hours(1);
/// How stale "last used" may get before a request writes it again.
const LAST_USED_GRAIN: chrono::Duration = chrono::Duration::minutes(1);

/// What a key is for; each kind opens only its own door.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Posts concerns through Open311 GeoReport v2.
    Open311,
    /// A staff system reading and handling its teams' items (the JSON API).
    StaffSystem,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::Open311, Purpose::StaffSystem];

    pub fn parse(value: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == value)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Open311 => "open311",
            Purpose::StaffSystem => "staff",
        }
    }

    /// Keys start with their kind, so a key pasted in the wrong place is
    /// told apart at once.
    pub fn prefix(self) -> &'static str {
        match self {
            Purpose::Open311 => domain::open311::KEY_PREFIX,
            Purpose::StaffSystem => "inn_",
        }
    }

    pub fn of(key: &ApiKey) -> Purpose {
        if key.member.is_some() {
            Purpose::StaffSystem
        } else {
            Purpose::Open311
        }
    }
}

/// Why issuing or revoking a key was refused.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("administrators only")]
    Forbidden,
    /// The form's fields, each with its error key.
    #[error("invalid key fields")]
    Invalid(Vec<(&'static str, &'static str)>),
    #[error("no such key")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a presented key opens nothing.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Missing, unknown, revoked, for the other door, or its account disabled.
    #[error("missing, unknown or revoked api key")]
    Refused,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A key as the administrator asked for it, as typed.
#[derive(Clone, Debug, Default)]
pub struct KeyRequest<'a> {
    pub name: &'a str,
    /// Empty: the default.
    pub per_hour: &'a str,
    /// `open311` or `staff`.
    pub purpose: &'a str,
    /// Team slugs, for a staff system's key.
    pub teams: &'a [String],
}

/// A key just issued: the only time the key itself is seen.
pub struct Issued {
    pub id: i64,
    pub key: String,
}

/// Issues a key as `request` asks; every field is checked at once.
pub async fn issue_key(
    store: &dyn Store,
    catalog: &Catalog,
    actor: &SignedIn,
    request: &KeyRequest<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Issued, KeyError> {
    if actor.role != Role::Administrator {
        return Err(KeyError::Forbidden);
    }
    let mut errors = Vec::new();
    let name = request.name.trim();
    if name.is_empty() {
        errors.push(("name", "validation.required"));
    } else if name.chars().count() > KEY_NAME_MAX_CHARS {
        errors.push(("name", "validation.too_long"));
    }
    let per_hour = match request.per_hour.trim() {
        "" => Some(DEFAULT_PER_HOUR),
        given => given.parse::<i64>().ok().filter(|n| (1..=MAX_PER_HOUR).contains(n)),
    };
    if per_hour.is_none() {
        errors.push(("per_hour", "admin.api.per_hour_invalid"));
    }
    // An empty purpose is an Open311 key, as every key was before staff systems had their own.
    let purpose = if request.purpose.is_empty() { Some(Purpose::Open311) } else { Purpose::parse(request.purpose) };
    if purpose.is_none() {
        errors.push(("purpose", "validation.choose_from_list"));
    }
    let team_ids: Vec<i64> = request.teams.iter().filter_map(|slug| catalog.teams.iter().find(|t| t.active && t.slug.as_str() == slug).map(|t| t.id)).collect();
    match purpose {
        _ if team_ids.len() != request.teams.len() => errors.push(("teams", "validation.choose_from_list")),
        Some(Purpose::StaffSystem) if team_ids.is_empty() => errors.push(("teams", "admin.api.teams_required")),
        Some(Purpose::Open311) if !team_ids.is_empty() => errors.push(("teams", "admin.api.teams_open311")),
        _ => {}
    }
    let (Some(per_hour), Some(purpose), true) = (per_hour, purpose, errors.is_empty()) else { return Err(KeyError::Invalid(errors)) };
    let key = format!("{}{}", purpose.prefix(), domain::submission::random_token());
    // The key is ASCII (a prefix and base64url): its last four bytes are its last four characters.
    let hint = key[key.len() - 4..].to_string();
    let key_hash = sha256_hex(key.as_bytes());
    let member = (purpose == Purpose::StaffSystem).then(|| NewKeyMember {
        display_name: format!("API: {name}"),
        // A reserved domain (RFC 2606): no mail reaches it, so no invitation can.
        email: format!("api-{}@innspill.invalid", &key_hash[..16]),
        team_ids,
    });
    let id = store.create_api_key(&NewApiKey { name: name.to_string(), key_hash, hint, per_hour, member, actor: actor.actor(None), now }).await?;
    Ok(Issued { id, key })
}

/// Every key, newest first (administrators only).
pub async fn keys(store: &dyn Store, actor: &SignedIn) -> Result<Vec<ApiKey>, KeyError> {
    if actor.role != Role::Administrator {
        return Err(KeyError::Forbidden);
    }
    Ok(store.list_api_keys().await?)
}

/// Revokes key `id` for good (and a staff system's account with it).
pub async fn revoke_key(store: &dyn Store, actor: &SignedIn, id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<(), KeyError> {
    if actor.role != Role::Administrator {
        return Err(KeyError::Forbidden);
    }
    if !store.list_api_keys().await?.iter().any(|k| k.id == id) {
        return Err(KeyError::NotFound);
    }
    store.revoke_api_key(id, actor.actor(None), now).await?;
    Ok(())
}

/// The key a client presented, if we issued it for `purpose` and did not revoke it.
pub async fn authenticate(store: &dyn Store, presented: &str, purpose: Purpose) -> Result<ApiKey, AuthError> {
    if !presented.starts_with(purpose.prefix()) || presented.len() > 100 {
        return Err(AuthError::Refused);
    }
    match store.api_key_by_hash(&sha256_hex(presented.as_bytes())).await? {
        Some(key) if key.revoked_at.is_none() && Purpose::of(&key) == purpose => Ok(key),
        _ => Err(AuthError::Refused),
    }
}

/// The member a staff system's key acts as, if the key is good and its
/// account active; "last used" is noted.
pub async fn authenticate_member(store: &dyn Store, presented: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(ApiKey, SignedIn), AuthError> {
    let key = authenticate(store, presented, Purpose::StaffSystem).await?;
    let staff_id = key.member.as_ref().map(|m| m.staff_id).ok_or(AuthError::Refused)?;
    let member = store.key_member(staff_id).await?.ok_or(AuthError::Refused)?;
    if key.last_used_at.is_none_or(|at| now - at > LAST_USED_GRAIN) {
        store.api_key_used(key.id, now).await?;
    }
    Ok((key, member))
}

/// Takes one request from the key's hourly allowance; true when it is used up.
pub async fn over_limit(store: &dyn Store, key: &ApiKey, now: chrono::DateTime<chrono::Utc>) -> Result<bool, StoreError> {
    store.rate_limited(&format!("api:{}", key.id), now, KEY_WINDOW, key.per_hour).await
}
