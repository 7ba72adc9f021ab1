//! Which words of a text may give one of a few given stems, told without stemming
//! them: a word's stem is its letters with affixes taken off, and meN- or peN- may
//! have replaced the root's first letter (p, t, s, k: "memukul", "menulis",
//! "menyapu", "mengirim"). So a word gives the stem "pukul" only if it holds "ukul",
//! and the stem "jalan" only if it holds "jalan". A snippet of a long body looks for
//! the query's stems in it: stemming just the words that hold them skips the
//! stemmer's lexicon lookups for nearly every word, which a process answering one
//! query pays in full (its stem cache starts empty).

use memchr::memmem::Finder;

use super::abbreviations;
use super::tokenize::Words;

/// What a word must hold to be able to give one of the stems.
pub struct StemFilter {
    finders: Vec<Finder<'static>>,
}

impl StemFilter {
    /// The filter for `stems`, or `None` when some stem may come from words that do not
    /// hold it, so that every word must be analysed: a number (the analysis drops
    /// thousands dots) or a term with a hyphen or other joiner.
    pub fn for_stems<'a>(stems: impl IntoIterator<Item = &'a str>) -> Option<StemFilter> {
        let mut finders = Vec::new();
        for stem in stems {
            if !stem.chars().all(char::is_alphabetic) {
                return None;
            }
            // A short form is also given at the first word of its name spelled out
            // ("Komisi Pemberantasan Korupsi" gives kpk), which that word is.
            for long in abbreviations::expansions_of(stem) {
                let first = long.split([' ', '-']).find(|piece| !piece.is_empty())?;
                finders.push(Finder::new(first.as_bytes()).into_owned());
            }
            let key = match stem.as_bytes().first()? {
                b'p' | b't' | b's' | b'k' => &stem[1..],
                _ => stem,
            };
            if key.is_empty() {
                return None;
            }
            finders.push(Finder::new(key.as_bytes()).into_owned());
        }
        Some(StemFilter { finders })
    }

    /// Marks in `out` (one flag per word of `words`) the words that may give one of
    /// the stems. A hyphenated word is always marked: its halves may be read as one
    /// reduplicated root. `spaced` and `starts` are buffers.
    pub(super) fn mark(
        &self,
        words: &Words,
        spaced: &mut Vec<u8>,
        starts: &mut Vec<usize>,
        out: &mut Vec<bool>,
    ) {
        out.clear();
        spaced.clear();
        starts.clear();
        for word in &words.words {
            let parts = words.parts_of(word);
            out.push(parts.len() > 1);
            starts.push(spaced.len());
            let (from, to) = (parts[0].folded_start, parts[parts.len() - 1].folded_end);
            spaced.extend_from_slice(&words.folded.as_bytes()[from..to]);
            // No stem holds a space, so no match runs from one word into the next,
            // and finding matches that do not overlap misses no word.
            spaced.push(b' ');
        }
        for finder in &self.finders {
            for at in finder.find_iter(spaced) {
                // The word the match begins in: the last one starting at or before it.
                let word = starts.partition_point(|&start| start <= at) - 1;
                out[word] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Analyzer, AnalyzerOptions};
    use super::*;

    /// The analyser an index uses: abbreviations' short forms are terms too.
    fn analyzer() -> Analyzer {
        Analyzer::new(AnalyzerOptions {
            abbreviation_terms: true,
            ..AnalyzerOptions::default()
        })
    }

    /// Where `text` gives one of `stems`, as (stem, start, end): by the whole analysis,
    /// and by the analysis of the words `filter` lets through.
    fn found(analyzer: &Analyzer, text: &str, stems: &[&str]) -> [Vec<(String, usize, usize)>; 2] {
        let filter = StemFilter::for_stems(stems.iter().copied()).expect("a filter");
        let mut whole = Vec::new();
        let mut filtered = Vec::new();
        let keep = |out: &mut Vec<_>, t: super::super::Token| {
            if stems.contains(&t.text.as_str()) {
                out.push((t.text, t.start, t.end));
            }
        };
        analyzer.analyze(text, &mut |t| keep(&mut whole, t));
        analyzer.analyze_where(text, &filter, &mut |t| keep(&mut filtered, t));
        [whole, filtered]
    }

    #[test]
    fn words_whose_root_lost_its_first_letter_still_pass() {
        let analyzer = analyzer();
        let text = "Ia memukul, menulis, menyapu dan mengirim surat; pukul-memukul, \
                    anak-anaknya, perundang-undangan, ditindaklanjuti, pertanggungjawaban, \
                    bekerja, terasa, pelajar, berenang, Kementerian Keuangan di Bekasi.";
        let stems = [
            "pukul", "tulis", "sapu", "kirim", "surat", "anak", "undang", "tindak", "lanjut",
            "tanggung", "jawab", "kerja", "rasa", "ajar", "renang", "uang", "bekasi",
        ];
        let [whole, filtered] = found(&analyzer, text, &stems);
        assert!(whole.len() >= stems.len(), "{whole:?}");
        assert_eq!(filtered, whole);
    }

    #[test]
    fn words_without_a_stem_give_nothing() {
        let analyzer = analyzer();
        let filter = StemFilter::for_stems(["banjir"]).unwrap();
        let mut terms = Vec::new();
        analyzer.analyze_where("Rumah warga terendam banjir kemarin", &filter, &mut |t| {
            terms.push(t.text)
        });
        assert_eq!(terms, ["banjir"]);
    }

    #[test]
    fn a_short_form_is_found_where_its_name_is_spelled_out() {
        let analyzer = analyzer();
        let text = "Penyidik Komisi Pemberantasan Korupsi memeriksa saksi. KPK menahan dua orang.";
        let [whole, filtered] = found(&analyzer, text, &["kpk", "saksi"]);
        assert_eq!(
            whole.iter().filter(|(t, _, _)| t == "kpk").count(),
            2,
            "{whole:?}"
        );
        assert_eq!(filtered, whole);
    }

    /// Stems a word may give without holding them: every word is analysed then.
    #[test]
    fn numbers_and_joined_terms_need_every_word() {
        assert!(StemFilter::for_stems(["14030"]).is_none());
        assert!(StemFilter::for_stems(["banjir", "covid19"]).is_none());
        assert!(StemFilter::for_stems(["sayur-mayur"]).is_none());
        assert!(StemFilter::for_stems(["p"]).is_none());
        assert!(StemFilter::for_stems(["banjir", "pukul"]).is_some());
    }

    /// Every stem the whole analysis finds in the sample articles, eight at a time as a
    /// query's would be, is found at the same places through the filter.
    #[test]
    fn the_filter_misses_no_stem_of_the_sample_articles() {
        let analyzer = analyzer();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
        let mut texts = 0;
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            texts += 1;
            let mut stems: Vec<String> = analyzer
                .analyze_to_vec(&text)
                .into_iter()
                .map(|t| t.text)
                .filter(|t| StemFilter::for_stems([t.as_str()]).is_some())
                .collect();
            stems.sort();
            stems.dedup();
            for group in stems.chunks(8) {
                let group: Vec<&str> = group.iter().map(String::as_str).collect();
                let [whole, filtered] = found(&analyzer, &text, &group);
                assert_eq!(filtered, whole, "{}", entry.path().display());
            }
        }
        assert!(texts >= 10, "{texts}");
    }
}
