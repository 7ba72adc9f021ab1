use super::*;
use crate::analysis::AnalyzerOptions;
use crate::query::parse;

fn compile(text: &str, match_any: bool) -> Value {
    let decl = SchemaDecl::default_decl();
    let analyzers = Analyzers::new(&AnalyzerOptions {
        abbreviation_terms: true,
        ..Default::default()
    });
    let compiler = DslCompiler::new(
        &decl,
        &analyzers,
        vec!["title".into(), "body".into()],
        match_any,
        true,
    );
    let names = crate::query::compile::queryable_fields_of(&decl);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    compiler.compile(&parse(text, &names).unwrap()).unwrap()
}

#[test]
fn a_word_is_its_stem_and_its_own_form_in_every_default_field() {
    let query = compile("membangun", false).to_string();
    for part in [
        r#"{"term":{"title":"bangun"}}"#,
        r#"{"term":{"title_exact":"membangun"}}"#,
        r#"{"term":{"body":"bangun"}}"#,
        r#"{"term":{"body_exact":"membangun"}}"#,
        r#"{"term":{"lede":"bangun"}}"#,
    ] {
        assert!(query.contains(part), "{part} not in {query}");
    }
}

#[test]
fn exclusions_match_the_word_as_written_only() {
    let query = compile("hutan -kebakaran", false);
    let excluded = query["bool"]["must_not"].to_string();
    assert!(
        excluded.contains("body_exact") && excluded.contains("kebakaran"),
        "{excluded}"
    );
    assert!(!excluded.contains(r#""body":"#), "{excluded}");
}

#[test]
fn phrases_are_analysed_terms_in_order() {
    let query = compile("\"kereta lapis baja\"~1", false).to_string();
    assert!(
        query.contains(r#""query":"kereta lapis baja","slop":1"#),
        "{query}"
    );
}

#[test]
fn proximity_adds_sloppy_phrases_of_neighbouring_words_on_the_stemmed_body() {
    let decl = SchemaDecl::default_decl();
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut compiler = DslCompiler::new(&decl, &analyzers, vec!["body".into()], true, true);
    compiler.proximity = Some(Proximity::default());
    let names = crate::query::compile::queryable_fields_of(&decl);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let query = compiler
        .compile(&parse("membangun di jembatan -rudal", &names).unwrap())
        .unwrap();
    let pair = json!({"bool": {"must": [{"match_phrase": {"body": {
        "query": "bangun jembatan", "analyzer": "whitespace", "slop": 2}}}], "boost": 0.2f32}});
    let should = query["bool"]["should"].as_array().unwrap();
    assert!(should.contains(&pair), "{query}");
    assert_eq!(
        query.to_string().matches("match_phrase").count(),
        1,
        "{query}"
    );
    compiler.proximity = None;
    let without = compiler
        .compile(&parse("membangun di jembatan -rudal", &names).unwrap())
        .unwrap();
    assert!(!without.to_string().contains("match_phrase"), "{without}");
}

#[test]
fn any_word_queries_weigh_words_by_the_clusters_counts() {
    let decl = SchemaDecl::default_decl();
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut compiler = DslCompiler::new(&decl, &analyzers, vec!["body".into()], true, true);
    let names = crate::query::compile::queryable_fields_of(&decl);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let expr = parse("membangun jembatan", &names).unwrap();
    // What the counts are fetched for: each one-term clause's field and term, once
    // ("jembatan", written as its stem, is its own exact form: body's stem term).
    let asked = compiler.weighted_terms(&expr);
    let pair = |f: &str, t: &str| (f.to_string(), t.to_string());
    assert_eq!(
        asked,
        [
            pair("lede", "bangun"),
            pair("body", "bangun"),
            pair("body_exact", "membangun"),
            pair("lede", "jembatan"),
            pair("body", "jembatan"),
        ]
    );
    let counts = FetchedCounts {
        articles: 10,
        doc_freqs: asked.into_iter().map(|key| (key, 4)).collect(),
    };
    compiler.counts = Some(&counts);
    let query = compiler.compile(&expr).unwrap();
    // df 4 of 10: idf 0.8938, weight 1 / sqrt(0.8938) = 1.0578; the lede's
    // boost of 0.5 multiplies it.
    let boosts: Vec<f64> = query["bool"]["should"]
        .as_array()
        .unwrap()
        .iter()
        .map(|clause| clause["bool"]["boost"].as_f64().unwrap())
        .collect();
    assert_eq!(boosts.len(), 6, "{query}");
    for (boost, expected) in boosts
        .iter()
        .zip([0.5289, 1.0578, 1.0578, 0.5289, 1.0578, 1.0578])
    {
        assert!(
            (boost - expected).abs() < 1e-3,
            "{boost} vs {expected}: {query}"
        );
    }
    // Without counts, as before: no boosts but the lede's.
    compiler.counts = None;
    assert!(!compiler
        .compile(&expr)
        .unwrap()
        .to_string()
        .contains("1.05"));
}

#[test]
fn any_word_queries_leave_stop_words_out() {
    let query = compile("rudal yang diluncurkan", true).to_string();
    assert!(
        query.contains("luncur") && !query.contains(r#""yang""#),
        "{query}"
    );
}

#[test]
fn coverage_counts_the_stems_of_the_words_asked_for_weighted_by_sqrt_idf() {
    let decl = SchemaDecl::default_decl();
    let analyzers = Analyzers::new(&AnalyzerOptions::default());
    let mut compiler = DslCompiler::new(&decl, &analyzers, vec!["body".into()], true, true);
    let names = crate::query::compile::queryable_fields_of(&decl);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    // Not the stop word, not the excluded word, not the prefix; each word's stem in the
    // stemmed body (the lede is a part of it, the exact forms another field).
    let expr = parse("membangun di jembatan -rudal bang*", &names).unwrap();
    let pair = |f: &str, t: &str| (f.to_string(), t.to_string());
    let asked = compiler.coverage_terms(&expr);
    assert_eq!(asked, [pair("body", "bangun"), pair("body", "jembatan")]);
    let counts = FetchedCounts {
        articles: 10,
        doc_freqs: [(pair("body", "bangun"), 4), (pair("body", "jembatan"), 1)].into(),
    };
    compiler.counts = Some(&counts);
    let words = compiler.coverage_words(&expr).unwrap().unwrap();
    // idf = ln(1 + (10 - df + 0.5) / (df + 0.5)): df 4, ln 2.2353 = 0.8938; df 1,
    // ln 7.3333 = 1.9924; their square roots 0.9454 and 1.4115.
    let weights: Vec<f32> = words.words().iter().map(|w| w.weight).collect();
    assert!((weights[0] - 0.9454).abs() < 1e-3, "{weights:?}");
    assert!((weights[1] - 1.4115).abs() < 1e-3, "{weights:?}");

    let rescore = coverage_rescore(&words, 0.5);
    assert_eq!(rescore["window_size"], 50);
    let query = &rescore["query"];
    assert_eq!(query["score_mode"], "multiply");
    assert_eq!(query["query_weight"], 1.0);
    assert_eq!(query["rescore_query_weight"], 1.0);
    let script_score = &query["rescore_query"]["script_score"];
    let params = &script_score["script"]["params"];
    assert!(
        (params["total"].as_f64().unwrap() - 2.3569).abs() < 1e-3,
        "{params}"
    );
    assert_eq!(params["exponent"], 0.5);
    // Every article matches the rescore query, so one holding no word scores share 0.
    let held = &script_score["query"]["bool"];
    assert_eq!(held["filter"], json!([{"match_all": {}}]));
    assert_eq!(
        held["should"][1],
        json!({"constant_score": {"filter": {"term": {"body": "jembatan"}}, "boost": weights[1]}})
    );

    // One word: every hit holds all of it, nothing to reorder.
    let one = parse("jembatan -rudal", &names).unwrap();
    assert_eq!(compiler.coverage_words(&one).unwrap(), None);
}
