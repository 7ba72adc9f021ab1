// The multiply-rotate hash used by rustc (FxHash). Lookups of short ASCII words
// dominate stemming time, and SipHash's resistance to chosen keys buys nothing for
// fixed word lists. This file is also compiled into the build script, which lays
// out the root lexicon's hash table with it, so it uses nothing but `std`.

/// FxHash state; as a `Hasher` it feeds `HashMap`s of words.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let mut tail = 0u64;
        for (i, &b) in chunks.remainder().iter().enumerate() {
            tail |= u64::from(b) << (8 * i);
        }
        self.add(tail);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// The slot a word starts probing from in a table of `slots` (a power of two).
#[inline]
pub(crate) fn home_slot(word: &[u8], slots: usize) -> usize {
    let mut hasher = FxHasher::default();
    std::hash::Hasher::write(&mut hasher, word);
    // The high bits mix best.
    (std::hash::Hasher::finish(&hasher) >> 32) as usize & (slots - 1)
}

/// Words laid end to end in one string, with the offset where each one ends: unlike an
/// array of `&str`, it holds no pointers, so the loader has no relocation to apply to
/// it when a process starts (a one-query process would otherwise patch and copy
/// hundreds of pages of word tables it barely reads).
pub(crate) struct PackedWords {
    pub text: &'static str,
    /// `ends[i]` is the byte where word `i` ends; it starts where word `i - 1` ends.
    pub ends: &'static [u32],
}

impl PackedWords {
    #[inline]
    pub fn get(&self, i: usize) -> &'static [u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text.as_bytes()[start..self.ends[i] as usize]
    }
}

/// The index of `word` in `words`, through a table the build script laid out over them
/// with [`home_slot`] and linear probing (`u32::MAX` marks an empty slot).
#[inline]
pub(crate) fn find_in_table(words: &PackedWords, slots: &[u32], word: &[u8]) -> Option<usize> {
    let mask = slots.len() - 1;
    let mut slot = home_slot(word, slots.len());
    loop {
        let i = slots[slot];
        if i == u32::MAX {
            return None;
        }
        if words.get(i as usize) == word {
            return Some(i as usize);
        }
        slot = (slot + 1) & mask;
    }
}
