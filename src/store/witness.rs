//! The root over the witnesses of a sealed workspace, shared by both
//! backends.
//!
//! Every user, session and workspace record has a witness naming the
//! generation it was last written in. The witnesses fall into 256 buckets
//! (a byte of a hash of the witness's name); the root holds, per bucket,
//! the XOR of a keyed tag of every witness in it. A record read is checked
//! through its whole bucket, so a record put back together with an older
//! copy of its witness no longer adds up: only the whole database rolled
//! back, root included, goes unseen.

use crate::domain::seal::{self, SealKey};

pub const BUCKETS: usize = 256;
pub const TAG: usize = 16;
pub const ROOT_LEN: usize = BUCKETS * TAG;

/// The root: one accumulator per bucket.
pub type Root = [u8; ROOT_LEN];

/// The bucket a witness named `name` falls into.
pub fn bucket(name: &[u8]) -> u8 {
    crate::domain::secret::sha256(&[b"stepup-witness-bucket", name])[0]
}

/// A witness's tag in the root: its name and generation, under the key.
pub fn tag(key: &SealKey, name: &[u8], generation: u64) -> [u8; TAG] {
    let full = seal::mac(
        &*key.derive("witness-root"),
        &[name, &generation.to_be_bytes()],
    );
    let mut out = [0u8; TAG];
    out.copy_from_slice(&full[..TAG]);
    out
}

/// XORs `tag` into the accumulator of `bucket`.
pub fn xor_into(root: &mut [u8], bucket: u8, tag: &[u8; TAG]) {
    let at = usize::from(bucket) * TAG;
    let acc: &mut [u8; TAG] = (&mut root[at..at + TAG]).try_into().expect("TAG bytes");
    add(acc, tag);
}

/// The accumulator of `bucket` in `root`.
pub fn acc_of(root: &[u8], bucket: u8) -> [u8; TAG] {
    let at = usize::from(bucket) * TAG;
    let mut out = [0u8; TAG];
    out.copy_from_slice(&root[at..at + TAG]);
    out
}

/// XORs `tag` into one bucket's accumulator `acc`.
pub fn add(acc: &mut [u8; TAG], tag: &[u8; TAG]) {
    for (a, t) in acc.iter_mut().zip(tag) {
        *a ^= t;
    }
}

/// The XOR of the tags of `entries` (name, generation): what a bucket's
/// accumulator must be.
pub fn sum<'a>(key: &SealKey, entries: impl IntoIterator<Item = (&'a [u8], u64)>) -> [u8; TAG] {
    let mut acc = [0u8; TAG];
    for (name, g) in entries {
        add(&mut acc, &tag(key, name, g));
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_adds_up_whatever_the_order_and_changes_with_any_generation() {
        let key = SealKey::from_bytes(&[7u8; 32]).unwrap();
        let a: &[u8] = b"u:alice";
        let b: &[u8] = b"u:bob";
        let mut root = [0u8; ROOT_LEN];
        xor_into(&mut root, 3, &tag(&key, a, 4));
        xor_into(&mut root, 3, &tag(&key, b, 9));
        assert_eq!(acc_of(&root, 3), sum(&key, [(b, 9), (a, 4)]));
        assert_ne!(acc_of(&root, 3), sum(&key, [(a, 3), (b, 9)]));
        assert_eq!(acc_of(&root, 4), [0u8; TAG]);
        // Moving a witness from one generation to the next.
        xor_into(&mut root, 3, &tag(&key, a, 4));
        xor_into(&mut root, 3, &tag(&key, a, 5));
        assert_eq!(acc_of(&root, 3), sum(&key, [(a, 5), (b, 9)]));
        // Another key gives other tags.
        let other = SealKey::from_bytes(&[8u8; 32]).unwrap();
        assert_ne!(tag(&key, a, 5), tag(&other, a, 5));
    }
}
