//! warta's Indonesian analysis rebuilt from OpenSearch's own analysis components, so
//! that anyone querying the cluster directly gets the terms `warta analyze` gives.
//!
//! The chain for stemmed fields: a `pattern_replace` char filter drops apostrophes
//! inside words ("Jum'at"); a `pattern` tokenizer cuts words as warta's tokenizer does
//! (hyphens and number separators join), after a second one has made whole-word
//! reduplications their base ("negara-negara" → "negara"); `lowercase` and `asciifolding` fold;
//! `synonym` adds the short form where an expansion from the abbreviation table is
//! spelled out (`kpk` beside "Komisi Pemberantasan Korupsi"); `word_delimiter_graph`
//! splits hyphenated words except those warta keeps whole (`protected_words`:
//! reduplications such as "negara-negara"); `stemmer_override` maps each word form
//! to warta's stem (a closed-up compound's two words joined by `_`, which a last
//! `word_delimiter_graph` splits into two positions: "menindaklanjuti" → tindak, lanjut) (a first `stemmer_override`, before folding, holds the forms
//! whose capitals change warta's reading: "Pemimpin" mid-sentence is part of a name
//! and stays whole; its tokens are then keywords the later filters leave alone). The rules are learnt from the archive: every word form warta meets
//! while exporting is run through warta's own analyser ([`Vocabulary::learn`]), so the
//! cluster stems exactly the words the archive holds; a form seen in no exported
//! article is left as written (the README says so).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Value};

use crate::analysis::{abbreviations, fold, Token};
use crate::tokenizer::Analyzers;

/// The analysers' names in the OpenSearch index.
pub const STEMMED: &str = "warta_indonesian";
pub const SURFACE: &str = "warta_surface";
pub const WORDS: &str = "warta_words";

/// Words as warta's tokenizer cuts them: letters and digits, joined by hyphens
/// directly followed by a word character, and by `.`/`,` between digits.
const WORD_PATTERN: &str = r"(?:\p{N}++(?:[.,]\p{N}++)*+(?![\p{L}\p{M}\p{N}])|[\p{L}\p{M}\p{N}]+)(?:[-\u2010\u2011](?:\p{N}++(?:[.,]\p{N}++)*+(?![\p{L}\p{M}\p{N}])|[\p{L}\p{M}\p{N}]+))*";
/// A whole-word reduplication ("negara-negara", "Anak-anak") becomes its base before
/// cutting, as warta reads it: one term, the base's stem, whether or not the archive
/// held that form.
const REDUPLICATION_PATTERN: &str =
    r"(?iu)(?<![\p{L}\p{M}\p{N}])(\p{L}+)[-\u2010\u2011]\1(?![\p{L}\p{M}\p{N}\-])";
/// Thousands dots inside a number ("14.030", "1.250.000,50"), which warta drops so that
/// numbers match with or without them; "12.30" keeps its dot.
const THOUSANDS_PATTERN: &str = r"(?<=(?<![\p{L}\p{N}.,])\p{N}{1,3}(?:\.\p{N}{3}){0,8})\.(?=\p{N}{3}(?:\.\p{N}{3})*(?!\p{N}|\.\p{N}))";
/// Joins the two words of a closed-up compound in a stem rule ("tindak_lanjut"); the
/// `warta_compounds` filter splits there, giving the words two positions as warta does.
pub(super) const COMPOUND_JOINER: char = '_';
/// Apostrophes between letters are spelling, not boundaries: removed before cutting.
const APOSTROPHE_PATTERN: &str = r"(?<=\p{L})['\u2018\u2019\u02BC`\u00B4](?=\p{L})";

/// What the archive taught the cluster: word forms and their stems, and hyphenated
/// forms kept whole.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Vocabulary {
    /// Folded form → stem, where they differ.
    pub rules: BTreeMap<String, String>,
    /// Folded hyphenated forms warta keeps as one term.
    pub whole: BTreeSet<String>,
    /// Forms as written (with capitals) whose stem differs from their folded form's:
    /// applied before folding.
    pub cased: BTreeMap<String, String>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

/// Collects word forms while articles stream past: for each folded form, how often
/// warta gave each stem (a capitalised name mid-sentence may be left unstemmed where
/// the same word elsewhere is stemmed; the cluster takes the commoner reading).
#[derive(Default)]
pub struct Learner {
    seen: HashMap<String, HashMap<String, u32>>,
    /// The same, per form as written when it has capitals ("Pemimpin" mid-sentence is
    /// a name's part, and warta leaves it unstemmed).
    cased: HashMap<String, HashMap<String, u32>>,
}

fn count(table: &mut HashMap<String, HashMap<String, u32>>, form: &str, stem: &str) {
    if let Some(stems) = table.get_mut(form) {
        if let Some(n) = stems.get_mut(stem) {
            *n += 1;
        } else {
            stems.insert(stem.to_string(), 1);
        }
    } else {
        table
            .entry(form.to_string())
            .or_default()
            .insert(stem.to_string(), 1);
    }
}

fn commonest(stems: &HashMap<String, u32>) -> &String {
    stems
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s)
        .expect("a seen form has a stem")
}

impl Learner {
    pub fn learn(&mut self, analyzers: &Analyzers, text: &str) {
        let mut words: Vec<(Token, String)> = Vec::new();
        analyzers
            .stem
            .analyze_with_surface(text, &mut |token, surface| {
                if !surface.is_empty() {
                    words.push((token, surface.to_string()));
                } else if let Some((first, _)) = words.last_mut().filter(|(first, _)| {
                    (first.start, first.end, first.position + 1)
                        == (token.start, token.end, token.position)
                }) {
                    // The second word of a closed-up compound ("menindaklanjuti":
                    // tindak, lanjut): one rule gives both, split again by the chain.
                    first.text = format!("{}{COMPOUND_JOINER}{}", first.text, token.text);
                }
                // Otherwise a short form added for a spelled-out expansion.
            });
        for (token, surface) in words {
            count(&mut self.seen, &surface, &token.text);
            let written = &text[token.start..token.end];
            if written.chars().any(char::is_uppercase)
                && !written.contains(['-', '\u{2010}', '\u{2011}'])
            {
                let written: String = written.chars().filter(|c| !is_apostrophe(*c)).collect();
                count(&mut self.cased, &written, &token.text);
            }
        }
    }

    pub fn vocabulary(&self) -> Vocabulary {
        self.vocabulary_over(BTreeMap::new())
    }

    /// The vocabulary over `implied` rules (the root list's forms): a form the archive
    /// holds takes its reading there, even where that is the form itself ("Angkatan"
    /// in a name stays whole where the root list would stem it).
    pub fn vocabulary_over(&self, mut implied: BTreeMap<String, String>) -> Vocabulary {
        implied.retain(|form, _| !self.seen.contains_key(form));
        let mut vocabulary = Vocabulary {
            rules: implied,
            ..Vocabulary::default()
        };
        for (surface, stems) in &self.seen {
            let stem = commonest(stems);
            if surface.contains('-') {
                vocabulary.whole.insert(surface.clone());
            }
            if stem != surface && rule_safe(surface) && rule_safe(stem) {
                vocabulary.rules.insert(surface.clone(), stem.clone());
            }
        }
        for (written, stems) in &self.cased {
            let stem = commonest(stems);
            let usual = self.seen.get(&fold(written)).map(commonest);
            if usual != Some(stem) && rule_safe(written) && rule_safe(stem) {
                vocabulary.cased.insert(written.clone(), stem.clone());
            }
        }
        vocabulary
    }
}

/// Text a `stemmer_override` rule can carry (its syntax uses `=>` and `,`).
pub(super) fn rule_safe(text: &str) -> bool {
    !text.is_empty() && !text.contains(['=', '>', ',', ' ', '\n', '\\'])
}

impl Vocabulary {
    /// Reads the vocabulary back from an index's analysis settings.
    pub fn from_settings(analysis: &Value) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|s| s.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        // An identity rule stands in for an empty list (a filter needs one rule).
        for rule in strings(&analysis["filter"]["warta_stems"]["rules"]) {
            if let Some((from, to)) = rule.split_once(" => ").filter(|(f, t)| f != t) {
                vocabulary.rules.insert(from.to_string(), to.to_string());
            }
        }
        for rule in strings(&analysis["filter"]["warta_cased_stems"]["rules"]) {
            if let Some((from, to)) = rule.split_once(" => ").filter(|(f, t)| f != t) {
                vocabulary.cased.insert(from.to_string(), to.to_string());
            }
        }
        vocabulary.whole = strings(&analysis["filter"]["warta_whole_words"]["protected_words"])
            .into_iter()
            .collect();
        vocabulary
    }

    /// This vocabulary with `newer`'s words added (newer stems win); and whether a
    /// word's stem changed, which makes articles indexed before stale.
    pub fn merged(&self, newer: &Vocabulary) -> (Vocabulary, bool) {
        let mut out = self.clone();
        let mut changed = false;
        for (from, to) in &newer.rules {
            if let Some(old) = out.rules.insert(from.clone(), to.clone()) {
                changed |= old != *to;
            }
        }
        out.whole.extend(newer.whole.iter().cloned());
        for (from, to) in &newer.cased {
            if let Some(old) = out.cased.insert(from.clone(), to.clone()) {
                changed |= old != *to;
            }
        }
        (out, changed)
    }

    /// The index's `analysis` settings.
    pub fn analysis_settings(&self, abbreviation_terms: bool) -> Value {
        let rules = override_rules(&self.rules);
        let cased = override_rules(&self.cased);
        let whole: Vec<&String> = self.whole.iter().collect();
        let mut stemmed_filters = vec!["warta_cased_stems", "lowercase", "asciifolding"];
        if abbreviation_terms {
            stemmed_filters.push("warta_short_forms");
        }
        stemmed_filters.extend(["warta_whole_words", "warta_stems", "warta_compounds"]);
        json!({
            "char_filter": {
                "warta_apostrophes": {"type": "pattern_replace", "pattern": APOSTROPHE_PATTERN, "replacement": ""},
                "warta_reduplications": {"type": "pattern_replace", "pattern": REDUPLICATION_PATTERN, "replacement": "$1"},
                "warta_thousands": {"type": "pattern_replace", "pattern": THOUSANDS_PATTERN, "replacement": ""}
            },
            "tokenizer": {
                "warta_words": {"type": "pattern", "pattern": WORD_PATTERN, "group": 0},
                "warta_simple": {"type": "pattern", "pattern": r"[^\p{L}\p{N}]+"}
            },
            "filter": {
                "warta_whole_words": {
                    "type": "word_delimiter_graph",
                    "protected_words": if whole.is_empty() { json!(["-"]) } else { json!(whole) },
                    "split_on_case_change": false,
                    "split_on_numerics": false,
                    "stem_english_possessive": false,
                    "generate_word_parts": true,
                    "generate_number_parts": true,
                    "preserve_original": false,
                    "type_table": [". => DIGIT", ", => DIGIT"]
                },
                // Splits only at the compound joiner: hyphens, and dots and commas in
                // numbers, are word characters here.
                "warta_compounds": {
                    "type": "word_delimiter_graph",
                    "split_on_case_change": false,
                    "split_on_numerics": false,
                    "stem_english_possessive": false,
                    "generate_word_parts": true,
                    "generate_number_parts": true,
                    "preserve_original": false,
                    "type_table": ["- => ALPHA", "\\u2010 => ALPHA", "\\u2011 => ALPHA", ". => DIGIT", ", => DIGIT"]
                },
                "warta_stems": {"type": "stemmer_override", "rules": rules},
                "warta_cased_stems": {"type": "stemmer_override", "rules": cased},
                "warta_short_forms": {"type": "synonym", "synonyms": short_form_rules(), "lenient": true}
            },
            "analyzer": {
                STEMMED: {
                    "type": "custom",
                    "char_filter": ["warta_apostrophes", "warta_thousands", "warta_reduplications"],
                    "tokenizer": "warta_words",
                    "filter": stemmed_filters
                },
                SURFACE: {
                    "type": "custom",
                    "char_filter": ["warta_apostrophes", "warta_thousands"],
                    "tokenizer": "warta_words",
                    "filter": ["lowercase", "asciifolding", "warta_whole_words"]
                },
                WORDS: {
                    "type": "custom",
                    "tokenizer": "warta_simple",
                    "filter": ["lowercase", "asciifolding"]
                }
            }
        })
    }
}

/// `komisi pemberantasan korupsi => kpk, komisi pemberantasan korupsi`: the short
/// form at the expansion's first word, the words themselves kept (as warta indexes).
fn short_form_rules() -> Vec<String> {
    let mut by_expansion: BTreeMap<String, String> = BTreeMap::new();
    for (short, expansion) in abbreviations::all() {
        let expansion = fold(expansion);
        // One short form per expansion, the first in the table, as the analyser picks.
        if abbreviations::is_one_term(short) && expansion.contains(' ') {
            by_expansion
                .entry(expansion)
                .or_insert_with(|| short.to_string());
        }
    }
    by_expansion
        .into_iter()
        .filter(|(e, s)| rule_safe(s) && !e.contains(['=', '>', ',']))
        .map(|(expansion, short)| format!("{expansion} => {short}, {expansion}"))
        .collect()
}

/// A map's entries as `stemmer_override` rules (`form => stem`). A filter must list at
/// least one rule, so an empty map gives one that changes nothing.
fn override_rules<'a>(map: impl IntoIterator<Item = (&'a String, &'a String)>) -> Vec<String> {
    let rules: Vec<String> = map
        .into_iter()
        .map(|(form, stem)| format!("{form} => {stem}"))
        .collect();
    if rules.is_empty() {
        vec!["warta => warta".to_string()]
    } else {
        rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalyzerOptions;

    /// A learner that has read `text` as export reads an article.
    fn learnt(text: &str) -> Learner {
        let analyzers = Analyzers::new(&AnalyzerOptions {
            abbreviation_terms: true,
            ..AnalyzerOptions::default()
        });
        let mut learner = Learner::default();
        learner.learn(&analyzers, text);
        learner
    }

    #[test]
    fn rules_map_forms_to_warta_stems_and_keep_reduplications_whole() {
        let vocabulary = learnt("Pembangunan jembatan negara-negara dimulai").vocabulary();
        assert_eq!(
            vocabulary.rules.get("pembangunan").map(String::as_str),
            Some("bangun")
        );
        assert_eq!(
            vocabulary.rules.get("negara-negara").map(String::as_str),
            Some("negara")
        );
        assert_eq!(
            vocabulary.rules.get("dimulai").map(String::as_str),
            Some("mulai")
        );
        assert!(!vocabulary.rules.contains_key("jembatan"));
        assert!(vocabulary.whole.contains("negara-negara"));
    }

    #[test]
    fn a_closed_up_compound_learns_both_words_and_a_short_form_none() {
        let learner = learnt("Polisi menindaklanjuti laporan Komisi Pemberantasan Korupsi");
        let vocabulary = learner.vocabulary();
        assert_eq!(
            vocabulary.rules.get("menindaklanjuti").map(String::as_str),
            Some("tindak_lanjut")
        );
        assert_eq!(
            vocabulary.rules.get("laporan").map(String::as_str),
            Some("lapor")
        );
        // A form the archive holds reads as there, over the root list's forms.
        let mut implied = BTreeMap::new();
        implied.insert("laporan".to_string(), "wrong".to_string());
        implied.insert("pelaporan".to_string(), "lapor".to_string());
        let over = learner.vocabulary_over(implied);
        assert_eq!(over.rules.get("laporan").map(String::as_str), Some("lapor"));
        assert_eq!(
            over.rules.get("pelaporan").map(String::as_str),
            Some("lapor")
        );
        let mut implied = BTreeMap::new();
        implied.insert("polisi".to_string(), "wrong".to_string());
        assert!(!learner
            .vocabulary_over(implied)
            .rules
            .contains_key("polisi"));
        // The short form `kpk` came from the synonyms, not from a word: no rule.
        assert!(!vocabulary.rules.values().any(|stem| stem.contains("kpk")));
        assert!(!vocabulary.rules.contains_key("komisi"));
    }

    #[test]
    fn settings_round_trip_and_merging_reports_changed_stems() {
        let mut old = Vocabulary::default();
        old.rules.insert("dimulai".into(), "mulai".into());
        old.whole.insert("negara-negara".into());
        let settings = old.analysis_settings(true);
        assert_eq!(Vocabulary::from_settings(&settings), old);

        let mut added = Vocabulary::default();
        added.rules.insert("membangun".into(), "bangun".into());
        let (merged, changed) = old.merged(&added);
        assert!(!changed);
        assert_eq!(merged.rules.len(), 2);

        let mut altered = Vocabulary::default();
        altered.rules.insert("dimulai".into(), "mula".into());
        assert!(old.merged(&altered).1);
    }
}
