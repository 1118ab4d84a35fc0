//! Webhooks: administrators allow address prefixes; a staff system's key
//! registers, lists and deletes its own webhooks under them; administrators
//! see and delete any. The events come from the store's triggers and go out
//! through `crate::webhook`. Every address is checked here, once for every
//! way in, and the worker checks the allow-list again before each attempt.

use crate::store::webhooks::{NewWebhook, Webhook, WebhookPrefix};
use crate::store::{Store, StoreError};
use domain::workspace::SignedIn;
use domain::Role;

/// The most webhooks one key may have.
pub const MAX_PER_KEY: usize = 10;
/// The longest address or prefix, in bytes.
pub const URL_MAX_BYTES: usize = 500;

/// What a webhook can be told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// The item reached one of the key's teams.
    Created,
    /// Staff replied in public.
    Replied,
    /// The item was closed with an outcome.
    Closed,
}

impl Event {
    pub const ALL: [Event; 3] = [Event::Created, Event::Replied, Event::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::Created => "item.created",
            Event::Replied => "item.replied",
            Event::Closed => "item.closed",
        }
    }

    pub fn parse(value: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == value)
    }

    /// The events a webhook is registered for, in the order of `ALL`.
    pub fn of(webhook: &Webhook) -> Vec<Event> {
        Event::ALL
            .into_iter()
            .filter(|e| match e {
                Event::Created => webhook.on_created,
                Event::Replied => webhook.on_replied,
                Event::Closed => webhook.on_closed,
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("not allowed")]
    Forbidden,
    #[error("no such webhook or prefix")]
    NotFound,
    /// Fields, each with its message key.
    #[error("invalid webhook fields")]
    Invalid(Vec<(&'static str, &'static str)>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `host` is this machine: the only place plain `http://` may go.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// An address as a webhook may use it: absolute, `https` (or `http` on this
/// machine), no user name or password, no fragment. The message key of what
/// is wrong otherwise.
fn parse_address(text: &str) -> Result<url::Url, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("webhook.error.url_required");
    }
    if text.len() > URL_MAX_BYTES {
        return Err("webhook.error.url_too_long");
    }
    let url = url::Url::parse(text).map_err(|_| "webhook.error.url_invalid")?;
    if url.host().is_none() {
        return Err("webhook.error.url_invalid");
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        _ => return Err("webhook.error.url_scheme"),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("webhook.error.url_credentials");
    }
    if url.fragment().is_some() {
        return Err("webhook.error.url_invalid");
    }
    Ok(url)
}

/// A prefix as stored: an address without query, ending in `/`, so
/// `https://sak.moss.no/` can never match `https://sak.moss.no.example/`.
pub fn parse_prefix(text: &str) -> Result<String, &'static str> {
    let url = parse_address(text)?;
    if url.query().is_some() {
        return Err("webhook.error.prefix_query");
    }
    let mut prefix = url.to_string();
    if !prefix.ends_with('/') {
        prefix.push('/');
    }
    Ok(prefix)
}

/// Whether `url` lies under one of the allowed prefixes.
pub fn allowed(url: &str, prefixes: &[WebhookPrefix]) -> bool {
    match parse_address(url) {
        Ok(url) => prefixes.iter().any(|p| url.as_str().starts_with(&p.prefix)),
        Err(_) => false,
    }
}

fn administrator(actor: &SignedIn) -> Result<(), WebhookError> {
    if actor.role == Role::Administrator {
        Ok(())
    } else {
        Err(WebhookError::Forbidden)
    }
}

/// The prefixes and every key's webhooks, for administrators.
pub async fn overview(store: &dyn Store, actor: &SignedIn) -> Result<(Vec<WebhookPrefix>, Vec<Webhook>), WebhookError> {
    administrator(actor)?;
    Ok((store.webhook_prefixes().await?, store.webhooks(None).await?))
}

/// Allows a prefix; `prefix` is the field the errors name.
pub async fn allow_prefix(store: &dyn Store, actor: &SignedIn, text: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(), WebhookError> {
    administrator(actor)?;
    let prefix = parse_prefix(text).map_err(|key| WebhookError::Invalid(vec![("prefix", key)]))?;
    match store.add_webhook_prefix(&prefix, actor.actor(None), now).await {
        Err(StoreError::Conflict(_)) => Err(WebhookError::Invalid(vec![("prefix", "webhook.error.prefix_exists")])),
        done => Ok(done?),
    }
}

/// Takes a prefix off the list. Webhooks under it stay registered but get
/// nothing until a prefix covers them again (the worker gives up their deliveries).
pub async fn remove_prefix(store: &dyn Store, actor: &SignedIn, id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<(), WebhookError> {
    administrator(actor)?;
    if store.remove_webhook_prefix(id, actor.actor(None), now).await? {
        Ok(())
    } else {
        Err(WebhookError::NotFound)
    }
}

/// A webhook just registered, with its secret: the only time it is seen.
pub struct Registered {
    pub webhook: Webhook,
    pub secret: String,
}

/// Registers a webhook for the key `key_id`, which acts as `member`. Every
/// field is checked at once (`url`, `events`).
pub async fn register(
    store: &dyn Store,
    member: &SignedIn,
    key_id: i64,
    url: &str,
    events: &[String],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Registered, WebhookError> {
    let mut errors = Vec::new();
    let prefixes = store.webhook_prefixes().await?;
    let url = match parse_address(url) {
        Ok(parsed) if prefixes.iter().any(|p| parsed.as_str().starts_with(&p.prefix)) => Some(parsed.to_string()),
        Ok(_) => {
            errors.push(("url", "webhook.error.url_not_allowed"));
            None
        }
        Err(key) => {
            errors.push(("url", key));
            None
        }
    };
    let chosen: Option<Vec<Event>> = events.iter().map(|e| Event::parse(e)).collect();
    match &chosen {
        None => errors.push(("events", "webhook.error.events_unknown")),
        Some(list) if list.is_empty() => errors.push(("events", "webhook.error.events_required")),
        Some(_) => {}
    }
    let existing = store.webhooks(Some(key_id)).await?;
    if existing.len() >= MAX_PER_KEY {
        errors.push(("url", "webhook.error.too_many"));
    }
    let (Some(url), Some(chosen), true) = (url, chosen, errors.is_empty()) else {
        return Err(WebhookError::Invalid(errors));
    };
    let secret = format!("whsec_{}", domain::token::random_token());
    let new = NewWebhook {
        api_key_id: key_id,
        url: &url,
        secret: &secret,
        on_created: chosen.contains(&Event::Created),
        on_replied: chosen.contains(&Event::Replied),
        on_closed: chosen.contains(&Event::Closed),
    };
    let id = store.add_webhook(&new, member.actor(None), now).await?;
    let webhook = store.webhooks(Some(key_id)).await?.into_iter().find(|w| w.id == id).ok_or(StoreError::NotFound("webhook"))?;
    Ok(Registered { webhook, secret })
}

/// The key's own webhooks.
pub async fn of_key(store: &dyn Store, key_id: i64) -> Result<Vec<Webhook>, WebhookError> {
    Ok(store.webhooks(Some(key_id)).await?)
}

/// Deletes one of the key's own webhooks.
pub async fn unregister(store: &dyn Store, member: &SignedIn, key_id: i64, id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<(), WebhookError> {
    if store.delete_webhook(id, Some(key_id), member.actor(None), now).await? {
        Ok(())
    } else {
        Err(WebhookError::NotFound)
    }
}

/// Deletes any key's webhook, for administrators.
pub async fn delete(store: &dyn Store, actor: &SignedIn, id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<(), WebhookError> {
    administrator(actor)?;
    if store.delete_webhook(id, None, actor.actor(None), now).await? {
        Ok(())
    } else {
        Err(WebhookError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix(text: &str) -> WebhookPrefix {
        WebhookPrefix { id: 1, prefix: parse_prefix(text).unwrap(), created_at: chrono::Utc::now() }
    }

    #[test]
    fn a_prefix_ends_in_a_slash_so_no_other_host_can_match_it() {
        assert_eq!(parse_prefix("https://sak.moss.kommune.no").unwrap(), "https://sak.moss.kommune.no/");
        assert_eq!(parse_prefix(" https://sak.moss.kommune.no/innspill ").unwrap(), "https://sak.moss.kommune.no/innspill/");
        let allowed_list = [prefix("https://sak.moss.kommune.no")];
        assert!(allowed("https://sak.moss.kommune.no/hooks/innspill?x=1", &allowed_list));
        assert!(!allowed("https://sak.moss.kommune.no.example.net/hooks", &allowed_list));
        assert!(!allowed("https://sak.moss.kommune.no:8443/hooks", &allowed_list));
        assert!(!allowed("http://sak.moss.kommune.no/hooks", &allowed_list));
        assert!(!allowed("https://user:pw@sak.moss.kommune.no/hooks", &allowed_list));
    }

    #[test]
    fn plain_http_is_only_for_this_machine_and_no_address_carries_a_password() {
        assert!(parse_prefix("http://127.0.0.1:9000/").is_ok());
        assert!(parse_prefix("http://[::1]:9000/").is_ok());
        assert!(parse_prefix("http://localhost/").is_ok());
        assert_eq!(parse_prefix("http://sak.moss.kommune.no/"), Err("webhook.error.url_scheme"));
        assert_eq!(parse_prefix("ftp://sak.moss.kommune.no/"), Err("webhook.error.url_scheme"));
        assert_eq!(parse_prefix("https://a:b@sak.moss.kommune.no/"), Err("webhook.error.url_credentials"));
        assert_eq!(parse_prefix("https://sak.moss.kommune.no/?a=1"), Err("webhook.error.prefix_query"));
        assert_eq!(parse_prefix("sak.moss.kommune.no"), Err("webhook.error.url_invalid"));
        assert_eq!(parse_prefix(""), Err("webhook.error.url_required"));
        assert_eq!(parse_prefix(&format!("https://a.no/{}", "x".repeat(600))), Err("webhook.error.url_too_long"));
    }
}
