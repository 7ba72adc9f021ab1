//! Indonesian stop words: the function-word list in `data/stopwords.txt` and the
//! membership test. Removal is the analyser's choice (off by default, because dropping
//! function words hurt ranking in measurements); this module only answers "is it one".

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use super::lexicon::{data_lines, FxHasher};
use super::sketch::Sketch;

const STOP_WORDS: &str = include_str!("data/stopwords.txt");

type StopSet = HashSet<&'static str, BuildHasherDefault<FxHasher>>;

/// The stop words, and a sketch of them: the analyser asks about most words it meets.
fn set() -> &'static (StopSet, Sketch) {
    static SET: OnceLock<(StopSet, Sketch)> = OnceLock::new();
    SET.get_or_init(|| {
        let set: StopSet = data_lines(STOP_WORDS).collect();
        let sketch = Sketch::new(set.iter().copied());
        (set, sketch)
    })
}

/// Whether `folded_word` (lowercase, folded as by [`super::fold`]) is a stop word.
pub fn is_stop_word(folded_word: &str) -> bool {
    let (set, sketch) = set();
    sketch.may_contain(folded_word) && set.contains(folded_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_function_words_only() {
        let table = [
            ("yang", true),
            ("dan", true),
            ("tidak", true),
            ("negara", false),
            ("Yang", false),
            ("", false),
        ];
        for (word, want) in table {
            assert_eq!(is_stop_word(word), want, "{word:?}");
        }
    }
}
