//! The key the per-address limits count under (supports, comments, flags,
//! survey answers). The use cases count and decide, in the database, so
//! several instances agree.

use super::client::ClientAddress;
use domain::token::hmac_sha256;

/// `what` and a keyed hash of the client's address (see `client`): the
/// address itself is never stored, and without the key the hash cannot be
/// turned back into one by trying every address.
pub fn client_key(secret: &[u8], request_extensions: &axum::http::Extensions, what: &str) -> String {
    let address = request_extensions.get::<ClientAddress>().map(|c| c.0.to_string()).unwrap_or_default();
    let hash = hmac_sha256(secret, &[b"client address", address.as_bytes()]);
    let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{what}:{hex}")
}
