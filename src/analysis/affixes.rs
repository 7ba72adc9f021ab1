//! The Indonesian affix inventory and its combination rules: which suffix layers can
//! be peeled off a word's end (particle, possessive, derivational), which prefixes a
//! word can start with and the sound changes they cause (meN- + tulis = menulis), and
//! which prefixes and confixes combine. It proposes candidate splits; it never
//! consults the lexicon, and `stem` chooses among the candidates.

/// A root is at least this long; shorter "roots" are mostly accidents.
pub(crate) const MIN_ROOT: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PrefixKind {
    Di,
    Ke,
    Se,
    Ber,
    Ter,
    Per,
    MeN,
    PeN,
    Ku,
    Kau,
    /// The reduplicated first consonant with e (dwipurwa): dedaunan, pepohonan, lelembut.
    Redup,
}

impl PrefixKind {
    pub fn name(self) -> &'static str {
        match self {
            PrefixKind::Di => "di-",
            PrefixKind::Ke => "ke-",
            PrefixKind::Se => "se-",
            PrefixKind::Ber => "ber-",
            PrefixKind::Ter => "ter-",
            PrefixKind::Per => "per-",
            PrefixKind::MeN => "meN-",
            PrefixKind::PeN => "peN-",
            PrefixKind::Ku => "ku-",
            PrefixKind::Kau => "kau-",
            PrefixKind::Redup => "Ce-",
        }
    }

    /// Whether `inner` may sit directly inside `self` (memper-, diber-, keter-, ...).
    pub fn may_contain(self, inner: PrefixKind) -> bool {
        use PrefixKind::*;
        match self {
            Di | MeN => matches!(inner, Per | Ber | Ke | PeN | Ter | Se),
            PeN => matches!(inner, Ber | Ke | Per | Se | Ter),
            Ke => matches!(inner, Ber | Ter | Se | PeN | Per),
            Se => matches!(inner, PeN | Ke | Ber | Per),
            Ber | Ter => matches!(inner, Ke | PeN | Per | Se),
            Per => matches!(inner, Ke | Se),
            Ku | Kau => matches!(inner, Per),
            Redup => false,
        }
    }

    /// The confixes Indonesian does not form (be-i, di-an, ke-i, ke-kan, me-an, se-i,
    /// se-kan, te-an; and peN-, ku-, kau- never close with the suffixes listed).
    pub fn excludes(self, suffix: &str) -> bool {
        use PrefixKind::*;
        matches!(
            (self, suffix),
            (Ber, "i")
                | (Di, "an")
                | (Ke, "i")
                | (Ke, "kan")
                | (MeN, "an")
                | (Se, "i")
                | (Se, "kan")
                | (Ter, "an")
                | (PeN, "i")
                | (PeN, "kan")
                | (Ku, "an")
                | (Kau, "an")
                | (Redup, "i")
                | (Redup, "kan")
        )
    }
}

const PARTICLES: [&str; 4] = ["lah", "kah", "tah", "pun"];
const POSSESSIVES: [&str; 3] = ["nya", "ku", "mu"];
const DERIVATIONAL: [&str; 3] = ["kan", "an", "i"];
/// Suffix layers peeled off one candidate: where the body ends and what was removed.
#[derive(Clone, Copy, Default)]
pub(crate) struct SuffixSplit {
    pub end: usize,
    pub particle: Option<&'static str>,
    pub possessive: Option<&'static str>,
    pub derivational: Option<&'static str>,
}

/// Every way to peel particle, possessive and derivational suffix off `w`, each
/// optional, in that order from the end; at most 2 × 4 × 4 splits.
pub(crate) fn suffix_splits(w: &[u8], out: &mut [SuffixSplit; 32]) -> usize {
    let mut n = 1;
    out[0] = SuffixSplit {
        end: w.len(),
        ..SuffixSplit::default()
    };
    let fits = |end: usize, s: &str| end >= s.len() + MIN_ROOT && w[..end].ends_with(s.as_bytes());
    for p in PARTICLES {
        if fits(w.len(), p) {
            out[n] = SuffixSplit {
                end: w.len() - p.len(),
                particle: Some(p),
                ..out[0]
            };
            n += 1;
        }
    }
    let layer_end = n;
    for i in 0..layer_end {
        for p in POSSESSIVES {
            if fits(out[i].end, p) {
                out[n] = SuffixSplit {
                    end: out[i].end - p.len(),
                    possessive: Some(p),
                    ..out[i]
                };
                n += 1;
            }
        }
    }
    let layer_end = n;
    for i in 0..layer_end {
        for d in DERIVATIONAL {
            let end = out[i].end;
            // "-ii" is not a suffix on "-i"; a root does not end in a bare vowel cluster here.
            if fits(end, d) && !(d == "i" && w[end - 2] == b'i') {
                out[n] = SuffixSplit {
                    end: end - d.len(),
                    derivational: Some(d),
                    ..out[i]
                };
                n += 1;
            }
        }
    }
    n
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// One vowel group: "bom", "cat", "tik" (the roots menge-/penge- attach to).
fn is_monosyllable(s: &[u8]) -> bool {
    let groups = s
        .windows(2)
        .filter(|w| is_vowel(w[1]) && !is_vowel(w[0]))
        .count()
        + usize::from(s.first().is_some_and(|&c| is_vowel(c)));
    groups == 1
}

fn is_consonant(c: u8) -> bool {
    c.is_ascii_lowercase() && !is_vowel(c)
}

/// The prefixes `s` may start with, each as (kind, letters removed, letter restored by
/// the sound change). Over-generates on purpose: the lexicon decides.
pub(crate) fn prefix_candidates(s: &[u8]) -> Candidates {
    use PrefixKind::*;
    let mut out = Candidates::default();
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let starts = |p: &str| s.starts_with(p.as_bytes());
    // C1erC2 roots keep be-/te-/pe- without r: bekerja, beserta, tertawa.
    let c_er =
        |i: usize| is_consonant(at(i)) && at(i) != b'r' && at(i + 1) == b'e' && at(i + 2) == b'r';
    if starts("di") {
        out.push((Di, 2, None));
    }
    if starts("ke") {
        out.push((Ke, 2, None));
    }
    if starts("se") {
        out.push((Se, 2, None));
    }
    if starts("kau") {
        out.push((Kau, 3, None));
    } else if starts("ku") {
        out.push((Ku, 2, None));
    }
    for (kind, short) in [(Ber, "be"), (Ter, "te"), (Per, "pe")] {
        if starts(short) {
            if at(2) == b'r' {
                out.push((kind, 3, None)); // ber-angkat
                out.push((kind, 2, None)); // be-rV: be-renang, pe-rumahan
            } else if c_er(2) && kind != Per {
                out.push((kind, 2, None));
            }
        }
    }
    if starts("belajar") || starts("pelajar") {
        out.push((if at(0) == b'b' { Ber } else { PeN }, 3, None));
    }
    for (kind, lead) in [(MeN, b'm'), (PeN, b'p')] {
        if at(0) != lead || at(1) != b'e' {
            continue;
        }
        let c2 = at(2);
        match c2 {
            b'l' | b'r' | b'w' | b'y' | b'm' | b'n' => out.push((kind, 2, None)),
            _ if kind == PeN && is_consonant(c2) => out.push((kind, 2, None)), // pe-kerja, pe-tani
            _ => {}
        }
        let c3 = at(3);
        match (c2, c3) {
            (b'm', b'b' | b'f' | b'v' | b'p') => out.push((kind, 3, None)),
            (b'm', v) if is_vowel(v) => out.push((kind, 3, Some(b'p'))),
            (b'n', b'c' | b'd' | b'j' | b's' | b'z') => out.push((kind, 3, None)),
            // men-t without the sound change: loans (mentransfer) and the spelling
            // the news writes for some native roots (mentaati).
            (b'n', b't') => out.push((kind, 3, None)),
            (b'n', v) if is_vowel(v) => out.push((kind, 3, Some(b't'))),
            (b'n', b'y') if is_vowel(at(4)) => out.push((kind, 4, Some(b's'))),
            (b'n', b'g') => {
                let c4 = at(4);
                if matches!(c4, b'g' | b'h' | b'k' | b'q') {
                    out.push((kind, 4, None));
                } else if is_vowel(c4) {
                    out.push((kind, 4, None));
                    out.push((kind, 4, Some(b'k')));
                    if c4 == b'e' && is_monosyllable(&s[5..]) {
                        out.push((kind, 5, None)); // menge-bom, penge-cat: one-syllable roots only
                    }
                }
            }
            _ => {}
        }
    }
    // me-m... is meN- (memukul, memakan).
    if is_consonant(at(0)) && at(0) != b'm' && at(1) == b'e' && at(2) == at(0) {
        out.push((Redup, 2, None)); // le-luhur, de-daun-an
    }
    out
}

/// (kind, letters removed, letter restored), on the stack: at most a dozen apply.
#[derive(Default)]
pub(crate) struct Candidates {
    pub items: [Option<(PrefixKind, usize, Option<u8>)>; 16],
    pub len: usize,
}

impl Candidates {
    fn push(&mut self, c: (PrefixKind, usize, Option<u8>)) {
        if self.len < self.items.len() {
            self.items[self.len] = Some(c);
            self.len += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposes_prefixes_with_sound_changes() {
        use PrefixKind::*;
        type Expected<'a> = &'a [(PrefixKind, usize, Option<u8>)];
        let table: &[(&str, Expected)] = &[
            ("menulis", &[(MeN, 2, None), (MeN, 3, Some(b't'))]),
            ("memukul", &[(MeN, 2, None), (MeN, 3, Some(b'p'))]),
            ("menyapu", &[(MeN, 2, None), (MeN, 4, Some(b's'))]),
            (
                "mengebom",
                &[
                    (MeN, 2, None),
                    (MeN, 4, None),
                    (MeN, 4, Some(b'k')),
                    (MeN, 5, None),
                ],
            ),
            (
                "mengenal",
                &[
                    (MeN, 2, None),
                    (MeN, 4, None),
                    (MeN, 4, Some(b'k')),
                    (MeN, 5, None),
                ],
            ),
            ("bekerja", &[(Ber, 2, None)]),
            ("dibawa", &[(Di, 2, None)]),
        ];
        for (word, want) in table {
            let c = prefix_candidates(word.as_bytes());
            let got: Vec<_> = c.items[..c.len].iter().flatten().copied().collect();
            assert_eq!(got, *want, "{word}");
        }
    }

    #[test]
    fn peels_suffix_layers_in_order() {
        let mut splits = [SuffixSplit::default(); 32];
        let n = suffix_splits(b"dijelaskannyalah", &mut splits);
        let deepest = splits[..n].iter().map(|s| s.end).min();
        assert_eq!(deepest, Some("dijelas".len()));
        assert!(!PrefixKind::Ke.may_contain(PrefixKind::Di));
        assert!(PrefixKind::Di.excludes("an") && !PrefixKind::Di.excludes("kan"));
    }
}
