//! Sentence-level tests of the whole pipeline: terms, offsets, positions, names.

use super::*;

fn terms(text: &str) -> Vec<String> {
    Analyzer::new(AnalyzerOptions::default())
        .analyze_to_vec(text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

#[test]
fn stems_words_to_roots() {
    let table = [
        ("menyetujui", "setuju"),
        ("bernilai", "nilai"),
        ("kerusakan", "rusak"),
        ("berjumlah", "jumlah"),
        ("adalah", "adalah"),
        ("keluarga", "keluarga"),
        ("menulis", "tulis"),
        ("memukul", "pukul"),
        ("menyapu", "sapu"),
        ("mengambil", "ambil"),
        ("penganut", "anut"),
        ("negara-negara", "negara"),
        ("membangun", "bangun"),
        ("pembangunan", "bangun"),
        ("anak-anaknya", "anak"),
        ("berlari-lari", "lari"),
        ("memanggil-manggil", "panggil"),
        ("sayur-mayur", "sayur-mayur"),
        ("kupu-kupu", "kupu"),
    ];
    for (word, want) in table {
        assert_eq!(terms(word), vec![want.to_string()], "{word}");
    }
}

#[test]
fn keeps_names_but_stems_common_words() {
    let table: &[(&str, &[&str])] = &[
        (
            "Warga Bekasi dan Kediri berlibur ke Bali",
            &["warga", "bekasi", "dan", "kediri", "libur", "ke", "bali"],
        ),
        ("Pertamina menaikkan harga", &["pertamina", "naik", "harga"]),
        (
            "Wali kota Tarakan meresmikan jembatan",
            &["wali", "kota", "tarakan", "resmi", "jembatan"],
        ),
        (
            "Ia bertemu Megawati di Jakarta",
            &["ia", "temu", "megawati", "di", "jakarta"],
        ),
        // A place the news writes capitalised stays whole, even with a confix's
        // shape (pe-an), mid-sentence, in a headline or lower-case.
        (
            "Banjir melanda kota Pekalongan\nPekalongan Dilanda Banjir Lagi",
            &[
                "banjir",
                "landa",
                "kota",
                "pekalongan",
                "pekalongan",
                "landa",
                "banjir",
                "lagi",
            ],
        ),
        (
            "warga kemayoran dan petamburan",
            &["warga", "kemayoran", "dan", "petamburan"],
        ),
        // Confixes are not names: an institution's name meets a lowercase query.
        (
            "Laporan dari Kementerian Keuangan",
            &["lapor", "dari", "menteri", "uang"],
        ),
        // A headline capitalises every word; capitals say nothing there.
        (
            "Pemerintah Meresmikan Jembatan Baru",
            &["perintah", "resmi", "jembatan", "baru"],
        ),
        // The first word of a sentence is capitalised anyway.
        (
            "Bali indah. Berlibur ke sana",
            &["bali", "indah", "libur", "ke", "sana"],
        ),
    ];
    for (text, want) in table {
        assert_eq!(terms(text), *want, "{text}");
    }
}

/// The build script's table of `data/names.txt` holds every name of the list and no
/// other word.
#[test]
fn the_built_table_holds_the_listed_names_and_nothing_else() {
    let listed: std::collections::HashSet<&str> =
        lexicon::data_lines(include_str!("data/names.txt")).collect();
    assert!(listed.len() > 9_000, "{} names", listed.len());
    for name in &listed {
        assert!(is_listed_name(name), "{name}");
        // Near misses: the name cut short or run on.
        for other in [
            &name[..name.len() - 1],
            &format!("{name}x"),
            &format!("x{name}"),
        ] {
            assert_eq!(is_listed_name(other), listed.contains(other), "{other}");
        }
    }
    for word in ["", "rumah", "pemerintah", "Jokowi", "jokowi "] {
        assert!(!is_listed_name(word), "{word:?}");
    }
    assert!(is_listed_name("jokowi") && is_listed_name("prabowo"));
}

#[test]
fn numbers_hyphens_and_offsets() {
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let text = "\u{201C}Harga\u{00A0}Rp 14.030, naik 1,6 persen\u{201D} ke-18 Covid-19 negara-negara Rusia-Ukraina café";
    let got: Vec<(String, &str, usize)> = analyzer
        .analyze_to_vec(text)
        .into_iter()
        .map(|t| (t.text, &text[t.start..t.end], t.position))
        .collect();
    let want: Vec<(String, &str, usize)> = [
        ("harga", "Harga", 0),
        ("rp", "Rp", 1),
        ("14030", "14.030", 2),
        ("naik", "naik", 3),
        ("1,6", "1,6", 4),
        ("persen", "persen", 5),
        ("ke", "ke", 6),
        ("18", "18", 7),
        ("covid", "Covid", 8),
        ("19", "19", 9),
        ("negara", "negara-negara", 10),
        ("rusia", "Rusia", 11),
        ("ukraina", "Ukraina", 12),
        ("cafe", "café", 13),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_string(), b, c))
    .collect();
    assert_eq!(got, want);
}

#[test]
fn stop_words_leave_position_gaps_when_removed() {
    let options = AnalyzerOptions {
        remove_stop_words: true,
        ..AnalyzerOptions::default()
    };
    let got: Vec<(String, usize)> = Analyzer::new(options)
        .analyze_to_vec("rumah yang dibangun")
        .into_iter()
        .map(|t| (t.text, t.position))
        .collect();
    assert_eq!(
        got,
        vec![("rumah".to_string(), 0), ("bangun".to_string(), 2)]
    );
    assert_eq!(
        terms("rumah yang dibangun"),
        vec!["rumah", "yang", "bangun"]
    );
}

#[test]
fn surface_mode_and_caller_lists() {
    let surface = AnalyzerOptions {
        mode: Mode::Surface,
        ..AnalyzerOptions::default()
    };
    let got: Vec<String> = Analyzer::new(surface)
        .analyze_to_vec("Pembangunan negara-negara")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(got, vec!["pembangunan", "negara-negara"]);

    let options = AnalyzerOptions {
        extra_protected: vec!["Pemberitaan".into()],
        extra_roots: vec!["medsos".into()],
        ..AnalyzerOptions::default()
    };
    let got: Vec<String> = Analyzer::new(options)
        .analyze_to_vec("pemberitaan medsosnya")
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(got, vec!["pemberitaan", "medsos"]);
}

#[test]
fn explains_each_word() {
    let analyzer = Analyzer::new(AnalyzerOptions {
        remove_stop_words: true,
        ..AnalyzerOptions::default()
    });
    let got = analyzer.explain("Warga Bekasi yang menulisnya");
    let rows: Vec<(&str, &str)> = got
        .iter()
        .map(|e| (e.original.as_str(), e.stem.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Warga", "warga"),
            ("Bekasi", "bekasi"),
            ("yang", ""),
            ("menulisnya", "tulis")
        ]
    );
    assert_eq!(got[1].steps, vec!["no root found: kept whole"]);
    assert_eq!(
        got[2].steps.last().map(String::as_str),
        Some("stop word: dropped")
    );
    assert!(got[3]
        .steps
        .contains(&"removed prefix meN- (men-) + sound change t".to_string()));
}

#[test]
fn analyzer_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Analyzer>();
}

#[test]
fn never_panics_on_odd_input() {
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let long = "a".repeat(10_000);
    let long_affixed = format!("meng{}kan", "e".repeat(5_000));
    let odd = [
        "",
        "-",
        "--",
        "- -",
        "a-",
        "-a",
        "a--b",
        "'",
        "'a'",
        "1.",
        ".1",
        "1,",
        "1..2",
        "1.2.3.4.5",
        "😀",
        "a😀b",
        "e\u{301}",
        "\u{301}",
        "\u{301}a",
        "ǅ",
        "ﬁ",
        "İstanbul",
        "ß-ß",
        "ⅰ-ⅱ",
        "١٢٣",
        "日本語-日本語",
        "\u{200B}",
        "a\u{00AD}-b",
        "kupu-kupu-kupu",
        "x-x-x-x",
        "\0",
        "\u{FEFF}meN-",
        "’’’",
        "#",
        "@@",
        "Rp",
        long.as_str(),
        long_affixed.as_str(),
    ];
    for text in odd {
        let tokens = analyzer.analyze_to_vec(text);
        for t in &tokens {
            assert!(
                t.start <= t.end
                    && t.end <= text.len()
                    && text.is_char_boundary(t.start)
                    && text.is_char_boundary(t.end)
            );
        }
        let _ = analyzer.explain(text);
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn analyzer() -> &'static Analyzer {
        static A: OnceLock<Analyzer> = OnceLock::new();
        A.get_or_init(|| Analyzer::new(AnalyzerOptions::default()))
    }

    proptest! {
        #[test]
        fn any_text_gives_valid_tokens(text in "\\PC{0,200}") {
            let tokens = analyzer().analyze_to_vec(&text);
            let mut last_position = None;
            for t in &tokens {
                prop_assert!(t.start <= t.end && t.end <= text.len());
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!(last_position.is_none_or(|p| t.position > p));
                last_position = Some(t.position);
            }
        }

        #[test]
        fn indonesian_like_text_never_panics(text in "[a-zA-Z \\-'.,0-9]{0,120}") {
            let _ = analyzer().analyze_to_vec(&text);
            let _ = analyzer().explain(&text);
        }
    }
}

#[test]
fn spelled_out_abbreviations_also_give_their_short_form() {
    let analyzer = Analyzer::new(AnalyzerOptions {
        abbreviation_terms: true,
        ..AnalyzerOptions::default()
    });
    let terms = |text: &str| -> Vec<(String, usize)> {
        analyzer
            .analyze_to_vec(text)
            .into_iter()
            .map(|t| (t.text, t.position))
            .collect()
    };
    let got = terms("Gedung Komisi Pemberantasan Korupsi dan Korea Utara");
    assert!(got.contains(&("kpk".to_string(), 1)), "{got:?}");
    assert!(got.contains(&("komisi".to_string(), 1)), "{got:?}");
    assert!(got.contains(&("korut".to_string(), 5)), "{got:?}");
    // Hyphenated expansions match piece by piece, and only whole words.
    assert!(terms("revisi undang-undang itu").contains(&("uu".to_string(), 1)));
    let got = terms("revisi undang-undangnya");
    assert!(!got.iter().any(|(t, _)| t == "uu"), "{got:?}");
    // Part of an expansion is not the expansion.
    let got = terms("komisi pemberantasan narkoba");
    assert!(!got.iter().any(|(t, _)| t == "kpk"), "{got:?}");
    // Off unless asked for.
    let plain = Analyzer::new(AnalyzerOptions::default()).analyze_to_vec("Korea Utara");
    assert_eq!(plain.len(), 2);
}
