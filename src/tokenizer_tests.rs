use super::*;

fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.position));
    }
    out
}

fn all_tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

#[test]
fn surface_forms_left_by_the_stemming_pass_equal_a_surface_pass() {
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut alone = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
    let mut stem = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        analyzers.stem.clone(),
        Role::StemAndLeaveSurface,
    ));
    let mut take = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        analyzers.surface.clone(),
        Role::TakeSurface,
    ));
    let texts = [
        "Pembangunan jembatan-jembatan di Bekasi, kata Menteri PUPR, “selesai” 2019.",
        "Anak-anaknya berlari-lari; COVID-19 ke-18 Rp 14.030 1,6 juta e-mail@x.id #banjir",
        "Kupu-kupu sayur-mayur memanggil-manggil Jakarta – Bandung",
        "",
    ];
    for text in texts {
        let expected = all_tokens(&mut alone, text);
        let stems = all_tokens(&mut stem, text);
        assert_eq!(stems.len(), expected.len(), "{text}");
        assert_eq!(all_tokens(&mut take, text), expected, "{text}");
        // Nothing is left for a second taker, and other texts are analysed afresh.
        assert_eq!(all_tokens(&mut take, text), expected, "{text}");
        assert_eq!(
            all_tokens(&mut take, "lain"),
            all_tokens(&mut alone, "lain")
        );
    }
}

#[test]
fn marked_stream_is_the_stems_with_each_differing_form_beside_its_stem() {
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut indexed = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        analyzers.stem.clone(),
        Role::Marked,
    ));
    let got = texts(&mut indexed, "Pembangunan jembatan di Jakarta");
    let expected = [
        ("bangun", 0, 0),
        ("=pembangunan", 0, 0),
        ("jembatan", 12, 1),
        ("di", 21, 2),
        ("jakarta", 24, 3),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|&(t, o, p)| (t.to_string(), o, p))
        .collect();
    assert_eq!(got, expected);
    // In general: the stems, in order, each followed by its form where that differs.
    let mut stem = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.stem.clone()));
    let mut surface = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
    for text in [
        "Anak-anaknya berlari-lari; COVID-19 ke-18 Rp 14.030 1,6 juta e-mail@x.id #banjir",
        "Kupu-kupu sayur-mayur memanggil-manggil Jakarta – Bandung menindaklanjuti",
        "Ikan itu dimakan kucing, lalu kucing makan makanan",
    ] {
        let got = all_tokens(&mut indexed, text);
        let stems: Vec<_> = got.iter().filter(|t| unmarked(&t.text).is_none()).collect();
        assert_eq!(
            stems
                .iter()
                .map(|t| (&t.text, t.position))
                .collect::<Vec<_>>(),
            all_tokens(&mut stem, text)
                .iter()
                .map(|t| (&t.text, t.position))
                .collect::<Vec<_>>(),
            "{text}"
        );
        // Every surface form is either a marked term or the stem at its position.
        for form in all_tokens(&mut surface, text) {
            let at: Vec<&str> = got
                .iter()
                .filter(|t| t.position == form.position)
                .map(|t| t.text.as_str())
                .collect();
            let found =
                at.contains(&marked(&form.text).as_str()) || at.contains(&form.text.as_str());
            assert!(found, "{text}: {} at {}: {at:?}", form.text, form.position);
        }
        // A marked term follows its stem, and differs from it unless a short form.
        for (i, t) in got.iter().enumerate() {
            if let Some(form) = unmarked(&t.text) {
                assert!(i > 0 && got[i - 1].position == t.position, "{text}");
                let short = abbreviations::is_short_form(form);
                assert!(got[i - 1].text != form || short, "{text}: {form}");
            }
        }
    }
}

#[test]
fn exact_terms_are_the_marked_form_or_the_stem_standing_for_it() {
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let terms = exact_terms(&analyzers.stem, "dimakan makan KPK");
    let expected = [(0, "=dimakan"), (1, "makan"), (2, "=kpk")];
    let expected: Vec<_> = expected.iter().map(|&(p, t)| (p, t.to_string())).collect();
    assert_eq!(terms, expected);
    // A short form as written is marked; one added for a spelled-out name is not.
    let words = AnalyzerOptions {
        abbreviation_terms: true,
        ..AnalyzerOptions::default()
    };
    let spelled = Analyzers::new(&words);
    let mut indexed = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        spelled.stem.clone(),
        Role::Marked,
    ));
    let got: Vec<String> = texts(&mut indexed, "KPK dan Komisi Pemberantasan Korupsi")
        .into_iter()
        .map(|t| t.0)
        .collect();
    assert_eq!(
        got,
        [
            "kpk",
            "=kpk",
            "dan",
            "kpk",
            "komisi",
            "berantas",
            "=pemberantasan",
            "korupsi"
        ]
    );
    assert_eq!(unmarked("=dimakan"), Some("dimakan"));
    assert_eq!(unmarked("makan"), None);
    // No analysed term begins with the mark, whatever the input.
    let odd = "=dimakan ==x =- a=b \u{1}=; 3=4 =Jakarta";
    for analyzer in [&analyzers.stem, &analyzers.surface] {
        for t in analyzer.analyze_to_vec(odd) {
            assert!(!t.text.starts_with(EXACT_MARK), "{}", t.text);
        }
    }
}

#[test]
fn recycled_term_strings_leave_no_trace_of_earlier_texts() {
    // One tokenizer over many texts refills the strings of each text's terms with
    // the next text's: every stream must still be exactly what the analysis gives.
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut indexed = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        analyzers.stem.clone(),
        Role::Marked,
    ));
    let mut alone = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.stem.clone()));
    let texts = [
        "Kementerian Pekerjaan Umum dan Perumahan Rakyat membangun jembatan-jembatan panjang",
        "Ia",
        "Anak-anaknya berlari-lari; COVID-19 ke-18 Rp 14.030 1,6 juta #banjir",
        "",
        "Pembangunan jembatan di Bekasi menindaklanjuti keputusan Menteri",
    ];
    for _ in 0..3 {
        for text in texts {
            let mut expected = Vec::new();
            analyzers.stem.analyze_with_surface(text, &mut |t, form| {
                expected.push((t.text.clone(), t.position));
                if let Some(form) = form_to_mark(&t.text, form) {
                    expected.push((marked(form), t.position));
                }
            });
            let got: Vec<_> = all_tokens(&mut indexed, text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            assert_eq!(got, expected, "{text}");
            let stems: Vec<_> = analyzers
                .stem
                .analyze_to_vec(text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            let got: Vec<_> = all_tokens(&mut alone, text)
                .into_iter()
                .map(|t| (t.text, t.position))
                .collect();
            assert_eq!(got, stems, "{text}");
        }
    }
}

#[test]
fn a_lede_takes_its_stems_from_the_body_analysed_just_before() {
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut body = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        analyzers.stem.clone(),
        Role::Marked,
    ));
    let mut lede = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        analyzers.stem.clone(),
        Role::AloneOrBeginning,
    ));
    let mut alone = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.stem.clone()));
    let stems = |a: &mut TextAnalyzer, text: &str| -> Vec<(String, usize, usize)> {
        all_tokens(a, text)
            .into_iter()
            .map(|t| (t.text, t.offset_from, t.position))
            .collect()
    };
    let long = format!(
        "Pembangunan jembatan-jembatan di Bekasi menindaklanjuti keputusan {}. Dua.",
        "membangun ".repeat(40)
    );
    let bodies = [
        "Menteri Pekerjaan Umum meresmikan jembatan. Warga bersyukur. Lalu pulang.",
        "Komisi Pemberantasan Korupsi memeriksa anak-anaknya. Kedua kalinya!",
        "Satu kalimat saja",
        long.as_str(),
    ];
    for text in bodies {
        let cut = crate::document::lede(text);
        all_tokens(&mut body, text);
        let got = stems(&mut lede, cut);
        // The stems the whole text's analysis gave the words that begin in the lede.
        let expected: Vec<_> = all_tokens(&mut alone, text)
            .into_iter()
            .filter(|t| t.offset_from < cut.len())
            .map(|t| (t.text, t.offset_from, t.position))
            .collect();
        assert_eq!(got, expected, "{text}");
        // Where the lede ends on a sentence, that is the lede analysed alone.
        if cut.ends_with(['.', '!']) || cut == text {
            assert_eq!(got, stems(&mut alone, cut), "{text}");
        }
    }
    // The cut of the long one fell inside a word: it counts whole ("membangun",
    // the stem "bangun"), where the lede alone gives its first letters ("memb").
    let cut = crate::document::lede(&long);
    assert!(cut.ends_with(" memb"), "{cut}");
    all_tokens(&mut body, &long);
    let got = stems(&mut lede, cut);
    let alone_stems = stems(&mut alone, cut);
    assert_eq!(got.len(), alone_stems.len());
    let last = got.len() - 1;
    assert_eq!(got[..last], alone_stems[..last]);
    assert_eq!(
        (got[last].0.as_str(), alone_stems[last].0.as_str()),
        ("bangun", "memb")
    );
    // A text that is not the beginning of the last body is analysed alone.
    for other in [
        "Warga bersyukur",
        "Menteri Pekerjaan Umum meresmikan jembatan-jembatan",
    ] {
        all_tokens(&mut body, bodies[0]);
        assert_eq!(stems(&mut lede, other), stems(&mut alone, other), "{other}");
    }
    // Nor is a beginning longer than the part of the body kept.
    let longer = "kata ".repeat(200);
    all_tokens(&mut body, &longer);
    let beyond = prefix(&longer, BEGINNING_BYTES + 10);
    assert_eq!(stems(&mut lede, beyond), stems(&mut alone, beyond));
    // Another analyser's stems are never taken.
    let other = Analyzers::new(&AnalyzerOptions {
        extra_roots: vec!["bekas".to_string()],
        ..AnalyzerOptions::default()
    });
    let mut other_lede = TextAnalyzer::from(AnalyzerTokenizer::with_role(
        other.stem.clone(),
        Role::AloneOrBeginning,
    ));
    let mut other_alone = TextAnalyzer::from(AnalyzerTokenizer::new(other.stem.clone()));
    all_tokens(&mut body, bodies[0]);
    let cut = crate::document::lede(bodies[0]);
    assert_eq!(stems(&mut other_lede, cut), stems(&mut other_alone, cut));
}

#[test]
fn giant_values_are_cut_on_a_character() {
    let text = "é".repeat(10);
    assert_eq!(prefix(&text, 5), "éé");
    assert_eq!(prefix(&text, 100), text);
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut a = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
    let giant = "kata ".repeat(MAX_TOKENS_PER_VALUE + 10);
    assert_eq!(texts(&mut a, &giant).len(), MAX_TOKENS_PER_VALUE);
}

#[test]
fn words_analyzer_splits_outlets_and_folds() {
    let mut a = words_analyzer();
    let got: Vec<_> = texts(&mut a, "Tribunnews.com/Nuryanti Café")
        .into_iter()
        .map(|t| t.0)
        .collect();
    assert_eq!(got, ["tribunnews", "com", "nuryanti", "cafe"]);
}

#[test]
fn analyzer_tokenizer_keeps_offsets_and_positions() {
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut a = TextAnalyzer::from(AnalyzerTokenizer::new(analyzers.surface.clone()));
    let text = "“Korea Utara” mendukung";
    let got = texts(&mut a, text);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].0, "korea");
    assert_eq!(&text[got[1].1..got[1].1 + 5], "Utara");
    assert_eq!(got.iter().map(|t| t.2).collect::<Vec<_>>(), [0, 1, 2]);
    // The same stream type yields nothing for empty text.
    assert!(texts(&mut a, "").is_empty());
}
