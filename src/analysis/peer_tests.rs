//! The stem tests of two other Indonesian stemmers (Lucene's `TestIndonesianStemmer`,
//! Apache-2.0; Sastrawi's functional and integration tests, MIT), run on warta's
//! analyser from `testdata/peer_stems.tsv`, which credits them and notes where its
//! expected answer is not the peer's. warta must pass 95% of them.

use super::*;

const TABLE: &str = include_str!("testdata/peer_stems.tsv");

/// The dictionary Sastrawi's functional test gives its stemmer (MIT, Sastrawi): warta
/// gets the same words as extra roots for those rows.
const SASTRAWI_TEST_ROOTS: &str = "hancur benar apa siapa jubah baju beli celana hantu jual \
    buku milik kulit sakit kasih buang suap nilai beri rambut adu suara daerah ajar kerja \
    ternak asing raup gerak puruk terbang lipat ringkas warna yakin bangun fitnah vonis baru \
    tangkap kupas minum pukul cinta dua dahulu jauh jarah ziarah nuklir nasihat gila hajar \
    qasar udara populer yoga adil rumah muka labuh tarung tebar indah daya untung sepuluh \
    ekonomi makmur telah serta percaya pengaruh kritik seko sekolah tahan capa capai mula \
    mulai petan tani aba abai balas balik peran medan syukur syarat bom promosi proteksi \
    prediksi kaji sembunyi langgan laku baik terang iman bisik taat puas makan nyala nyanyi \
    nyata nyawa rata lembut ligas budaya karya ideal final tiru sepak kuasa malaikat nikmat \
    stabil transkripsi lewat nganga allah";

/// The terms of `text` as the shared stemming evaluation reads them: a clitic standing
/// alone ("kuasa-Mu" → kuasa, mu) is left out, and the same root repeated is one.
fn read_as_stems(analyzer: &Analyzer, text: &str) -> String {
    let mut terms: Vec<String> = analyzer
        .analyze_to_vec(text)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| {
            !matches!(
                t.as_str(),
                "nya" | "ku" | "mu" | "lah" | "kah" | "pun" | "tah"
            )
        })
        .collect();
    if terms.len() > 1 && terms.iter().all(|t| *t == terms[0]) {
        terms.truncate(1);
    }
    terms.join(" ")
}

#[test]
fn passes_the_peers_own_stem_tests() {
    let plain = Analyzer::new(AnalyzerOptions::default());
    let with_test_roots = Analyzer::new(AnalyzerOptions {
        extra_roots: SASTRAWI_TEST_ROOTS
            .split_whitespace()
            .map(String::from)
            .collect(),
        ..AnalyzerOptions::default()
    });
    let mut total = 0;
    let mut failed = Vec::new();
    for line in TABLE
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [source, word, expected, ..] = fields[..] else {
            panic!("peer_stems.tsv: a line needs three fields: {line}");
        };
        let analyzer = if source == "sastrawi-f" {
            &with_test_roots
        } else {
            &plain
        };
        let got = read_as_stems(analyzer, word);
        total += 1;
        if !expected.split('|').any(|e| e == got) {
            failed.push(format!("{source}: {word} -> {got} (want {expected})"));
        }
    }
    assert!(total > 250, "{total}");
    let passed = total - failed.len();
    assert!(
        passed * 100 >= total * 95,
        "passed {passed} of {total}; failed:\n{}",
        failed.join("\n")
    );
}

/// The error patterns found on held-out word lists, one row or more each.
#[test]
fn resolves_the_known_error_patterns() {
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let table = [
        // A suffix stripped down to a rare dictionary word instead of a common root.
        ("ketukan", "ketuk"),
        ("mengalahkan", "kalah"),
        // ... or to an entry that is itself a root with a suffix, which the news never
        // writes bare (belian, akuan), one affix short of the root it does write.
        ("pembelian", "beli"),
        ("pengakuan", "aku"),
        ("cekikan", "cekik"),
        // A ke-/ber-/me- form the dictionary lists as an entry (keduduk, keliar).
        ("kedudukannya", "duduk"),
        ("berkeliaran", "liar"),
        ("melambangkan", "lambang"),
        // An ending that looks like a particle on a prefix + root.
        ("bersekolah", "sekolah"),
        ("membantah", "bantah"),
        ("terbelah", "belah"),
        ("dipersembahkan", "sembah"),
        // The nasal prefix's two readings, both roots: the one the dictionary derives.
        ("mengekang", "kekang"),
        ("menekan", "tekan"),
        ("mengupas", "kupas"),
        ("mengeraminya", "eram"),
        // Compounds closed up under a confix, or in everyday spelling.
        ("menindaklanjuti", "tindak lanjut"),
        ("ditindaklanjuti", "tindak lanjut"),
        ("mempertanggungjawabkan", "tanggung jawab"),
        ("penyalahgunaan", "salah guna"),
        ("kerjasama", "kerja sama"),
        ("bekerjasama", "kerja sama"),
        // Place names that end like affixes, in a lower-case query or a headline
        // (the news writes them capitalised mid-sentence).
        ("pemalang", "pemalang"),
        ("bangkalan", "bangkalan"),
        ("tarakan", "tarakan"),
        // ... even where they have a confix's shape (pe-an, ke-an, meN-i): the corpus
        // writes them capitalised, and so no common word of the same shape.
        ("pekalongan", "pekalongan"),
        ("kemayoran", "kemayoran"),
        ("petamburan", "petamburan"),
        ("mentawai", "mentawai"),
        // A confix on a common word still stems, capitalised in a name or not.
        ("kementerian", "menteri"),
        ("keuangan", "uang"),
        ("pembangunan", "bangun"),
        // Words that must stay whole.
        ("mulai", "mulai"),
        ("pantai", "pantai"),
        ("politisi", "politisi"),
    ];
    for (word, want) in table {
        assert_eq!(read_as_stems(&analyzer, word), want, "{word}");
    }
}
