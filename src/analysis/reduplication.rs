//! Hyphenated words: deciding whether "A-B" is one reduplicated word (negara-negara,
//! anak-anaknya, berlari-lari, tembak-menembak, perundang-undangan, sayur-mayur) and
//! if so what its root is. Anything else (Covid-19, Rusia-Ukraina, ke-18) is left to
//! the caller to split into separate words.

use super::stem::Stemmer;

const CLITICS: [&str; 6] = ["nya", "lah", "kah", "pun", "ku", "mu"];

/// The single term for the two-part word `a-b`, or `None` when it is not a
/// reduplication. `scratch` is reused for stemming.
pub(crate) fn reduplicated_root(
    stemmer: &Stemmer,
    a: &str,
    b: &str,
    scratch: &mut String,
) -> Option<String> {
    let stem = |w: &str, scratch: &mut String| {
        stemmer.stem_into(w, scratch);
        scratch.clone()
    };
    // Full reduplication: the plural/intensive of one word (negara-negara, kupu-kupu).
    if a == b {
        return Some(stem(a, scratch));
    }
    // The second half carries the suffixes (anak-anaknya, sayur-sayuran): stem it whole.
    if b.len() > a.len() && b.starts_with(a) {
        return Some(stem(b, scratch));
    }
    // The first half carries the prefix (berlari-lari, memanggil-manggil).
    if a.len() > b.len() && a.ends_with(b) {
        return Some(stem(a, scratch));
    }
    // Affixes on both halves: perundang-undangan = per + undang-undang + an.
    for cut in 1..=3.min(b.len().saturating_sub(3)) {
        if !b.is_char_boundary(b.len() - cut) {
            continue;
        }
        let (core, suffix) = b.split_at(b.len() - cut);
        if a.ends_with(core) {
            let joined = format!("{a}{suffix}");
            return Some(stem(&joined, scratch));
        }
    }
    // Sound-changed halves with one root (tembak-menembak, pukul-memukul).
    let root_a = stem(a, scratch);
    let root_b = stem(b, scratch);
    if root_a == root_b {
        return Some(root_a);
    }
    // Lexicalised pairs the dictionary lists whole (sayur-mayur, lauk-pauk), possibly
    // with a clitic on the second half (bolak-baliknya).
    let lexicon = stemmer.lexicon();
    let mut whole = String::with_capacity(a.len() + b.len() + 1);
    whole.push_str(a);
    whole.push('-');
    whole.push_str(b);
    if lexicon.contains(&whole) {
        return Some(whole);
    }
    for clitic in CLITICS {
        if let Some(bare) = b.strip_suffix(clitic) {
            whole.truncate(a.len() + 1);
            whole.push_str(bare);
            if bare.len() >= 2 && lexicon.contains(&whole) {
                return Some(whole);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::Lexicon;
    use super::*;

    #[test]
    fn recognises_reduplications() {
        let stemmer = Stemmer::new(Lexicon::new(Vec::new()));
        let table = [
            ("negara-negara", Some("negara")),
            ("anak-anaknya", Some("anak")),
            ("berlari-lari", Some("lari")),
            ("memanggil-manggil", Some("panggil")),
            ("tembak-menembak", Some("tembak")),
            ("sayur-sayuran", Some("sayur")),
            ("sayur-mayur", Some("sayur-mayur")),
            ("perundang-undangan", Some("undang")),
            ("kegiatan-kegiatan", Some("giat")),
            ("kupu-kupu", Some("kupu")),
            ("rusia-ukraina", None),
            ("besar-kecilnya", None),
        ];
        let mut scratch = String::new();
        for (word, want) in table {
            let (a, b) = word.split_once('-').unwrap();
            let got = reduplicated_root(&stemmer, a, b, &mut scratch);
            assert_eq!(got.as_deref(), want, "{word}");
        }
    }
}
