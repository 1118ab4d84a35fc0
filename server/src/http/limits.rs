//! The key the per-address limits count under (supports, comments, flags,
//! survey answers). The use cases count and decide, in the database, so
//! several instances agree.

use super::client::ClientAddress;
use domain::submission::sha256_hex;

/// `what` and a hash of the client's address (see `client`): the address
/// itself is never stored.
pub fn client_key(request_extensions: &axum::http::Extensions, what: &str) -> String {
    let address = request_extensions.get::<ClientAddress>().map(|c| c.0.to_string()).unwrap_or_default();
    format!("{what}:{}", &sha256_hex(address.as_bytes())[..32])
}
