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
