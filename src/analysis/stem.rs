//! The dictionary-checked Indonesian stemmer, in the Nazief–Adriani / Enhanced
//! Confix Stripping family. Owns the affix inventory (particles -lah/-kah/-tah/-pun,
//! possessives -ku/-mu/-nya, derivational -i/-kan/-an, prefixes di-, ke-, se-, ber-,
//! ter-, per-, meN-, peN-, ku-, kau- with their sound changes), the rules on which
//! affixes combine, and the choice between competing analyses. It works on one folded
//! word and never on text; it does not know about names, hyphens or stop words.
//!
//! Instead of ECS's fixed order of removals with backtracking, every split of the
//! word into prefixes + root + suffixes that the rules allow is tried and the root
//! must be in the lexicon. Among the splits that reach a root, the one that removes
//! the fewest affixes wins ("bernilai" is ber+nilai, not ber+nila+i); ties go to the
//! root whose dictionary flags allow the prefix ("pengunjung" is peN+kunjung, not
//! peN+unjung), then to a root the news corpus writes bare ("ketukan" is ketuk+an,
//! not ketu+kan), then to the first found in ECS's order (suffixes before prefixes:
//! "berikan" is beri+kan; the plain prefix before its recoded variant). A word
//! with no such split is returned unchanged, except for a trailing -nya on a word of
//! three or more letters: chopping affixes blindly mangles names and loanwords, but
//! -nya attaches to any noun, foreign ones included ("webnya").

use super::affixes::{prefix_candidates, suffix_splits, PrefixKind, SuffixSplit};
use super::lexicon::Lexicon;

pub(crate) use super::affixes::MIN_ROOT;

/// Words longer than this are not stemmed (URLs glued together, garbage).
const MAX_WORD: usize = 40;

/// One removed prefix: what was cut and which letter the sound change restored.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PrefixStep {
    pub kind: PrefixKind,
    removed: [u8; 6],
    removed_len: u8,
    pub restored: Option<u8>,
}

impl PrefixStep {
    pub fn removed(&self) -> &str {
        std::str::from_utf8(&self.removed[..usize::from(self.removed_len)]).unwrap_or("")
    }
}

/// How a word was taken apart. `found` is false when no root was found and the word
/// was kept as it is.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Analysis {
    pub found: bool,
    pub particle: Option<&'static str>,
    pub possessive: Option<&'static str>,
    pub derivational: Option<&'static str>,
    pub prefixes: [Option<PrefixStep>; 3],
}

impl Analysis {
    /// A found root reached by removing the suffixes of `split` and no prefix (yet).
    fn of_suffixes(split: &SuffixSplit) -> Analysis {
        Analysis {
            found: true,
            particle: split.particle,
            possessive: split.possessive,
            derivational: split.derivational,
            prefixes: [None; 3],
        }
    }

    fn cost(&self) -> usize {
        usize::from(self.particle.is_some())
            + usize::from(self.possessive.is_some())
            + usize::from(self.derivational.is_some())
            + self.prefixes.iter().flatten().count()
    }

    /// A prefix and a derivational suffix together (ke-an, peN-an, meN-kan, ...):
    /// the shape of a derived common word, rarely of a name.
    pub fn is_confix(&self) -> bool {
        self.prefixes[0].is_some() && self.derivational.is_some()
    }

    /// Human-readable steps, outermost first, for `explain`.
    pub fn steps(&self) -> Vec<String> {
        let mut steps = Vec::new();
        if let Some(p) = self.particle {
            steps.push(format!("removed particle -{p}"));
        }
        if let Some(p) = self.possessive {
            steps.push(format!("removed possessive -{p}"));
        }
        if let Some(s) = self.derivational {
            steps.push(format!("removed suffix -{s}"));
        }
        for p in self.prefixes.iter().flatten() {
            let mut step = format!("removed prefix {} ({}-)", p.kind.name(), p.removed());
            if let Some(letter) = p.restored {
                step.push_str(&format!(" + sound change {}", char::from(letter)));
            }
            steps.push(step);
        }
        steps.push(
            match (self.found, self.possessive.is_some()) {
                (true, _) => "root found in lexicon",
                (false, true) => "root not in lexicon: only the clitic removed",
                (false, false) => "no root found: kept whole",
            }
            .to_string(),
        );
        steps
    }
}

/// A candidate root held on the stack, so the search allocates nothing.
#[derive(Clone, Copy)]
struct Buf {
    bytes: [u8; MAX_WORD + 1],
    len: usize,
}

impl Buf {
    fn from_parts(restored: Option<u8>, rest: &[u8]) -> Buf {
        let mut buf = Buf {
            bytes: [0; MAX_WORD + 1],
            len: 0,
        };
        if let Some(letter) = restored {
            buf.bytes[0] = letter;
            buf.len = 1;
        }
        buf.bytes[buf.len..buf.len + rest.len()].copy_from_slice(rest);
        buf.len += rest.len();
        buf
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

struct Best {
    analysis: Analysis,
    root: Buf,
    cost: usize,
    licensed: bool,
    count: u32,
}

/// Roots that ke- alone attaches to: ke- without a suffix only forms ordinals and
/// collectives of numbers (kedua, kelima); "kediri" or "kekasih" are not ke- + root.
const NUMERALS: [&str; 14] = [
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    "sebelas", "seratus", "seribu", "sejuta",
];

pub(crate) struct Stemmer {
    lexicon: Lexicon,
}

impl Stemmer {
    pub fn new(lexicon: Lexicon) -> Stemmer {
        Stemmer { lexicon }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Writes the root of `word` (folded) into `out` and says how it was found.
    pub fn stem_into(&self, word: &str, out: &mut String) -> Analysis {
        out.clear();
        let w = word.as_bytes();
        if w.len() < MIN_ROOT || w.len() > MAX_WORD || !w.iter().all(u8::is_ascii_lowercase) {
            out.push_str(word);
            return Analysis::default();
        }
        if self.lexicon.contains(word) {
            out.push_str(word);
            return Analysis {
                found: true,
                ..Analysis::default()
            };
        }
        let mut splits = [SuffixSplit::default(); 32];
        let n = suffix_splits(w, &mut splits);
        let mut best: Option<Best> = None;
        // Suffix-only analyses first: at equal cost ECS prefers them ("berikan" = beri+kan).
        for split in &splits[1..n] {
            let body = &w[..split.end];
            let short_root = body.len() < 4 && matches!(split.derivational, Some("an" | "i"));
            // Loanwords in -si (politisi, komisi, posisi) far outnumber bare imperatives
            // like "atasi"; with a prefix ("mengatasi") the -i still goes.
            let loan_si = split.derivational == Some("i") && body.ends_with(b"s");
            if short_root || loan_si {
                continue;
            }
            if let Some((_, count)) = self.lexicon.root(body) {
                let analysis = Analysis::of_suffixes(split);
                let root = Buf::from_parts(None, body);
                consider(&mut best, analysis, root, (true, count), 0);
            }
        }
        // Then prefixes, on the most-stripped body first: ECS removes all suffixes before
        // any prefix and only restores them when that fails ("diberikan" = di+beri+kan).
        for split in splits[..n].iter().rev() {
            let base = Analysis::of_suffixes(split);
            self.strip_prefixes(&w[..split.end], 0, base, &mut best);
        }
        match best {
            Some(b) => {
                out.push_str(std::str::from_utf8(b.root.as_bytes()).unwrap_or(word));
                b.analysis
            }
            None => match word
                .strip_suffix("nya")
                .filter(|rest| rest.len() >= MIN_ROOT)
            {
                Some(rest) => {
                    out.push_str(rest);
                    Analysis {
                        possessive: Some("nya"),
                        ..Analysis::default()
                    }
                }
                None => {
                    out.push_str(word);
                    Analysis::default()
                }
            },
        }
    }

    fn strip_prefixes(&self, s: &[u8], depth: usize, analysis: Analysis, best: &mut Option<Best>) {
        if depth == 3 {
            return;
        }
        let cands = prefix_candidates(s);
        for &(kind, cut, restored) in cands.items[..cands.len].iter().flatten() {
            let outer = if depth == 0 {
                None
            } else {
                analysis.prefixes[depth - 1].map(|p| p.kind)
            };
            let allowed = match outer {
                None => analysis.derivational.is_none_or(|d| !kind.excludes(d)),
                Some(o) => o.may_contain(kind),
            };
            if !allowed || s.len() - cut + usize::from(restored.is_some()) < MIN_ROOT {
                continue;
            }
            let mut next = analysis;
            let mut removed = [0u8; 6];
            removed[..cut].copy_from_slice(&s[..cut]);
            next.prefixes[depth] = Some(PrefixStep {
                kind,
                removed,
                removed_len: cut as u8,
                restored,
            });
            if best.as_ref().is_some_and(|b| next.cost() > b.cost) {
                continue;
            }
            let root = Buf::from_parts(restored, &s[cut..]);
            let found = self.lexicon.root(root.as_bytes());
            let is_root = found.is_some()
                && (next.prefixes[0].map(|p| p.kind) != Some(PrefixKind::Ke)
                    || next.derivational.is_some()
                    || NUMERALS.iter().any(|n| n.as_bytes() == root.as_bytes()));
            if let (true, Some((families, count))) = (is_root, found) {
                // A sound change restores the first letter of a native root; a restored
                // letter in front of a word the dictionary never derives ("peng" +
                // k + "awasan") is likely an accident, so it costs one affix more.
                let penalty = usize::from(restored.is_some() && families.is_empty());
                let licensed = families.allows(kind);
                consider(best, next, root, (licensed, count), penalty);
            }
            self.strip_prefixes(root.as_bytes(), depth + 1, next, best);
        }
    }
}

/// Keeps the cheaper analysis (affixes removed, plus `penalty`); at equal cost, one
/// whose root the dictionary says takes the innermost prefix, then one whose root the
/// news corpus writes bare clearly more often ("ketukan" is ketuk + -an, not ketu +
/// -kan; "mengalahkan" is kalah, not alah); otherwise the first found.
fn consider(
    best: &mut Option<Best>,
    analysis: Analysis,
    root: Buf,
    (licensed, count): (bool, u32),
    penalty: usize,
) {
    let cost = analysis.cost() + penalty;
    // A few uses either way are chance; "clearly" is four times as many, and five more.
    let commoner = |b: &Best| count > b.count.saturating_mul(4).saturating_add(4);
    let better = match best {
        None => true,
        Some(b) => {
            cost < b.cost
                || (cost == b.cost
                    && ((licensed && !b.licensed) || (licensed == b.licensed && commoner(b))))
        }
    };
    if better {
        *best = Some(Best {
            analysis,
            root,
            cost,
            licensed,
            count,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmer() -> Stemmer {
        Stemmer::new(Lexicon::new(Vec::new()))
    }

    #[test]
    fn finds_roots() {
        let s = stemmer();
        let table = [
            ("menyetujui", "setuju"),
            ("bernilai", "nilai"),
            ("kerusakan", "rusak"),
            ("berjumlah", "jumlah"),
            ("adalah", "adalah"),
            ("keluarga", "keluarga"),
            ("kelompok", "kelompok"),
            ("menulis", "tulis"),
            ("memukul", "pukul"),
            ("menyapu", "sapu"),
            ("mengambil", "ambil"),
            ("penganut", "anut"),
            ("mengebom", "bom"),
            ("membangun", "bangun"),
            ("pembangunan", "bangun"),
            ("berdasarkan", "dasar"),
            ("diperkenalkan", "kenal"),
            ("memperbaiki", "baik"),
            ("keberuntungan", "untung"),
            ("pengetahuan", "tahu"),
            ("bukunya", "buku"),
            ("benarkah", "benar"),
            ("bermain", "main"),
            ("bekerja", "kerja"),
            ("pekerja", "kerja"),
            ("kedua", "dua"),
            ("kediri", "kediri"),
            ("menaikkan", "naik"),
            ("memakan", "makan"),
            ("mengenal", "kenal"),
            ("perasaan", "rasa"),
            ("pengunjung", "kunjung"),
            ("pengawasan", "awas"),
            ("perawatan", "rawat"),
            ("mengeraminya", "eram"),
            ("webnya", "web"),
            ("kenya", "kenya"),
            ("berikan", "beri"),
            ("politisi", "politisi"),
            ("xyzabc", "xyzabc"),
        ];
        let mut out = String::new();
        for (word, want) in table {
            s.stem_into(word, &mut out);
            assert_eq!(out, want, "stem({word})");
        }
    }

    #[test]
    fn explains_its_steps() {
        let mut out = String::new();
        let a = stemmer().stem_into("menulisnya", &mut out);
        assert_eq!(out, "tulis");
        assert_eq!(
            a.steps(),
            vec![
                "removed possessive -nya",
                "removed prefix meN- (men-) + sound change t",
                "root found in lexicon"
            ]
        );
    }
}
