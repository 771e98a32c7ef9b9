//! Record encoding: every value is stored as a format byte, an 8-byte
//! checksum and a JSON body. The checksum turns a flipped byte into a clear
//! "damaged record" error instead of a silently different value, so a damaged
//! policy or method record can never read as "no MFA".

use crate::domain::secret;
use serde::Serialize;
use serde::de::DeserializeOwned;

const FORMAT_V1: u8 = 1;
const HEADER: usize = 1 + 8;

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
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Truncated => f.write_str("the record is truncated"),
            DecodeError::UnknownFormat(v) => write!(f, "the record has unknown format {v}"),
            DecodeError::ChecksumMismatch => f.write_str("the record's checksum does not match"),
            DecodeError::Malformed(e) => write!(f, "the record does not parse ({e})"),
        }
    }
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    if bytes.len() < HEADER {
        return Err(DecodeError::Truncated);
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
}
