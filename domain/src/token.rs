//! Tokens: the form's idempotency key, the private tracking token and the
//! random ids behind sessions and cookies, with the hashes the database
//! keeps instead of them. Drawing random tokens is server-only (`ssr`).

/// The hidden key a form carries so that a double click, a refresh or
/// back-and-resubmit creates one item. The server issues it signed: 128
/// random bits, the time it was issued and an HMAC tag, base64url. Only
/// keys we issued verify, so a key read from a database copy is no use
/// unless it was issued to that form (and the database keeps only its
/// keyed hash, `fingerprint`). The issue time is the form's time trap: a
/// person needs more than a moment to fill a form in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey {
    text: String,
    issued_at: i64,
}

/// Random part, issue time (seconds, big-endian) and tag, in bytes.
const KEY_RANDOM: usize = 16;
const KEY_TIME: usize = 8;
const KEY_TAG: usize = 16;
const KEY_BYTES: usize = KEY_RANDOM + KEY_TIME + KEY_TAG;

fn key_tag(secret: &[u8], signed: &[u8]) -> [u8; KEY_TAG] {
    let mac = hmac_sha256(secret, &[b"innspill form key\0", signed]);
    let mut tag = [0u8; KEY_TAG];
    tag.copy_from_slice(&mac[..KEY_TAG]);
    tag
}

impl IdempotencyKey {
    /// A new key for a form shown at `now`, signed with `secret`.
    #[cfg(feature = "ssr")]
    pub fn issue(secret: &[u8], now: chrono::DateTime<chrono::Utc>) -> IdempotencyKey {
        let mut bytes = Vec::with_capacity(KEY_BYTES);
        bytes.extend_from_slice(&random_bytes::<KEY_RANDOM>());
        bytes.extend_from_slice(&now.timestamp().to_be_bytes());
        let tag = key_tag(secret, &bytes);
        bytes.extend_from_slice(&tag);
        IdempotencyKey { text: base64url(&bytes), issued_at: now.timestamp() }
    }

    /// The key if `secret` signed it; `None` for anything else: missing,
    /// malformed, forged, or signed with another key.
    pub fn verify(secret: &[u8], s: &str) -> Option<IdempotencyKey> {
        use base64::Engine;
        if s.len() > 64 {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).ok()?;
        if bytes.len() != KEY_BYTES {
            return None;
        }
        let (signed, tag) = bytes.split_at(KEY_RANDOM + KEY_TIME);
        let expected = key_tag(secret, signed);
        // Constant time: the tag is compared whole, whatever differs first.
        let difference = expected.iter().zip(tag).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        if difference != 0 {
            return None;
        }
        let mut time = [0u8; KEY_TIME];
        time.copy_from_slice(&signed[KEY_RANDOM..]);
        Some(IdempotencyKey { text: s.to_string(), issued_at: i64::from_be_bytes(time) })
    }

    /// The key of a post that brings no form key (Open311): `text` says
    /// what makes two posts the same (the API key, the body, the day), so
    /// a client's retry finds the first item.
    pub fn derived(text: String, now: chrono::DateTime<chrono::Utc>) -> IdempotencyKey {
        IdempotencyKey { text, issued_at: now.timestamp() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// When the form with this key was shown.
    pub fn issued_at(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp(self.issued_at, 0).unwrap_or_default()
    }

    /// What the database keeps instead of the key: its HMAC under
    /// `secret`, hex. Found again when the same key comes back; useless
    /// for posting (a post must carry the key itself).
    pub fn fingerprint(&self, secret: &[u8]) -> String {
        hex(&hmac_sha256(secret, &[b"innspill stored form key\0", self.text.as_bytes()]))
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

    /// The token of the submission whose stored seed is `seed` (the form
    /// key's fingerprint; for items from before signed keys, the plain key):
    /// HMAC-SHA-256 under the server's secret. Deriving it (rather than
    /// drawing it at random) lets a repeated submission, and every mail,
    /// show the same link although only the token's hash is stored; without
    /// the secret the seed gives nothing.
    pub fn derive(secret: &[u8], seed: &str) -> TrackingToken {
        TrackingToken(base64url(&hmac_sha256(secret, &[b"innspill tracking token\0", seed.as_bytes()])))
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
    hex(&sha2::Sha256::digest(bytes))
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn derived_tokens_are_stable_per_seed_and_secret() {
        assert_eq!(TrackingToken::derive(b"s1", "seed").as_str(), TrackingToken::derive(b"s1", "seed").as_str());
        assert_ne!(TrackingToken::derive(b"s1", "seed").as_str(), TrackingToken::derive(b"s2", "seed").as_str());
        assert_ne!(TrackingToken::derive(b"s1", "seed").as_str(), TrackingToken::derive(b"s1", "other").as_str());
        assert_eq!(TrackingToken::derive(b"s1", "seed").as_str().len(), 43);
    }

    #[test]
    fn only_keys_we_signed_verify_and_they_keep_their_issue_time() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let key = IdempotencyKey::issue(b"secret", now);
        assert_eq!(IdempotencyKey::verify(b"secret", key.as_str()), Some(key.clone()));
        assert_eq!(key.issued_at(), now);
        assert_eq!(IdempotencyKey::verify(b"another secret", key.as_str()), None, "signed with another key");
        // One character changed anywhere breaks the tag.
        let mut forged: Vec<char> = key.as_str().chars().collect();
        forged[3] = if forged[3] == 'A' { 'B' } else { 'A' };
        assert_eq!(IdempotencyKey::verify(b"secret", &forged.into_iter().collect::<String>()), None);
        let old_style = base64url(&random_bytes::<16>());
        for bad in ["", "short", old_style.as_str(), "aaaaaaaaaaaaaaaaaaaa<>", &"A".repeat(400)] {
            assert_eq!(IdempotencyKey::verify(b"secret", bad), None, "{bad}");
        }
    }

    #[test]
    fn the_stored_fingerprint_is_keyed_and_is_not_the_key() {
        let key = IdempotencyKey::issue(b"secret", chrono::Utc::now());
        let stored = key.fingerprint(b"secret");
        assert_eq!(stored, key.fingerprint(b"secret"));
        assert_ne!(stored, key.fingerprint(b"other"));
        assert!(!stored.contains(key.as_str()));
        assert_eq!(IdempotencyKey::verify(b"secret", &stored), None, "a fingerprint cannot be posted as a key");
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
