//! Randomness, hashing and comparison primitives shared by the code modules.
//! Randomness comes through [`Randomness`], which the binary backs with the
//! operating system ([`OsRandomness`]) and tests can make fail.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Where random bytes come from. Shared (`&self`) so that one source can
/// serve a whole command, its closures and its hashing threads.
pub trait Randomness: Send + Sync {
    fn fill(&self, buf: &mut [u8]) -> Result<(), RandomnessError>;
}

/// The source of randomness failed; nothing that needed it was made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no randomness from the operating system: {0}")]
pub struct RandomnessError(pub String);

/// The operating system's random number generator.
pub struct OsRandomness;

impl Randomness for OsRandomness {
    fn fill(&self, buf: &mut [u8]) -> Result<(), RandomnessError> {
        getrandom::fill(buf).map_err(|e| RandomnessError(e.to_string()))
    }
}

/// `N` bytes from `rng`.
pub fn bytes_from<const N: usize>(rng: &dyn Randomness) -> Result<[u8; N], RandomnessError> {
    let mut buf = [0u8; N];
    rng.fill(&mut buf)?;
    Ok(buf)
}

/// A uniformly random index below `n` from `rng` (rejection sampling, so no
/// modulo bias).
pub fn below_from(rng: &dyn Randomness, n: u32) -> Result<u32, RandomnessError> {
    assert!(n > 0, "below_from(0)");
    // The largest multiple of n that fits in a u32; draws at or above it are
    // thrown away so every residue is equally likely.
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let v = u32::from_le_bytes(bytes_from::<4>(rng)?);
        if v < zone {
            return Ok(v % n);
        }
    }
}

/// SHA-256 over the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Constant-time equality of two byte strings of the same length.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Serde helpers that store byte arrays in records as unpadded base64url
/// (constant-time, via base64ct): a third shorter than hex.
pub mod b64_bytes {
    use base64ct::{Base64UrlUnpadded, Encoding};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer, const N: usize>(v: &[u8; N], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&Base64UrlUnpadded::encode_string(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u8; N], D::Error> {
        let s = <&str>::deserialize(d)?;
        let mut out = [0u8; N];
        match Base64UrlUnpadded::decode(s, &mut out) {
            Ok(decoded) if decoded.len() == N => Ok(out),
            _ => Err(D::Error::custom("bad base64")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0u8, 1, 0xab, 0xff]), "0001abff");
    }

    #[test]
    fn b64_fields_round_trip_and_refuse_bad_lengths() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T(#[serde(with = "b64_bytes")] [u8; 4]);
        let text = serde_json::to_string(&T([0xfb, 0xff, 0, 1])).unwrap();
        assert_eq!(text, "\"-_8AAQ\"");
        assert_eq!(
            serde_json::from_str::<T>(&text).unwrap(),
            T([0xfb, 0xff, 0, 1])
        );
        assert!(serde_json::from_str::<T>("\"-_8A\"").is_err());
        assert!(serde_json::from_str::<T>("\"-_8AAQAB\"").is_err());
        assert!(serde_json::from_str::<T>("\"*_8AAQ\"").is_err());
    }

    #[test]
    fn sha256_matches_the_standard_vector() {
        assert_eq!(
            hex(&sha256(&[b"a", b"bc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn random_below_covers_the_range_evenly() {
        let mut counts = [0u32; 10];
        for _ in 0..10_000 {
            counts[below_from(&OsRandomness, 10).unwrap() as usize] += 1;
        }
        // Each bucket expects 1000; 800..1200 is over 6 standard deviations.
        assert!(
            counts.iter().all(|&c| (800..1200).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn ct_eq_compares_content_and_length() {
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"abcd"));
    }
}
