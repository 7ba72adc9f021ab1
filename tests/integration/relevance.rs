//! Compounds, nicknames and query expansion, end to end: a small archive whose expected
//! hits are worked out by hand from the texts below.

use crate::env::{article, sorted, TestEnv};

fn news() -> TestEnv {
    let env = TestEnv::new();
    let docs = [
        (
            "c1",
            "DPR menindaklanjuti laporan warga",
            "Komisi III akan menindaklanjuti laporan itu pekan depan.",
        ),
        (
            "c2",
            "Tindak lanjut temuan BPK",
            "Pemerintah daerah menyiapkan tindak lanjut atas temuan auditor.",
        ),
        // tindak and lanjut, but apart: a phrase query must not find it.
        (
            "c3",
            "Tindakan polisi berlanjut",
            "Tindakan tegas polisi terhadap pelanggar berlanjut hingga malam.",
        ),
        (
            "c4",
            "Kerjasama dua negara",
            "Kerjasama ekonomi kedua negara diperluas.",
        ),
        (
            "c5",
            "Perjanjian kerja sama ditandatangani",
            "Kedua pihak menandatangani kerja sama baru.",
        ),
        (
            "n1",
            "Basuki Tjahaja Purnama bebas",
            "Basuki Tjahaja Purnama keluar dari penjara pagi ini.",
        ),
        (
            "n2",
            "Harga sembilan bahan pokok naik",
            "Harga sembilan bahan pokok di pasar naik jelang Lebaran.",
        ),
        (
            "n3",
            "Anggaran kementerian",
            "Kementerian Pekerjaan Umum dan Perumahan Rakyat meminta tambahan anggaran.",
        ),
        // Long forms of four words and more, to be found from their short forms.
        (
            "n4",
            "Gugatan ditolak",
            "Pengadilan Tata Usaha Negara Jakarta menolak gugatan itu.",
        ),
        (
            "n5",
            "Kredit bank",
            "Bank menyalurkan kredit kepada Usaha Mikro, Kecil, dan Menengah di desa.",
        ),
        (
            "n6",
            "Presiden keenam hadir",
            "Susilo Bambang Yudhoyono menghadiri acara di Cikeas.",
        ),
        (
            "n7",
            "Warga pindah",
            "Warga pindah ke rumah susun sederhana sewa di Marunda.",
        ),
        (
            "r1",
            "Korut uji coba rudal",
            "Korut kembali menguji rudal balistik pada Rabu pagi.",
        ),
        (
            "r2",
            "Kim bertemu Putin",
            "Pemimpin Korea Utara Kim Jong Un bertemu Presiden Rusia.",
        ),
    ];
    for (id, title, body) in docs {
        env.write(
            &format!("news/{id}.json"),
            article(id, title, "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    env
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn closed_up_compounds_meet_the_two_words() {
    let env = news();
    let cases: &[(&str, &[&str])] = &[
        ("\"tindak lanjut\"", &["c1", "c2"]),
        ("ditindaklanjuti", &["c1", "c2"]),
        ("tindaklanjut", &["c1", "c2"]),
        ("tindak lanjut", &["c1", "c2", "c3"]),
        ("kerjasama", &["c4", "c5"]),
        ("\"kerja sama\"", &["c4", "c5"]),
        ("bekerja sama", &["c4", "c5"]),
    ];
    for (query, expected) in cases {
        assert_eq!(
            sorted(env.ids(&[query])),
            ids(expected),
            "warta query {query:?}"
        );
    }
}

#[test]
fn nicknames_blends_and_long_forms_meet_their_expansions() {
    let env = news();
    let cases: &[(&str, &[&str])] = &[
        ("Ahok", &["n1"]),
        ("sembako", &["n2"]),
        ("Kemenpupr", &["n3"]),
        ("PUPR", &["n3"]),
        ("PTUN", &["n4"]),
        ("UMKM", &["n5"]),
        ("SBY", &["n6"]),
        ("Rusunawa", &["n7"]),
    ];
    for (query, expected) in cases {
        assert_eq!(
            sorted(env.ids(&[query])),
            ids(expected),
            "warta query {query:?}"
        );
    }
}

#[test]
fn expansion_adds_articles_that_share_the_best_hits_terms() {
    let env = news();
    // r1 is the only article with "rudal". Of r1's other body terms, two are in
    // another article too: korut (indexed for r2's "Korea Utara") and pagi (n1);
    // those bring r2 and n1 in, below r1. The rest of r1 (uji, balistik, rabu) is
    // in r1 alone and adds nothing.
    assert_eq!(env.ids(&["rudal", "--match", "any"]), ids(&["r1"]));
    let expanded = env.ids(&["rudal", "--match", "any", "--expand"]);
    assert_eq!(expanded.first().map(String::as_str), Some("r1"));
    assert_eq!(sorted(expanded[1..].to_vec()), ids(&["n1", "r2"]));
    // With all words required, expansion only reorders.
    assert_eq!(env.ids(&["rudal", "--expand"]), ids(&["r1"]));
}

#[test]
fn proximity_ranks_the_article_with_the_words_together_first() {
    let env = TestEnv::new();
    // The same words, as often, in both bodies (so the same BM25 score), under the
    // same title; only p2 has "harga" next to "beras". Equal scores go by id, so
    // without proximity p1 comes first.
    let bodies = [
        ("p1", "Harga di pasar induk pagi ini beras naik."),
        ("p2", "Harga beras naik di pasar induk pagi ini."),
    ];
    for (id, body) in bodies {
        env.write(
            &format!("news/{id}.json"),
            article(id, "Kabar pasar", "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let query = ["harga beras", "--match", "any", "--fields", "body"];
    assert_eq!(env.ids(&query), ids(&["p1", "p2"]));
    let mut with = query.to_vec();
    with.push("--proximity");
    assert_eq!(env.ids(&with), ids(&["p2", "p1"]));
    // Words two apart still count ("harga" ... "naik": one word between) ...
    let near = [
        "harga naik",
        "--match",
        "any",
        "--fields",
        "body",
        "--proximity",
    ];
    assert_eq!(env.ids(&near), ids(&["p2", "p1"]));
    // All-word queries score no pairs.
    let all = ["harga beras", "--fields", "body", "--proximity"];
    assert_eq!(env.ids(&all), ids(&["p1", "p2"]));
}

#[test]
fn any_word_queries_rank_more_shared_words_above_one_rare_word() {
    let env = TestEnv::new();
    // Ten one-sentence bodies of four words each (so BM25's length part is the same
    // for all): "zamrud" is in a alone, "harga" and "pasar" in b, c, d and e.
    // BM25 IDF, ln(1 + (N - df + 0.5) / (df + 0.5)) with N = 10:
    //   zamrud (df 1): 1.992; harga, pasar (df 4): 0.894 each.
    // Full IDF: a scores 1.992 against b's 0.894 + 0.894 = 1.788, so a first.
    // Square root (the default): a 1.411 against b's 0.946 + 0.946 = 1.891, so a
    // last; b, c, d and e tie and go by id.
    let bodies = [
        ("a", "Zamrud itu dijual kemarin."),
        ("b", "Harga pasar turun kemarin."),
        ("c", "Harga pasar naik lagi."),
        ("d", "Harga pasar naik lagi."),
        ("e", "Harga pasar naik lagi."),
        ("f", "Cuaca cerah sepanjang hari."),
        ("g", "Cuaca cerah sepanjang minggu."),
        ("h", "Hujan deras sepanjang malam."),
        ("i", "Hujan deras sepanjang hari."),
        ("j", "Angin kencang sepanjang pagi."),
    ];
    for (id, body) in bodies {
        env.write(
            &format!("news/{id}.json"),
            article(id, "Kabar", "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let query = [
        "zamrud harga pasar",
        "--match",
        "any",
        "--fields",
        "body",
        "--include-duplicates",
    ];
    assert_eq!(env.ids(&query), ids(&["b", "c", "d", "e", "a"]));
    // BM25 alone (the second stage, which favours b to e as they hold two of the
    // three words, turned off).
    let mut full = query.to_vec();
    full.extend(["--full-idf", "--coverage", "0"]);
    assert_eq!(env.ids(&full), ids(&["a", "b", "c", "d", "e"]));
}

/// Two titles holding `kopi`: "Kopi aren" (2 words, once) and an 8-word one with it
/// twice; average length 5, IDF ln(1 + 0.5/2.5) = ln 1.2 for both, title boost 2.
/// BM25's tf part is tf / (tf + k1 (1 - b + b len/avg)), times tantivy's 2.2:
///   k1 1.0, b 0.7 (default): short 1/1.58 = 0.633 > long 2/3.42 = 0.585
///   k1 1.2, b 0.75: short 1/1.66 = 0.602 > long 2/3.74 = 0.535
///   k1 0.4, b 0.25: short 1/1.34 = 0.746 < long 2/2.46 = 0.813
/// so the long title wins only when repeats saturate slowly and length counts little.
#[test]
fn bm25_k1_changes_saturation_and_length_normalisation() {
    let env = TestEnv::new();
    let titles = [
        ("short", "Kopi aren", "Panen di lereng gunung."),
        (
            "long",
            "Kopi susu kopi gula teh jahe madu sereh",
            "Menu kedai baru.",
        ),
    ];
    for (id, title, body) in titles {
        env.write(
            &format!("news/{id}.json"),
            article(id, title, "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let query = ["kopi", "--fields", "title"];
    assert_eq!(env.ids(&query), ids(&["short", "long"]));
    let with_k1 = |k1: &str| {
        let mut args = query.to_vec();
        args.extend(["--bm25-k1", k1]);
        env.ids(&args)
    };
    assert_eq!(with_k1("1.2"), ids(&["short", "long"]));
    assert_eq!(with_k1("0.4"), ids(&["long", "short"]));

    // The score is BM25's: 2 (boost) x ln 1.2 x 2.2 x 2/2.46 for the long title, twice,
    // as `kopi` is written as its stem and so is its own exact form too (the stem's
    // clause and the exact form's find the same term).
    let run = env.run(&[
        "query",
        "--json",
        "kopi",
        "--fields",
        "title",
        "--bm25-k1",
        "0.4",
    ]);
    run.expect_code(0);
    let score = run.json()["hits"][0]["score"].as_f64().unwrap();
    let expected = 2.0 * (2.0 * 1.2f64.ln() * 2.2 * 2.0 / 2.46);
    assert!(
        (score - expected).abs() < 1e-4,
        "score {score}, expected {expected}"
    );

    let run = env.run(&["query", "kopi", "--bm25-k1", "0.3"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("--bm25-k1: BM25's k1 must be more than 0.3"),
        "{run:?}"
    );
}

/// Ten four-word bodies (one sentence, so the lede is the body and every length is
/// the average): `kopi` in a (three times) and b, `teh` in b and seven others.
/// IDF, ln(1 + (N - df + 0.5) / (df + 0.5)) with N = 10: kopi (df 2) ln 4.4 = 1.4816,
/// teh (df 8) ln(1 + 2.5/8.5) = 0.2578; each word weighs the square root, 1.2172 and
/// 0.5077. At average length BM25's tf part is tf / (tf + 1), so (every word's clauses
/// alike, so a common factor left out):
///   a: 1.2172 x 3/4 = 0.9129;  b: 1.2172 x 1/2 + 0.5077 x 1/2 = 0.8625
/// a first. The second stage's share of the query: b holds both (1), a holds kopi,
/// 1.2172 / 1.7249 = 0.7057, and 0.7057^0.2 = 0.9327: a 0.9129 x 0.9327 = 0.8515,
/// below b.
#[test]
fn coverage_ranks_the_article_holding_more_of_the_query_first() {
    let env = TestEnv::new();
    let mut bodies = vec![
        ("a".to_string(), "kopi kopi kopi gula"),
        ("b".to_string(), "kopi teh beras garam"),
        ("j".to_string(), "beras garam jagung gula"),
    ];
    for i in 0..7 {
        bodies.push((format!("t{i}"), "teh beras garam jagung"));
    }
    for (id, body) in &bodies {
        env.write(
            &format!("news/{id}.json"),
            article(id, "Kabar pasar", "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let query = ["kopi teh", "--match", "any", "--fields", "body"];
    let top2 = |extra: &[&str]| {
        let mut args = query.to_vec();
        args.extend_from_slice(extra);
        env.ids(&args)[..2].to_vec()
    };
    assert_eq!(top2(&[]), ids(&["b", "a"]));
    assert_eq!(top2(&["--no-learned"]), ids(&["b", "a"]));
    assert_eq!(top2(&["--coverage", "0"]), ids(&["a", "b"]));
    // A larger exponent only widens the gap; all words required: b alone.
    assert_eq!(top2(&["--coverage", "1", "--no-learned"]), ids(&["b", "a"]));
    assert_eq!(env.ids(&["kopi teh", "--fields", "body"]), ids(&["b"]));

    // The explanation gives the share and the first stage's score, and the hit's score
    // is the one times the other to the power 0.2.
    let mut args = vec!["query", "--json", "--explain", "--no-learned"];
    args.extend_from_slice(&query);
    let run = env.run(&args);
    run.expect_code(0);
    let hits = run.json()["hits"].as_array().unwrap().clone();
    for (hit, share) in hits.iter().zip([1.0, 0.7057]) {
        let explanation = &hit["explanation"];
        let description = explanation["description"].as_str().unwrap();
        assert!(description.starts_with("coverage"), "{explanation}");
        let got = explanation["details"][0]["value"].as_f64().unwrap();
        assert!((got - share).abs() < 1e-3, "share {got}, expected {share}");
        let first = explanation["details"][1]["value"].as_f64().unwrap();
        let score = hit["score"].as_f64().unwrap();
        assert!(
            (score - first * share.powf(0.2)).abs() < 1e-3 * score,
            "{hit}"
        );
    }

    let run = env.run(&["query", "kopi", "--coverage", "5"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("--coverage: the coverage exponent must be"),
        "{run:?}"
    );
}

/// Ten four-word bodies (one sentence each, so the lede is the body and every length
/// is the average): `kopi` in a and k, `teh` twice and `gula` once in b, `teh gula`
/// in seven others. IDF with N = 10: kopi (df 2) ln 4.4 = 1.4816, teh and gula (df 8)
/// ln(1 + 2.5/8.5) = 0.2578; each word weighs the square root, 1.2172 and 0.5077. At
/// average length (k1 1.0) BM25's tf part is tf / (tf + 1), so, up to a common factor:
///   a: 1.2172 x 1/2 = 0.6086;  b: 0.5077 x 2/3 + 0.5077 x 1/2 = 0.5923
/// a first. Coverage: a holds 1.2172 / 2.2326 = 0.5452 of the query, b 0.4548, so at
/// 0.2 a stays first (0.6086 x 0.8857 = 0.5390 against 0.5923 x 0.8542 = 0.5059).
/// The learned stage counts words as well: b holds two of the three words (in the
/// body and the lede), a one, so b goes first: its log score gains
/// 0.707 ln(0.4548/0.5452) + (0.502 + 0.373) x (2/3 - 1/3) = -0.1282 + 0.2917 over
/// a's, more than the 0.0265 it was behind. By hand, with the first stage's scores
/// (3.2504 and 3.3375) and the length factor 4^-0.162 = 0.7988:
///   b: 3.2504 x 0.4548^0.707 x 0.7988 x e^(0.875 x 2/3) = 3.2504 x 0.5729 x 0.7988 x 1.7920 = 2.666
///   a: 3.3375 x 0.5452^0.707 x 0.7988 x e^(0.875 x 1/3) = 3.3375 x 0.6512 x 0.7988 x 1.3387 = 2.324
#[test]
fn the_learned_stage_ranks_the_article_holding_more_of_the_words_first() {
    let env = TestEnv::new();
    let towns = [
        "medan", "solo", "bogor", "depok", "bekasi", "garut", "cianjur", "kudus",
    ];
    let mut bodies = vec![
        ("a".to_string(), "kopi beras garam jagung".to_string()),
        ("k".to_string(), "kopi sagu ubi talas".to_string()),
        ("b".to_string(), "teh teh gula beras".to_string()),
    ];
    for i in 0..7 {
        bodies.push((
            format!("t{i}"),
            format!("teh gula {} {}", towns[i], towns[i + 1]),
        ));
    }
    for (id, body) in &bodies {
        env.write(
            &format!("news/{id}.json"),
            article(id, "Kabar pasar", "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let query = ["kopi teh gula", "--match", "any", "--fields", "body"];
    let top3 = |extra: &[&str]| {
        let mut args = query.to_vec();
        args.extend_from_slice(extra);
        env.ids(&args)[..3].to_vec()
    };
    assert_eq!(top3(&[]), ids(&["b", "a", "k"]));
    // The coverage stage alone and the first stage alone keep a (and k, its equal) first.
    assert_eq!(top3(&["--no-learned"]), ids(&["a", "k", "b"]));
    assert_eq!(top3(&["--coverage", "0"]), ids(&["a", "k", "b"]));

    let mut args = vec!["query", "--json", "--explain"];
    args.extend_from_slice(&query);
    let run = env.run(&args);
    run.expect_code(0);
    let hits = run.json()["hits"].as_array().unwrap().clone();
    for (hit, (first, score, held)) in hits.iter().zip([(3.2504, 2.666, 2), (3.3375, 2.324, 1)]) {
        let explanation = &hit["explanation"];
        let description = explanation["description"].as_str().unwrap();
        assert!(description.starts_with("learned"), "{explanation}");
        let details = explanation["details"].as_array().unwrap();
        assert_eq!(details[1]["value"], 4, "{explanation}");
        for (detail, want) in [(2, held), (3, 0), (4, held)] {
            assert_eq!(details[detail]["value"], want, "{explanation}");
        }
        assert_eq!(details[2]["of"], 3, "{explanation}");
        let got_first = details[5]["value"].as_f64().unwrap();
        assert!((got_first - first).abs() < 1e-3, "{explanation}");
        let got = hit["score"].as_f64().unwrap();
        assert!((got - score).abs() < 2e-3, "score {got}, expected {score}");
    }
}
