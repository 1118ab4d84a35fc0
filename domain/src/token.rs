//! Tokens: the form's idempotency key, the private tracking token and the
//! random ids behind sessions and cookies, with the hashes the database
//! keeps instead of them. Drawing random tokens is server-only (`ssr`).

/// The hidden key a form carries so that a double click, a refresh or
/// back-and-resubmit creates one item: 128 random bits, base64url.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    #[cfg(feature = "ssr")]
    pub fn generate() -> IdempotencyKey {
        IdempotencyKey(base64url(&random_bytes::<16>()))
    }

    /// `None` for anything we did not issue: missing, wrong length or alphabet.
    pub fn parse(s: &str) -> Option<IdempotencyKey> {
        let ok = s.len() == 22 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| IdempotencyKey(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The private tracking token: 256 random bits, shown to the resident once
/// (in the receipt link) and stored only as its SHA-256 hash.
pub struct TrackingToken(String);

impl TrackingToken {
    #[cfg(feature = "ssr")]
    pub fn generate() -> TrackingToken {
        TrackingToken(base64url(&random_bytes::<32>()))
    }

    /// The token for the form submission with `key`: HMAC-SHA-256 under the
    /// server's secret. Deriving it (rather than drawing it at random) lets a
    /// repeated submission show the same receipt link, although only the
    /// token's hash is stored.
    pub fn derive(secret: &[u8], key: &IdempotencyKey) -> TrackingToken {
        TrackingToken(base64url(&hmac_sha256(secret, &[b"innspill tracking token\0", key.as_str().as_bytes()])))
    }

    pub fn from_link(token: &str) -> TrackingToken {
        TrackingToken(token.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Hex SHA-256 of the token: what the database keeps and looks up by.
    pub fn hash(&self) -> String {
        sha256_hex(self.0.as_bytes())
    }
}

impl std::fmt::Debug for TrackingToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrackingToken([redacted])")
    }
}

/// 256 random bits as 43 base64url characters (session ids and the like).
#[cfg(feature = "ssr")]
pub fn random_token() -> String {
    base64url(&random_bytes::<32>())
}

/// `N` bytes from the operating system's generator.
#[cfg(feature = "ssr")]
fn random_bytes<const N: usize>() -> [u8; N] {
    use rand::RngCore;
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

pub(crate) fn base64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// HMAC-SHA-256 of the parts, one after another, under `secret`.
pub fn hmac_sha256(secret: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::Mac;
    #[allow(clippy::expect_used, reason = "HMAC takes keys of any length; the error exists for other MACs")]
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Hex SHA-256: how tokens are kept in the database.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn derived_tokens_are_stable_per_key_and_secret() {
        let key = IdempotencyKey::generate();
        let other = IdempotencyKey::generate();
        assert_eq!(TrackingToken::derive(b"s1", &key).as_str(), TrackingToken::derive(b"s1", &key).as_str());
        assert_ne!(TrackingToken::derive(b"s1", &key).as_str(), TrackingToken::derive(b"s2", &key).as_str());
        assert_ne!(TrackingToken::derive(b"s1", &key).as_str(), TrackingToken::derive(b"s1", &other).as_str());
        assert_eq!(TrackingToken::derive(b"s1", &key).as_str().len(), 43);
    }

    #[test]
    fn idempotency_keys_we_did_not_issue_are_refused() {
        let key = IdempotencyKey::generate();
        assert_eq!(IdempotencyKey::parse(key.as_str()), Some(key));
        for bad in ["", "short", "this-key-is-way-too-long-to-be-ours", "aaaaaaaaaaaaaaaaaaaa<>"] {
            assert_eq!(IdempotencyKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn tracking_tokens_are_long_random_and_stored_hashed() {
        let a = TrackingToken::generate();
        let b = TrackingToken::generate();
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.as_str().len() >= 43, "256 bits in base64url");
        assert_eq!(a.hash().len(), 64);
        assert_eq!(TrackingToken::from_link(a.as_str()).hash(), a.hash());
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}
