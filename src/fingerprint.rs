//! Fingerprints of an article's body, from which copies are found: a hash of its
//! normalised words (exact copies) and a MinHash signature of its 3-word shingles (near
//! copies: the same story with a changed dateline or sentence). Owns how they are made,
//! stored as fast-field values and compared; [`crate::duplicates`] groups articles by them.

use crate::analysis::{fold_words_into, fold_words_with, FoldedWordSink};

/// Estimated Jaccard similarity of word-shingle sets from which two articles are the
/// same story. Syndicated copies with another dateline or an edited sentence are above
/// it; daily template reports (gold prices, exchange rates) of different days mostly
/// stay below (checked by hand on the corpus: see BENCHMARKS.md).
pub const SAME_STORY: f64 = 0.8;
/// Bodies with fewer words are matched only exactly.
const MIN_WORDS: usize = 40;
/// Words per shingle.
const SHINGLE: usize = 3;
/// Values of the MinHash signature: 32 estimate a Jaccard similarity of 0.8 within
/// about ±0.07.
pub const PERMUTATIONS: usize = 32;

/// A MinHash signature: per hash function, the smallest hash of any shingle.
pub type Signature = [u32; PERMUTATIONS];

/// Fixed odd multipliers and offsets of the hash functions (a splitmix64 sequence),
/// so that signatures are the same on every run and machine.
fn permutations() -> [(u64, u64); PERMUTATIONS] {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    std::array::from_fn(|_| (next() | 1, next()))
}

/// A stable 64-bit hash of a shingle (FNV-1a; std's hasher may change between
/// releases, and signatures live in the index).
fn shingle_hash(words: &[&str]) -> u64 {
    let mut h = FNV_OFFSET;
    for word in words {
        h = fnv1a_from(h, word.as_bytes());
        h = fnv1a_from(h, b" ");
    }
    h
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of `bytes`: the hash of a shingle's words each followed by a space.
fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

fn fnv1a_from(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// How an index's articles are fingerprinted: recorded by the schema version, since
/// signatures made one way are never compared with signatures made the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureKind {
    /// Schema version 1: 32 hash functions, each applied to every shingle (Broder 1997).
    Permutations,
    /// Schema version 2 on: one hash per shingle, spread over 32 bins, an empty bin
    /// filled from its nearest filled neighbour in a fixed random direction
    /// (one-permutation hashing with improved densification: Shrivastava and Li,
    /// UAI 2014). A 32nd of the hashing, for the same 32 values and bands.
    OnePermutation,
    /// Schema version 4 on: as `OnePermutation`, but each folded word is hashed once
    /// as it is folded, and a shingle's hash and the exact-copy hash are made of the
    /// words' hashes: the body's bytes are read once, where `OnePermutation` hashes
    /// each byte three times for the shingles and once more for BLAKE3. The 32 values
    /// are stored two to a fast-field value, in order.
    WordHashes,
}

impl SignatureKind {
    /// The signature an index of schema `version` carries.
    pub fn of_version(version: u32) -> SignatureKind {
        match version {
            ..=1 => SignatureKind::Permutations,
            2..=3 => SignatureKind::OnePermutation,
            _ => SignatureKind::WordHashes,
        }
    }
}

/// Both fingerprints of a body, from one pass over its folded words: the hash of the
/// words (exact copies: case, accents, punctuation and spacing do not count) and the
/// MinHash signature of its 3-word shingles, or `None` for a short body.
pub fn fingerprint_of(body: &str) -> Fingerprint {
    fingerprint_with(body, SignatureKind::WordHashes)
}

/// [`fingerprint_of`] with a signature of the given kind.
pub fn fingerprint_with(body: &str, kind: SignatureKind) -> Fingerprint {
    match kind {
        SignatureKind::WordHashes => word_hash_fingerprint(body),
        SignatureKind::Permutations => folded_text_fingerprint(body, |normalised, _| {
            let words: Vec<&str> = normalised.split_terminator(' ').collect();
            permutation_signature(&words)
        }),
        SignatureKind::OnePermutation => folded_text_fingerprint(body, one_permutation_signature),
    }
}

/// The fingerprints of schema versions 1 to 3, made from the folded text: its BLAKE3
/// hash, and `signature` of the text and its words' starts.
fn folded_text_fingerprint(
    body: &str,
    signature: impl FnOnce(&str, &[usize]) -> Signature,
) -> Fingerprint {
    // The folded words, each followed by a space, hashed at once: BLAKE3 is slow fed
    // a few bytes at a time.
    let mut normalised = String::with_capacity(body.len() + 1);
    // News words average about seven bytes with their space: room for most bodies.
    let mut starts = Vec::with_capacity(body.len() / 6 + 1);
    fold_words_into(body, &mut normalised, &mut starts);
    let hash = u64::from_le_bytes(
        blake3::hash(normalised.as_bytes()).as_bytes()[..8]
            .try_into()
            .expect("8 bytes"),
    );
    let signature = (starts.len() >= MIN_WORDS).then(|| signature(&normalised, &starts));
    Fingerprint { hash, signature }
}

/// The MinHash signature of a body's 3-word shingles, or `None` for a short body.
pub fn signature_of(body: &str) -> Option<Signature> {
    fingerprint_of(body).signature
}

fn permutation_signature(words: &[&str]) -> Signature {
    let perms = permutations();
    let mut signature = [u32::MAX; PERMUTATIONS];
    for shingle in words.windows(SHINGLE) {
        let h = shingle_hash(shingle);
        for (slot, &(a, b)) in signature.iter_mut().zip(perms.iter()) {
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            *slot = (*slot).min(v);
        }
    }
    signature
}

/// splitmix64's finaliser: every bit of the result depends on every bit of `z`.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `normalised` holds the words, each followed by a space, beginning at `starts`: a
/// shingle's words are one slice of it, hashed as [`shingle_hash`] hashes them.
fn one_permutation_signature(normalised: &str, starts: &[usize]) -> Signature {
    let shingles = (0..(starts.len() + 1).saturating_sub(SHINGLE)).map(|i| {
        let end = starts.get(i + SHINGLE).copied().unwrap_or(normalised.len());
        mix(fnv1a(&normalised.as_bytes()[starts[i]..end]))
    });
    one_permutation(shingles)
}

/// The signature of shingles given by their hashes: one-permutation hashing into 32
/// bins, densified.
fn one_permutation(shingles: impl Iterator<Item = u64>) -> Signature {
    let mut bins = [u32::MAX; PERMUTATIONS];
    let mut filled = 0u64;
    for h in shingles {
        // The high half picks the bin, the low half is the value.
        let bin = (((h >> 32) * PERMUTATIONS as u64) >> 32) as usize;
        bins[bin] = bins[bin].min(h as u32);
        filled |= 1 << bin;
    }
    densify(&bins, filled)
}

/// [`SignatureKind::WordHashes`] fingerprints: the folded words' hashes, made as the
/// body is folded, and everything else made of them.
fn word_hash_fingerprint(body: &str) -> Fingerprint {
    let mut words = WordHashes {
        // News words average about seven bytes with their space.
        hashes: Vec::with_capacity(body.len() / 6 + 1),
        current: FNV_OFFSET,
        in_word: false,
    };
    fold_words_with(body, &mut words);
    let hashes = words.hashes;
    let signature = (hashes.len() >= MIN_WORDS).then(|| {
        one_permutation(
            hashes
                .windows(SHINGLE)
                .map(|w| shingle_of_word_hashes(w[0], w[1], w[2])),
        )
    });
    Fingerprint {
        hash: exact_hash_of_word_hashes(&hashes),
        signature,
    }
}

/// A 3-word shingle's hash from its words' hashes: each word's turned by a different
/// amount, so that the same words in another order give another hash.
fn shingle_of_word_hashes(a: u64, b: u64, c: u64) -> u64 {
    mix(a ^ b.rotate_left(21) ^ c.rotate_left(42))
}

/// The exact-copy hash from the words' hashes, in order: each step a bijection of
/// the hash so far and the next word's hash.
fn exact_hash_of_word_hashes(hashes: &[u64]) -> u64 {
    let chained = hashes.iter().fold(FNV_OFFSET, |h, &w| mix(h ^ w));
    mix(chained ^ hashes.len() as u64)
}

/// The folded words' hashes as [`fold_words_with`] gives the words: FNV-1a of each
/// word's bytes, mixed.
struct WordHashes {
    hashes: Vec<u64>,
    current: u64,
    in_word: bool,
}

impl FoldedWordSink for WordHashes {
    #[inline]
    fn byte(&mut self, byte: u8) {
        self.current = fnv1a_from(self.current, &[byte]);
        self.in_word = true;
    }

    #[inline]
    fn end_word(&mut self) {
        if self.in_word {
            self.hashes.push(mix(self.current));
            self.current = FNV_OFFSET;
            self.in_word = false;
        }
    }
}

/// Fills each empty bin from the nearest filled bin, looking right or left as a fixed
/// per-bin coin says, with the value rehashed by the distance: two bodies agree on an
/// empty bin only when they agree on the bin it borrows from and on its distance.
fn densify(bins: &[u32; PERMUTATIONS], filled: u64) -> Signature {
    let mut out = *bins;
    if filled == 0 {
        return out;
    }
    for (j, slot) in out.iter_mut().enumerate() {
        if filled & (1 << j) != 0 {
            continue;
        }
        let rightwards = mix(0x5EED ^ j as u64) & 1 == 1;
        for distance in 1..PERMUTATIONS {
            let k = if rightwards {
                (j + distance) % PERMUTATIONS
            } else {
                (j + PERMUTATIONS - distance) % PERMUTATIONS
            };
            if filled & (1 << k) != 0 {
                *slot = mix(u64::from(bins[k]) << 8 | distance as u64) as u32;
                break;
            }
        }
    }
    out
}

/// Fast-field values of a [`SignatureKind::WordHashes`] signature: two of its values
/// to each, in order (a tantivy column keeps a document's numbers in the order added).
const PACKED_VALUES: usize = PERMUTATIONS / 2;

/// The signature as the fast-field values an index of signatures of `kind` stores:
/// for `WordHashes`, 16 values of two signature values each, in order; before, 32
/// values, each tagged with its hash function's number. Half the values cost half of
/// what a document's fast fields cost to index.
pub fn signature_values(
    signature: &Signature,
    kind: SignatureKind,
) -> impl Iterator<Item = u64> + '_ {
    let packed = kind == SignatureKind::WordHashes;
    let count = if packed { PACKED_VALUES } else { PERMUTATIONS };
    (0..count).map(move |i| {
        if packed {
            u64::from(signature[2 * i]) << 32 | u64::from(signature[2 * i + 1])
        } else {
            (i as u64) << 32 | u64::from(signature[i])
        }
    })
}

/// The signature back from its fast-field values, in either layout of
/// [`signature_values`] (told apart by their number); `None` unless all are there.
pub fn signature_from_values(values: impl Iterator<Item = u64>) -> Option<Signature> {
    let mut read = [0u64; PERMUTATIONS];
    let mut count = 0;
    for value in values {
        *read.get_mut(count)? = value;
        count += 1;
    }
    match count {
        PACKED_VALUES => Some(std::array::from_fn(|j| {
            let value = read[j / 2];
            if j % 2 == 0 {
                (value >> 32) as u32
            } else {
                value as u32
            }
        })),
        PERMUTATIONS => {
            let mut signature = [0u32; PERMUTATIONS];
            let mut seen = 0u64;
            for value in read {
                let i = (value >> 32) as usize;
                if i >= PERMUTATIONS {
                    return None;
                }
                signature[i] = value as u32;
                seen |= 1 << i;
            }
            (seen.count_ones() as usize == PERMUTATIONS).then_some(signature)
        }
        _ => None,
    }
}

/// Estimated Jaccard similarity of the shingle sets behind two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / PERMUTATIONS as f64
}

/// Fingerprints of one article, as read from the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the normalised body (0 when unknown).
    pub hash: u64,
    pub signature: Option<Signature>,
}

impl Fingerprint {
    pub fn same_story(&self, other: &Fingerprint) -> bool {
        if self.hash != 0 && self.hash == other.hash {
            return true;
        }
        match (&self.signature, &other.signature) {
            (Some(a), Some(b)) => similarity(a, b) >= SAME_STORY,
            _ => false,
        }
    }
}

#[cfg(test)]
#[path = "fingerprint_tests.rs"]
pub(crate) mod tests;
