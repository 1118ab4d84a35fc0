//! The server's keys. The current one signs the forms' keys and derives
//! new tracking links; older ones (a `session_key` set later, a rotated
//! one) still verify the forms they signed and derive the links of the
//! items they made, which remember their key by id. So setting or
//! rotating `session_key` breaks no link that was ever sent.

use domain::submission::{IdempotencyKey, TrackingToken};
use domain::token::{hex, hmac_sha256};
use std::sync::Arc;

/// One key and its id (a keyed hash that names it without revealing it).
#[derive(Clone)]
pub struct SigningKey {
    id: String,
    secret: Arc<str>,
}

impl SigningKey {
    pub fn new(secret: &str) -> SigningKey {
        let id = hex(&hmac_sha256(secret.as_bytes(), &[b"innspill key id"])[..8]);
        SigningKey { id, secret: secret.into() }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn secret(&self) -> &[u8] {
        self.secret.as_bytes()
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.id)
    }
}

/// The current key first, then the older ones, each once.
#[derive(Clone, Debug)]
pub struct KeyRing {
    keys: Vec<SigningKey>,
}

impl KeyRing {
    pub fn new<'a>(current: &str, older: impl IntoIterator<Item = &'a str>) -> KeyRing {
        let mut keys = vec![SigningKey::new(current)];
        for secret in older {
            let key = SigningKey::new(secret);
            if !keys.iter().any(|k| k.id == key.id) {
                keys.push(key);
            }
        }
        KeyRing { keys }
    }

    pub fn current(&self) -> &SigningKey {
        &self.keys[0]
    }

    pub fn by_id(&self, id: &str) -> Option<&SigningKey> {
        self.keys.iter().find(|k| k.id == id)
    }

    /// A new form key, signed with the current key.
    pub fn issue_form_key(&self) -> IdempotencyKey {
        IdempotencyKey::issue(self.current().secret(), chrono::Utc::now())
    }

    /// The form key and the key that signed it, if one of ours did.
    pub fn verify_form_key(&self, text: &str) -> Option<(IdempotencyKey, &SigningKey)> {
        self.keys.iter().find_map(|key| IdempotencyKey::verify(key.secret(), text).map(|form_key| (form_key, key)))
    }

    /// What the database keeps of a form key we issued: its fingerprint
    /// under the key that signed it. `None` for a key we did not issue.
    pub fn stored_form_key(&self, text: &str) -> Option<String> {
        self.verify_form_key(text).map(|(form_key, signer)| form_key.fingerprint(signer.secret()))
    }

    /// The tracking token of an item from its stored seed and key id;
    /// `None` when that key is no longer configured.
    pub fn tracking_token(&self, seed: &str, key_id: &str) -> Option<TrackingToken> {
        self.by_id(key_id).map(|key| TrackingToken::derive(key.secret(), seed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotated_key_still_verifies_its_forms_and_derives_its_links() {
        let before = KeyRing::new("the first key, long enough to be a real one", []);
        let form_key = before.issue_form_key();
        let old_id = before.current().id().to_string();
        let link = before.tracking_token("seed", &old_id).map(|t| t.as_str().to_string());
        let after = KeyRing::new("the second key, also long enough to be real", ["the first key, long enough to be a real one"]);
        assert_ne!(after.current().id(), old_id);
        let (verified, signer) = after.verify_form_key(form_key.as_str()).expect("an old form still verifies");
        assert_eq!(verified, form_key);
        assert_eq!(signer.id(), old_id);
        assert_eq!(after.tracking_token("seed", &old_id).map(|t| t.as_str().to_string()), link);
        let dropped = KeyRing::new("the second key, also long enough to be real", []);
        assert!(dropped.verify_form_key(form_key.as_str()).is_none());
        assert!(dropped.tracking_token("seed", &old_id).is_none());
    }

    #[test]
    fn key_ids_do_not_show_the_key() {
        let key = SigningKey::new("a secret that must not appear anywhere");
        assert_eq!(key.id().len(), 16);
        assert!(!format!("{key:?}").contains("secret"));
    }
}
