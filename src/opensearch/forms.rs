//! The word forms warta's root list implies, as stem rules for the cluster: each root
//! the news writes, with the suffixes and clitics any word takes (-nya, -kan, -an,
//! -i, -lah) and the prefixes and confixes its dictionary entry allows (meN-, di-,
//! ber-, ter-, peN-, per-, ke-, se-), with the sound changes of meN- and peN- (tulis → menulis,
//! pukul → pemukul). Every form is run through warta's own analyser and the rule says
//! what that analyser says, so generation only decides which forms get a rule before
//! an article shows them; it never decides a stem. Rules learnt from the archive
//! are laid over these (they know the archive's names and their usual reading).

use std::collections::{BTreeMap, HashSet};

use super::analysis::{rule_safe, COMPOUND_JOINER};
use crate::analysis::{compounds, Analyzer};

/// The root list of the analyser: a word, then optionally a tab and the letters of
/// the prefix families its dictionary entry allows.
const ROOTS: &str = include_str!("../analysis/data/roots.txt");

/// How often the news corpus writes each root bare. A root the news writes gets all
/// its forms; another gets only the prefixed forms its dictionary entry allows
/// (menambatkan, though the news never writes "tambat" alone): suffixes on the
/// other two thirds of the list would double the rules for words news hardly meets.
const ROOT_COUNTS: &str = include_str!("../analysis/data/root_counts.txt");

/// Suffixes and clitics on a bare root.
const BARE: &[&str] = &[
    "nya", "lah", "kah", "pun", "kan", "an", "i", "annya", "kannya", "inya",
];

/// Prefix family letter → (prefix, the suffix layers it takes).
const FAMILIES: &[(char, Prefix, &[&str])] = &[
    (
        'D',
        Prefix::Plain("di"),
        &["", "kan", "i", "nya", "kannya", "inya", "lah"],
    ),
    (
        'M',
        Prefix::Nasal("me"),
        &["", "kan", "i", "nya", "kannya", "inya", "lah"],
    ),
    ('P', Prefix::Nasal("pe"), &["", "an", "nya", "annya"]),
    ('B', Prefix::Liquid("ber"), &["", "an", "kan", "nya", "lah"]),
    ('T', Prefix::Liquid("ter"), &["", "nya", "kan", "lah"]),
    ('K', Prefix::Plain("ke"), &["an", "annya"]),
    ('R', Prefix::Plain("per"), &["", "an", "annya"]),
    ('R', Prefix::Plain("memper"), &["kan", "i", "kannya"]),
    ('R', Prefix::Plain("diper"), &["kan", "i", "kannya"]),
    ('S', Prefix::Plain("se"), &["", "nya"]),
];

#[derive(Clone, Copy)]
enum Prefix {
    /// Joined as is: di-, ke-, se-, per-.
    Plain(&'static str),
    /// meN-/peN-: the nasal takes the place of the root's first sound.
    Nasal(&'static str),
    /// ber-/ter-: the r drops before a root starting with r (berantai, terasa).
    Liquid(&'static str),
}

impl Prefix {
    fn join(self, root: &str) -> String {
        match self {
            Prefix::Plain(p) => format!("{p}{root}"),
            Prefix::Liquid(p) if root.starts_with('r') => format!("{}{root}", &p[..p.len() - 1]),
            Prefix::Liquid(p) => format!("{p}{root}"),
            Prefix::Nasal(p) => {
                let first = root.chars().next().unwrap_or('a');
                let rest = &root[first.len_utf8()..];
                match first {
                    'a' | 'e' | 'i' | 'o' | 'u' | 'g' | 'h' => format!("{p}ng{root}"),
                    'k' => format!("{p}ng{rest}"),
                    'b' | 'f' | 'v' => format!("{p}m{root}"),
                    'p' => format!("{p}m{rest}"),
                    'd' | 'c' | 'j' | 'z' => format!("{p}n{root}"),
                    't' => format!("{p}n{rest}"),
                    's' => format!("{p}ny{rest}"),
                    _ => format!("{p}{root}"),
                }
            }
        }
    }
}

/// The forms of one root.
fn forms(root: &str, families: &str, bare: bool, out: &mut Vec<String>) {
    // The root itself: a closed-up compound ("orangtua") is two words even bare.
    out.push(root.to_string());
    if bare {
        for suffix in BARE {
            out.push(format!("{root}{suffix}"));
        }
    }
    for (letter, prefix, suffixes) in FAMILIES {
        if families.contains(*letter) {
            let stem = prefix.join(root);
            for suffix in *suffixes {
                out.push(format!("{stem}{suffix}"));
            }
        }
    }
}

/// Form → warta's stem, for every implied form whose stem is one other term.
pub fn implied_rules(analyzer: &Analyzer) -> BTreeMap<String, String> {
    let mut rules = BTreeMap::new();
    let mut candidates = Vec::new();
    // Closed-up compounds take the affixes of a verb or noun phrase (menindaklanjuti,
    // pertanggungjawaban), as the lexicon says; mined from the news, they get all.
    let compounds = compounds::closed_up().map(|root| (root, "DMPBTKRS", true));
    let used: HashSet<&str> = ROOT_COUNTS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split('\t').next())
        .collect();
    let roots = ROOTS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split_once('\t').unwrap_or((line, "")))
        .map(|(root, families)| (root, families, used.contains(root)))
        .filter(|(_, families, bare)| *bare || !families.is_empty());
    for (root, families, bare) in roots.chain(compounds) {
        // Hyphenated and spaced entries are several tokens, not one rule.
        if root.len() < 3 || !root.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        candidates.clear();
        forms(root, families, bare, &mut candidates);
        for form in &candidates {
            if rules.contains_key(form) {
                continue;
            }
            let stem = match analyzer.analyze_to_vec(form).as_slice() {
                [term] => term.text.clone(),
                // A closed-up compound's two words, at two positions.
                [first, second] if second.position == first.position + 1 => {
                    format!("{}{COMPOUND_JOINER}{}", first.text, second.text)
                }
                _ => continue,
            };
            if stem != *form && rule_safe(&stem) {
                rules.insert(form.clone(), stem);
            }
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalyzerOptions;

    #[test]
    fn nasal_and_liquid_prefixes_change_sounds_as_indonesian_does() {
        let cases = [
            (Prefix::Nasal("me"), "tulis", "menulis"),
            (Prefix::Nasal("me"), "pukul", "memukul"),
            (Prefix::Nasal("me"), "kirim", "mengirim"),
            (Prefix::Nasal("me"), "sapu", "menyapu"),
            (Prefix::Nasal("me"), "ambil", "mengambil"),
            (Prefix::Nasal("me"), "baca", "membaca"),
            (Prefix::Nasal("me"), "lihat", "melihat"),
            (Prefix::Nasal("pe"), "dengar", "pendengar"),
            (Prefix::Liquid("ber"), "rantai", "berantai"),
            (Prefix::Liquid("ter"), "bang", "terbang"),
            (Prefix::Plain("di"), "tulis", "ditulis"),
        ];
        for (prefix, root, form) in cases {
            assert_eq!(prefix.join(root), form, "{root}");
        }
    }

    #[test]
    fn implied_rules_hold_unseen_derivations_with_warta_stems() {
        let analyzer = Analyzer::new(AnalyzerOptions::default());
        let rules = implied_rules(&analyzer);
        let expected = [
            ("menambatkan", "tambat"),
            ("pengerukan", "keruk"),
            ("dituliskannya", "tulis"),
            ("pemukulan", "pukul"),
            ("menindaklanjuti", "tindak_lanjut"),
            ("kerjasamanya", "kerja_sama"),
            ("orangtua", "orang_tua"),
        ];
        for (form, stem) in expected {
            assert_eq!(rules.get(form).map(String::as_str), Some(stem), "{form}");
        }
        // Roots stay whole: no rule for a word warta leaves as it is.
        assert!(!rules.contains_key("tulis"));
        assert!(!rules.contains_key("jembatan"));
    }
}
