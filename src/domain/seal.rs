//! Sealing: the secrets key (`[secrets] key_file`) and the authenticated
//! encryption every sealed value goes through (XChaCha20-Poly1305, from
//! RustCrypto). A sealed value is bound by its associated data to where it
//! belongs (its table, its key, the user it is about, its generation), so it
//! cannot be moved to another place, and to the key that sealed it, whose
//! id is stored beside it.
//!
//! The key never leaves this module except as the derived keys of the audit
//! chain and of record MACs; it is wiped from memory when dropped.

use super::secret::{self, Randomness, RandomnessError};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::Mac;
use zeroize::Zeroizing;

/// The length of a key file: 32 random bytes.
pub const KEY_LEN: usize = 32;
/// The nonce stored in front of every sealed value.
pub const NONCE_LEN: usize = 24;
/// What sealing adds to a value: the nonce and the tag.
pub const OVERHEAD: usize = NONCE_LEN + 16;

/// The public name of a key: the first 8 bytes of a hash of it, in hex.
/// Says which key sealed a workspace without saying anything about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    pub fn parse(text: &str) -> Option<KeyId> {
        let bytes = text.as_bytes();
        if bytes.len() != 16 {
            return None;
        }
        let mut out = [0u8; 8];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hex = std::str::from_utf8(pair).ok()?;
            out[i] = u8::from_str_radix(hex, 16).ok()?;
        }
        Some(KeyId(out))
    }
}

impl std::fmt::Display for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&secret::hex(&self.0))
    }
}

/// The secrets key.
pub struct SealKey {
    key: Zeroizing<[u8; KEY_LEN]>,
    id: KeyId,
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key itself.
        write!(f, "SealKey({})", self.id)
    }
}

/// Why a key file's contents are not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("it holds {0} bytes; a key file holds exactly 32 (made by `stepup key init PATH`)")]
pub struct BadKey(pub usize);

impl SealKey {
    /// The key in a key file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<SealKey, BadKey> {
        let raw: [u8; KEY_LEN] = bytes.try_into().map_err(|_| BadKey(bytes.len()))?;
        let key = Zeroizing::new(raw);
        let full = secret::sha256(&[b"stepup-key-id:v1", key.as_slice()]);
        let mut id = [0u8; 8];
        id.copy_from_slice(&full[..8]);
        Ok(SealKey { key, id: KeyId(id) })
    }

    /// A new random key.
    pub fn generate(rng: &dyn Randomness) -> Result<SealKey, RandomnessError> {
        let raw = Zeroizing::new(secret::bytes_from::<KEY_LEN>(rng)?);
        Ok(SealKey::from_bytes(raw.as_slice()).expect("32 bytes"))
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The bytes to write to a new key file.
    pub fn file_bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.key.to_vec())
    }

    /// A key derived for one purpose (the audit chain, record MACs), so the
    /// sealing key is used for nothing else.
    pub fn derive(&self, purpose: &str) -> Zeroizing<[u8; 32]> {
        let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(self.key.as_slice())
            .expect("HMAC takes keys of any length");
        m.update(b"stepup-derive:v1\0");
        m.update(purpose.as_bytes());
        Zeroizing::new(m.finalize().into_bytes().into())
    }

    /// Seals `plain`, bound to `aad`: a fresh nonce, then the ciphertext
    /// and its tag.
    pub fn seal(
        &self,
        rng: &dyn Randomness,
        aad: &[u8],
        plain: &[u8],
    ) -> Result<Vec<u8>, RandomnessError> {
        let nonce = secret::bytes_from::<NONCE_LEN>(rng)?;
        let cipher = self.cipher();
        let sealed = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: &self.bind(aad),
                },
            )
            .expect("XChaCha20-Poly1305 seals any length stepup stores");
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens what [`SealKey::seal`] made with the same `aad`; None when it
    /// was sealed with another key, for another place, or changed since.
    pub fn open(&self, aad: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if sealed.len() < OVERHEAD {
            return None;
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        self.cipher()
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: body,
                    aad: &self.bind(aad),
                },
            )
            .ok()
            .map(Zeroizing::new)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new_from_slice(self.key.as_slice()).expect("a 32-byte key")
    }

    /// The associated data, with the key's id: a value names its key.
    fn bind(&self, aad: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + 8 + aad.len());
        out.extend_from_slice(b"stepup-seal:v1\0");
        out.extend_from_slice(&self.id.0);
        out.extend_from_slice(aad);
        out
    }
}

/// HMAC-SHA256 under `key` over `parts` (encoded as [`aad`] encodes them):
/// the MAC of record MACs, witnesses and the witness root.
pub fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut m = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key)
        .expect("HMAC takes keys of any length");
    m.update(&aad(parts));
    m.finalize().into_bytes().into()
}

/// Associated data made of parts, each with its length, so that no two
/// different lists of parts give the same bytes.
pub fn aad(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for p in parts {
        out.extend_from_slice(&(p.len() as u32).to_be_bytes());
        out.extend_from_slice(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::secret::OsRandomness;

    #[test]
    fn sealed_values_open_only_with_their_key_and_place() {
        let k = SealKey::generate(&OsRandomness).unwrap();
        let other = SealKey::generate(&OsRandomness).unwrap();
        let here = aad(&[b"totp", b"alice"]);
        let sealed = k
            .seal(&OsRandomness, &here, b"twenty bytes secret!")
            .unwrap();
        assert_eq!(sealed.len(), 20 + OVERHEAD);
        assert_eq!(
            k.open(&here, &sealed).unwrap().as_slice(),
            b"twenty bytes secret!"
        );
        // Another user, another key, any flipped bit: nothing.
        assert!(k.open(&aad(&[b"totp", b"bob"]), &sealed).is_none());
        assert!(other.open(&here, &sealed).is_none());
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert!(k.open(&here, &bad).is_none(), "byte {i}");
        }
        assert!(k.open(&here, &sealed[..OVERHEAD - 1]).is_none());
        // Two seals of one value differ (fresh nonces).
        assert_ne!(
            sealed,
            k.seal(&OsRandomness, &here, b"twenty bytes secret!")
                .unwrap()
        );
    }

    #[test]
    fn key_files_are_exactly_32_bytes_and_ids_are_stable() {
        assert_eq!(SealKey::from_bytes(&[1; 31]).unwrap_err(), BadKey(31));
        assert_eq!(SealKey::from_bytes(&[1; 33]).unwrap_err(), BadKey(33));
        let a = SealKey::from_bytes(&[1; 32]).unwrap();
        let b = SealKey::from_bytes(&[1; 32]).unwrap();
        assert_eq!(a.id(), b.id());
        assert_ne!(a.id(), SealKey::from_bytes(&[2; 32]).unwrap().id());
        assert_eq!(KeyId::parse(&a.id().to_string()), Some(a.id()));
        assert_eq!(KeyId::parse("xyz"), None);
        assert!(!format!("{a:?}").contains("0101"));
        assert_ne!(*a.derive("chain"), *a.derive("records"));
    }

    #[test]
    fn aad_parts_cannot_run_into_each_other() {
        assert_ne!(aad(&[b"ab", b"c"]), aad(&[b"a", b"bc"]));
    }
}
