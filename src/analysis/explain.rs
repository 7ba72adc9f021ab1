//! What `warta analyze --explain` shows: for each output term, the word as written,
//! its folded form, the term, and the reasons (protection, removed affixes, sound
//! changes, lexicon hits). Owns the record and its one-line rendering; the analyser
//! fills it in.

use std::fmt;

/// Why one word became the term it did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The word as it appears in the input text.
    pub original: String,
    /// After lowercasing and folding.
    pub folded: String,
    /// The emitted term (empty when the word was dropped as a stop word).
    pub stem: String,
    /// The steps taken, outermost first ("removed particle -lah", "root found in lexicon").
    pub steps: Vec<String>,
}

impl fmt::Display for Explanation {
    /// `original  folded  stem  step; step; ...`, tab separated.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\t{}\t{}\t{}",
            self.original,
            self.folded,
            self.stem,
            self.steps.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_one_tab_separated_line() {
        let e = Explanation {
            original: "Menulisnya".into(),
            folded: "menulisnya".into(),
            stem: "tulis".into(),
            steps: vec![
                "removed possessive -nya".into(),
                "root found in lexicon".into(),
            ],
        };
        assert_eq!(
            e.to_string(),
            "Menulisnya\tmenulisnya\ttulis\tremoved possessive -nya; root found in lexicon"
        );
    }
}
