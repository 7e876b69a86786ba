//! Which addresses partners' identity providers may be reached at.
//!
//! A tenant's admin names a provider by URL, so without a rule the server would fetch
//! whatever that URL points to: its own loopback services, the private network it sits
//! in, a cloud's metadata endpoint. By default only globally routable unicast
//! addresses are allowed; everything here is pure so it can be tested without a
//! network, and it must never be relaxed by looking at the port or the scheme.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not one a provider may be reached at, or `None` when it is a
/// public unicast address. IPv6 forms that carry an IPv4 address (mapped, NAT64) are
/// judged by the IPv4 address they lead to.
pub fn refusal(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(ip) => refusal_v4(ip),
        IpAddr::V6(ip) => refusal_v6(ip),
    }
}

/// IPv4 ranges that are not public unicast (IANA's special-purpose registry), and the
/// cloud platform endpoints that sit on public addresses.
const V4_REFUSED: &[([u8; 4], u8, &str)] = &[
    ([0, 0, 0, 0], 8, "\"this network\" (0.0.0.0/8)"),
    ([10, 0, 0, 0], 8, "private (RFC 1918)"),
    (
        [100, 64, 0, 0],
        10,
        "shared address space (carrier-grade NAT)",
    ),
    ([127, 0, 0, 0], 8, "loopback"),
    ([168, 63, 129, 16], 32, "a cloud platform endpoint (Azure)"),
    (
        [169, 254, 0, 0],
        16,
        "link-local (cloud metadata services live here)",
    ),
    ([172, 16, 0, 0], 12, "private (RFC 1918)"),
    ([192, 0, 0, 0], 24, "reserved for IETF protocols"),
    ([192, 0, 2, 0], 24, "documentation (TEST-NET-1)"),
    ([192, 88, 99, 0], 24, "6to4 relay anycast"),
    ([192, 168, 0, 0], 16, "private (RFC 1918)"),
    ([198, 18, 0, 0], 15, "benchmarking"),
    ([198, 51, 100, 0], 24, "documentation (TEST-NET-2)"),
    ([203, 0, 113, 0], 24, "documentation (TEST-NET-3)"),
    ([224, 0, 0, 0], 4, "multicast"),
    ([240, 0, 0, 0], 4, "reserved (including broadcast)"),
];

/// IPv6 ranges that are not public unicast, checked after the forms that embed an
/// IPv4 address.
const V6_REFUSED: &[(u128, u8, &str)] = &[
    (0, 96, "unspecified, loopback or IPv4-compatible"),
    (0x0064_ff9b_0001 << 80, 48, "local-use NAT64"),
    (0x0100 << 112, 64, "discard-only"),
    (
        0x2001 << 112,
        23,
        "reserved for IETF protocols (Teredo and others)",
    ),
    (0x2001_0db8 << 96, 32, "documentation"),
    (0x2002 << 112, 16, "6to4"),
    (0x3fff << 112, 20, "documentation"),
    (0xfc00 << 112, 7, "unique local (private)"),
    (0xfe80 << 112, 10, "link-local"),
    (0xfec0 << 112, 10, "site-local"),
    (0xff00 << 112, 8, "multicast"),
];

fn refusal_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let bits = u32::from(ip);
    V4_REFUSED.iter().find_map(|(network, prefix, why)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(*prefix)).unwrap_or(0);
        (bits & mask == u32::from_be_bytes(*network)).then_some(*why)
    })
}

fn refusal_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return refusal_v4(v4);
    }
    let bits = u128::from(ip);
    // The NAT64 well-known prefix (RFC 6052) reaches the IPv4 address in its last 32
    // bits, so it is judged by that address.
    if bits >> 32 == 0x0064_ff9b_0000_0000_0000_0000 {
        return refusal_v4(Ipv4Addr::from((bits & 0xffff_ffff) as u32));
    }
    let refused = V6_REFUSED.iter().find_map(|(network, prefix, why)| {
        let mask = u128::MAX.checked_shl(128 - u32::from(*prefix)).unwrap_or(0);
        (bits & mask == *network).then_some(*why)
    });
    if refused.is_some() {
        return refused;
    }
    // Only 2000::/3 is allocated for global unicast; the rest is unassigned.
    (bits >> 125 != 0b001).then_some("not global unicast")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> bool {
        refusal(text.parse().unwrap()).is_some()
    }

    #[test]
    fn ipv4_special_ranges_are_refused_at_both_edges() {
        for text in [
            "0.0.0.0",
            "0.255.255.255",
            "10.0.0.0",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.0",
            "100.100.100.200",
            "100.127.255.255",
            "127.0.0.1",
            "127.255.255.254",
            "168.63.129.16",
            "169.254.0.0",
            "169.254.169.254",
            "169.254.255.255",
            "172.16.0.0",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.0.1",
            "192.168.255.255",
            "198.18.0.0",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.200",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(refused(text), "{text} should be refused");
        }
    }

    #[test]
    fn ipv4_public_addresses_next_to_the_ranges_are_allowed() {
        for text in [
            "1.1.1.1",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "168.63.129.15",
            "168.63.129.17",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.0",
            "192.0.3.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "203.0.112.255",
            "223.255.255.255",
        ] {
            assert_eq!(refusal(text.parse().unwrap()), None, "{text}");
        }
    }

    #[test]
    fn the_reason_names_the_range() {
        let why = |text: &str| refusal(text.parse().unwrap()).unwrap();
        assert_eq!(why("127.0.0.1"), "loopback");
        assert_eq!(why("10.0.0.1"), "private (RFC 1918)");
        assert!(why("169.254.169.254").contains("metadata"));
        assert_eq!(why("::1"), "unspecified, loopback or IPv4-compatible");
        assert_eq!(why("fd00:ec2::254"), "unique local (private)");
    }

    #[test]
    fn ipv6_special_ranges_are_refused() {
        for text in [
            "::",
            "::1",
            "::127.0.0.1",
            "::8.8.8.8",
            "64:ff9b:1::1",
            "100::1",
            "2001::1",
            "2001:1ff:ffff::1",
            "2001:db8::1",
            "2002:7f00:1::1",
            "2002:808:808::1",
            "3fff::1",
            "fc00::1",
            "fd00:ec2::254",
            "fdff:ffff::1",
            "fe80::1",
            "febf:ffff::1",
            "fec0::1",
            "ff02::1",
            "ff0e::1",
            "4000::1",
            "1000::1",
            "e000::1",
        ] {
            assert!(refused(text), "{text} should be refused");
        }
    }

    #[test]
    fn ipv6_global_unicast_is_allowed() {
        for text in [
            "2606:4700:4700::1111",
            "2001:200::1",
            "2001:4860:4860::8888",
            "2a00:1450:4001::1",
            "3ffe::1",
            "3fff:f000::1",
        ] {
            assert_eq!(refusal(text.parse().unwrap()), None, "{text}");
        }
    }

    #[test]
    fn ipv6_forms_of_ipv4_addresses_follow_the_ipv4_address() {
        for text in [
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:192.168.1.1",
            "::ffff:0.0.0.0",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a00:1",
            "64:ff9b::169.254.169.254",
        ] {
            assert!(refused(text), "{text} should be refused");
        }
        assert_eq!(refusal("::ffff:8.8.8.8".parse().unwrap()), None);
        assert_eq!(refusal("64:ff9b::8.8.8.8".parse().unwrap()), None);
    }
}
