//! Record encoding: every value is stored as a format byte, an 8-byte
//! checksum and a JSON body. The checksum turns a flipped byte into a clear
//! "damaged record" error instead of a silently different value, so a damaged
//! policy or method record can never read as "no MFA".

use crate::domain::seal::{self, KeyId, SealKey};
use crate::domain::secret::{self, Randomness, RandomnessError};
use serde::Serialize;
use serde::de::DeserializeOwned;

const FORMAT_V1: u8 = 1;
const HEADER: usize = 1 + 8;
/// A sealed record: format byte, the id of the key, the generation it was
/// written in, then the JSON body sealed (see [`encode_sealed`]).
const FORMAT_SEALED: u8 = 2;
const SEALED_HEADER: usize = 1 + 8 + 8;

pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data structs to JSON cannot fail (string keys only).
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut out = Vec::with_capacity(HEADER + body.len());
    out.push(FORMAT_V1);
    out.extend_from_slice(&checksum(&body));
    out.extend_from_slice(&body);
    out
}

/// Why a stored value could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    Truncated,
    UnknownFormat(u8),
    ChecksumMismatch,
    Malformed(String),
    /// Sealed, and this process has no key.
    Sealed(KeyId),
    /// Sealed with another key than this process has.
    WrongKey(KeyId),
    /// Not sealed, in a workspace whose records all are.
    NotSealed,
    /// Sealed with the right key but it does not open here: changed, or
    /// moved from another place.
    Forged,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Truncated => f.write_str("the record is truncated"),
            DecodeError::UnknownFormat(v) => write!(f, "the record has unknown format {v}"),
            DecodeError::ChecksumMismatch => f.write_str("the record's checksum does not match"),
            DecodeError::Malformed(e) => write!(f, "the record does not parse ({e})"),
            DecodeError::Sealed(id) => write!(f, "the record is sealed with key {id}, and no key was given"),
            DecodeError::WrongKey(id) => write!(f, "the record is sealed with key {id}, not with the configured key"),
            DecodeError::NotSealed => f.write_str("the record is not sealed, in a sealed workspace (put there without the key)"),
            DecodeError::Forged => f.write_str("the record does not open with the key: it was changed, or moved from another place"),
        }
    }
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    if bytes.len() < HEADER {
        return Err(DecodeError::Truncated);
    }
    if bytes[0] == FORMAT_SEALED && bytes.len() >= SEALED_HEADER {
        return Err(DecodeError::Sealed(sealed_with(bytes)));
    }
    if bytes[0] != FORMAT_V1 {
        return Err(DecodeError::UnknownFormat(bytes[0]));
    }
    let body = &bytes[HEADER..];
    if !secret::ct_eq(&bytes[1..HEADER], &checksum(body)) {
        return Err(DecodeError::ChecksumMismatch);
    }
    serde_json::from_slice(body).map_err(|e| DecodeError::Malformed(e.to_string()))
}

fn sealed_with(bytes: &[u8]) -> KeyId {
    let mut id = [0u8; 8];
    id.copy_from_slice(&bytes[1..9]);
    KeyId(id)
}

/// Where a record is, for its associated data: its table and its key.
fn place(table: &str, key: &[u8], generation: u64) -> Vec<u8> {
    seal::aad(&[b"record", table.as_bytes(), key, &generation.to_be_bytes()])
}

/// Encodes a record sealed with `key`, bound to its table, its key and the
/// generation it is written in: it opens nowhere else, under no other
/// generation, and says which key sealed it.
pub fn encode_sealed<T: Serialize>(
    value: &T,
    key: &SealKey,
    rng: &dyn Randomness,
    table: &str,
    record_key: &[u8],
    generation: u64,
) -> Result<Vec<u8>, RandomnessError> {
    let body = zeroize::Zeroizing::new(serde_json::to_vec(value).unwrap_or_default());
    let sealed = key.seal(rng, &place(table, record_key, generation), &body)?;
    let mut out = Vec::with_capacity(SEALED_HEADER + sealed.len());
    out.push(FORMAT_SEALED);
    out.extend_from_slice(&key.id().0);
    out.extend_from_slice(&generation.to_be_bytes());
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Decodes a record sealed by [`encode_sealed`] for this place; returns it
/// with its generation. A plain record is refused (`NotSealed`).
pub fn decode_sealed<T: DeserializeOwned>(
    bytes: &[u8],
    key: &SealKey,
    table: &str,
    record_key: &[u8],
) -> Result<(T, u64), DecodeError> {
    match bytes.first() {
        None => return Err(DecodeError::Truncated),
        Some(&FORMAT_V1) => return Err(DecodeError::NotSealed),
        Some(&FORMAT_SEALED) => {}
        Some(&other) => return Err(DecodeError::UnknownFormat(other)),
    }
    if bytes.len() < SEALED_HEADER + seal::OVERHEAD {
        return Err(DecodeError::Truncated);
    }
    let id = sealed_with(bytes);
    if id != key.id() {
        return Err(DecodeError::WrongKey(id));
    }
    let mut generation = [0u8; 8];
    generation.copy_from_slice(&bytes[9..17]);
    let generation = u64::from_be_bytes(generation);
    let body = key
        .open(
            &place(table, record_key, generation),
            &bytes[SEALED_HEADER..],
        )
        .ok_or(DecodeError::Forged)?;
    let value = serde_json::from_slice(&body).map_err(|e| DecodeError::Malformed(e.to_string()))?;
    Ok((value, generation))
}

/// The key a record is sealed with, if it is.
pub fn sealed_by(bytes: &[u8]) -> Option<KeyId> {
    (bytes.first() == Some(&FORMAT_SEALED) && bytes.len() >= SEALED_HEADER)
        .then(|| sealed_with(bytes))
}

fn checksum(body: &[u8]) -> [u8; 8] {
    let full = secret::sha256(&[b"stepup-record", body]);
    let mut out = [0u8; 8];
    out.copy_from_slice(&full[..8]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Workspace;
    use crate::domain::time::Timestamp;

    #[test]
    fn round_trips() {
        let ws = Workspace::new(Timestamp(7), crate::domain::settings::Settings::default());
        let bytes = encode(&ws);
        assert_eq!(decode::<Workspace>(&bytes), Ok(ws));
    }

    #[test]
    fn every_single_flipped_bit_is_detected() {
        let bytes = encode(&Workspace::new(
            Timestamp(7),
            crate::domain::settings::Settings::default(),
        ));
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut damaged = bytes.clone();
                damaged[i] ^= 1 << bit;
                assert!(decode::<Workspace>(&damaged).is_err(), "byte {i} bit {bit}");
            }
        }
        assert_eq!(
            decode::<Workspace>(&bytes[..5]),
            Err(DecodeError::Truncated)
        );
        assert!(decode::<Workspace>(&bytes[..bytes.len() - 1]).is_err());
    }

    #[test]
    fn sealed_records_open_only_in_their_place_and_generation() {
        use crate::domain::secret::OsRandomness;
        let key = SealKey::generate(&OsRandomness).unwrap();
        let ws = Workspace::new(Timestamp(7), crate::domain::settings::Settings::default());
        let bytes = encode_sealed(&ws, &key, &OsRandomness, "users", b"alice", 5).unwrap();
        assert_eq!(
            decode_sealed::<Workspace>(&bytes, &key, "users", b"alice"),
            Ok((ws.clone(), 5))
        );
        assert_eq!(sealed_by(&bytes), Some(key.id()));
        // Elsewhere, under another generation, with another key, plain:
        assert_eq!(
            decode_sealed::<Workspace>(&bytes, &key, "users", b"bob"),
            Err(DecodeError::Forged)
        );
        assert_eq!(
            decode_sealed::<Workspace>(&bytes, &key, "sessions", b"alice"),
            Err(DecodeError::Forged)
        );
        let mut regen = bytes.clone();
        regen[16] ^= 1;
        assert_eq!(
            decode_sealed::<Workspace>(&regen, &key, "users", b"alice"),
            Err(DecodeError::Forged)
        );
        let other = SealKey::generate(&OsRandomness).unwrap();
        assert_eq!(
            decode_sealed::<Workspace>(&bytes, &other, "users", b"alice"),
            Err(DecodeError::WrongKey(key.id()))
        );
        assert_eq!(
            decode_sealed::<Workspace>(&encode(&ws), &key, "users", b"alice"),
            Err(DecodeError::NotSealed)
        );
        assert_eq!(
            decode::<Workspace>(&bytes),
            Err(DecodeError::Sealed(key.id()))
        );
        // The body is not readable in the file.
        assert!(!String::from_utf8_lossy(&bytes).contains("policy"));
    }
}
