//! Who is asking: the client's address, also behind the municipality's TLS
//! proxy. Every per-address limit counts under it, so behind a proxy each
//! resident has their own limit instead of the whole town sharing the
//! proxy's.
//!
//! Only proxies the operator lists in `trusted_proxies` may speak for a
//! client: when the connection comes from one, the client is the rightmost
//! `X-Forwarded-For` hop that is not itself a trusted proxy (hops further
//! left were written by the client and prove nothing). Otherwise the
//! header is ignored and the client is the connection's address.

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};

/// An address block such as `10.0.0.0/8`, `192.0.2.7` or `2001:db8::/32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressBlock {
    network: IpAddr,
    prefix: u8,
}

impl AddressBlock {
    /// Parses an address or an address block; `None` when it is neither,
    /// or when the block has bits set past its prefix (a likely typo).
    pub fn parse(text: &str) -> Option<AddressBlock> {
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address.parse::<IpAddr>().ok()?.to_canonical(), Some(prefix.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?.to_canonical(), None),
        };
        let width = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(width);
        let block = AddressBlock { network: address, prefix };
        (prefix <= width && block.contains(address) && block.masked(address) == bits(address)).then_some(block)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        address.is_ipv4() == self.network.is_ipv4() && self.masked(address) == self.masked(self.network)
    }

    /// The address's bits under this block's prefix, as a 128-bit number.
    fn masked(&self, address: IpAddr) -> u128 {
        let width = if address.is_ipv4() { 32 } else { 128 };
        let host_bits = u32::from(width - self.prefix.min(width));
        let mask = if host_bits >= 128 { 0 } else { u128::MAX << host_bits };
        bits(address) & mask
    }
}

fn bits(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The proxies allowed to name the client in `X-Forwarded-For`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<AddressBlock>);

impl TrustedProxies {
    /// Parses a comma- or space-separated list; the first entry that is not
    /// an address or block is the error.
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        list.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(|s| AddressBlock::parse(s).ok_or_else(|| s.trim().to_string()))
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|block| block.contains(address))
    }

    /// The client behind a connection from `peer` that sent `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        // Every X-Forwarded-For header, in order, hop by hop, right to left.
        let hops: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).map(str::trim).collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                // Not an address: nothing to its left can be believed.
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` hop: an address, possibly with a port (`[v6]:port`, `v4:port`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address.to_canonical());
    }
    hop.parse::<SocketAddr>().ok().map(|s| s.ip().to_canonical())
}

/// The client's address, for the request's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddress(pub IpAddr);

/// Puts the `ClientAddress` in the request's extensions.
pub async fn client_address(axum::extract::State(state): axum::extract::State<super::AppState>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let client = state.settings.trusted_proxies.client(peer, request.headers());
    request.extensions_mut().insert(ClientAddress(client));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append("x-forwarded-for", value.parse().unwrap());
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn blocks_parse_and_contain_what_they_should() {
        let block = AddressBlock::parse("10.0.0.0/8").unwrap();
        assert!(block.contains(ip("10.200.3.4")) && !block.contains(ip("11.0.0.1")));
        assert!(AddressBlock::parse("192.0.2.7").unwrap().contains(ip("192.0.2.7")));
        assert!(!AddressBlock::parse("192.0.2.7").unwrap().contains(ip("192.0.2.8")));
        let v6 = AddressBlock::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")) && !v6.contains(ip("10.0.0.1")));
        assert!(AddressBlock::parse("0.0.0.0/0").unwrap().contains(ip("203.0.113.9")));
        assert!(AddressBlock::parse("10.0.0.0/8").unwrap().contains(ip("::ffff:10.1.2.3")), "IPv4-mapped IPv6 is IPv4");
        for bad in ["", "10.0.0.0/33", "10.0.0.1/8", "proxy.moss.no", "10.0.0/8", "::1/129"] {
            assert_eq!(AddressBlock::parse(bad), None, "{bad}");
        }
        assert_eq!(TrustedProxies::parse("10.0.0.0/8, 192.0.2.7").unwrap().0.len(), 2);
        assert_eq!(TrustedProxies::parse("10.0.0.0/8,nope"), Err("nope".to_string()));
        assert_eq!(TrustedProxies::parse("").unwrap(), TrustedProxies::default());
    }

    #[test]
    fn the_client_is_the_rightmost_untrusted_hop_and_only_behind_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // Straight from the internet: the header is the client's own claim.
        assert_eq!(proxies.client(ip("203.0.113.9"), &headers(&["198.51.100.1"])), ip("203.0.113.9"));
        assert_eq!(TrustedProxies::default().client(ip("10.0.0.2"), &headers(&["198.51.100.1"])), ip("10.0.0.2"), "no proxy trusted");
        // Through the proxy: the hop it added.
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["198.51.100.1"])), ip("198.51.100.1"));
        // A forged hop to the left of the real one changes nothing.
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["1.2.3.4, 198.51.100.1"])), ip("198.51.100.1"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["1.2.3.4", "198.51.100.1"])), ip("198.51.100.1"), "several headers read in order");
        // Two trusted proxies in a row are skipped.
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["198.51.100.1, 10.0.0.9"])), ip("198.51.100.1"));
        // Garbage stops the walk at the last good hop.
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["198.51.100.1, garbage"])), ip("10.0.0.2"));
        assert_eq!(proxies.client(ip("10.0.0.2"), &headers(&["[2001:db8::1]:4711"])), ip("2001:db8::1"));
        // No header: the proxy itself.
        assert_eq!(proxies.client(ip("10.0.0.2"), &HeaderMap::new()), ip("10.0.0.2"));
    }
}
