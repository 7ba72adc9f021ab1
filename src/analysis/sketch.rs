//! A word set's quick "certainly not in it", asked before a hash lookup on the
//! analyser's hot path: nearly every word of a text is looked up in small tables
//! (abbreviations' first words, compounds, short forms) that hold almost none of
//! them, and the stop words, which hold a quarter. A word's bucket costs a few
//! instructions, its hash lookup several times that: 3% of indexing's instructions
//! saved (BENCHMARKS.md, indexing round 6).

/// Buckets of the sketch: with a few hundred words, most are empty.
const BITS: usize = 4096;

/// One bit per bucket of (length, first byte, last byte).
#[derive(Clone)]
pub(crate) struct Sketch {
    bits: [u64; BITS / 64],
}

impl Sketch {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Sketch {
        let mut sketch = Sketch {
            bits: [0; BITS / 64],
        };
        for word in words {
            let bucket = bucket(word.as_bytes());
            sketch.bits[bucket / 64] |= 1 << (bucket % 64);
        }
        sketch
    }

    /// False only when `word` is certainly not one of the sketch's words.
    #[inline]
    pub fn may_contain(&self, word: &str) -> bool {
        let bucket = bucket(word.as_bytes());
        self.bits[bucket / 64] & (1 << (bucket % 64)) != 0
    }
}

#[inline]
fn bucket(word: &[u8]) -> usize {
    let (first, last) = match word {
        [] => (0, 0),
        [first, .., last] => (*first, *last),
        [only] => (*only, *only),
    };
    let key = (word.len() as u32)
        .wrapping_mul(0x0100_0193)
        .wrapping_add(u32::from(first) << 8 | u32::from(last));
    // Fibonacci hashing: the top bits of the product mix all of the key's.
    (key.wrapping_mul(0x9E37_79B1) >> (32 - BITS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_its_words_and_rejects_most_others() {
        let words = ["komisi", "badan", "korea", "dewan", "tindaklanjut", "a", ""];
        let sketch = Sketch::new(words);
        for word in words {
            assert!(sketch.may_contain(word), "{word}");
        }
        let others = [
            "rumah",
            "presiden",
            "jakarta",
            "pemerintah",
            "menteri",
            "kota",
            "banjir",
            "gempa",
            "harga",
            "minyak",
            "sekolah",
            "guru",
            "polisi",
            "hakim",
            "bank",
        ];
        let passed = others.iter().filter(|w| sketch.may_contain(w)).count();
        assert!(passed <= 2, "{passed} of {} passed", others.len());
    }

    /// Words of 3 to 12 letters from a fixed pseudo-random sequence.
    fn words(seed: u64, n: usize) -> Vec<String> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        (0..n)
            .map(|_| {
                let len = 3 + next() % 10;
                (0..len)
                    .map(|_| char::from(b'a' + (next() % 26) as u8))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_sketch_of_hundreds_of_words_rejects_most_others() {
        let members = words(1, 400);
        let sketch = Sketch::new(members.iter().map(String::as_str));
        assert!(members.iter().all(|w| sketch.may_contain(w)));
        let others: Vec<String> = words(2, 2000)
            .into_iter()
            .filter(|w| !members.contains(w))
            .collect();
        let passed = others.iter().filter(|w| sketch.may_contain(w)).count();
        // 400 words fill about 9% of the buckets.
        assert!(
            passed * 5 <= others.len(),
            "{passed} of {} passed",
            others.len()
        );
    }
}
