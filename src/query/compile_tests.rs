use super::*;
use crate::engine::tests::sample_index;
use crate::query::parse;

/// The query `text` compiles to on the sample index (any word in the body, or every
/// word), as Debug text.
fn compiled(text: &str, match_any: bool, proximity: bool) -> String {
    let store = Store::open(&sample_index().join("index")).unwrap();
    let mut compiler = Compiler::new(&store, vec!["body".into()], match_any);
    compiler.proximity = proximity.then(Proximity::default);
    let names = queryable_fields(&store);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    format!(
        "{:?}",
        compiler.compile(&parse(text, &names).unwrap()).unwrap()
    )
}

/// The proximity clauses of a compiled query: phrases weighted 0.2, each as
/// "field: terms ~slop".
fn pairs(debug: &str) -> Vec<String> {
    let schema = Store::open(&sample_index().join("index"))
        .unwrap()
        .index
        .schema();
    debug
        .split("Boost(query=PhraseQuery { field: Field(")
        .skip(1)
        .filter_map(|clause| {
            let (phrase, boost) = clause.split_once("}, boost=").unwrap();
            if !boost.starts_with("0.2)") {
                return None;
            }
            let (id, rest) = phrase.split_once(')').unwrap();
            let field = schema.get_field_name(Field::from_field_id(id.parse().unwrap()));
            let terms: Vec<&str> = rest.split('"').skip(1).step_by(2).collect();
            let slop = rest.split("slop: ").nth(1).unwrap().trim();
            Some(format!("{field}: {} ~{slop}", terms.join(" ")))
        })
        .collect()
}

#[test]
fn damping_weighs_a_word_by_the_square_root_of_its_idf() {
    // BM25 IDF with N = 10: df 1 -> ln(1 + 9.5 / 1.5) = 1.9924; df 4 -> 0.8938;
    // df 10 -> ln(1 + 0.5 / 10.5) = 0.0465. The factor is 1 / sqrt(idf).
    for (df, idf) in [(1, 1.9924_f32), (4, 0.8938), (10, 0.0465)] {
        let weight = damped_idf_weight(10, df);
        assert!(
            (weight - 1.0 / idf.sqrt()).abs() < 1e-3,
            "df {df}: {weight}"
        );
        assert!((weight * idf - idf.sqrt()).abs() < 1e-3, "df {df}");
    }
}

#[test]
fn neighbouring_words_become_sloppy_phrases_on_the_stemmed_body_only() {
    // Stems, in the body (not its lede or exact-form twin), within two words.
    assert_eq!(
        pairs(&compiled("membangun jembatan baru", true, true)),
        ["body: bangun jembatan ~2", "body: jembatan baru ~2"]
    );
}

#[test]
fn stop_words_are_never_paired_but_do_not_break_a_run() {
    assert_eq!(
        pairs(&compiled("presiden di Jakarta", true, true)),
        ["body: presiden jakarta ~2"]
    );
    assert!(pairs(&compiled("yang di", true, true)).is_empty());
}

#[test]
fn phrases_operators_and_fields_break_the_runs() {
    assert!(pairs(&compiled("kim -putin", true, true)).is_empty());
    assert!(pairs(&compiled("kim title:putin", true, true)).is_empty());
    assert_eq!(
        pairs(&compiled("kim jong \"kereta baja\" rudal", true, true)),
        ["body: kim jong ~2"]
    );
}

#[test]
fn no_pairs_without_proximity_or_in_all_word_queries() {
    let with = compiled("membangun jembatan", true, true);
    assert_eq!(pairs(&with).len(), 1, "{with}");
    assert!(pairs(&compiled("membangun jembatan", true, false)).is_empty());
    assert!(!compiled("membangun jembatan", false, true).contains("PhraseQuery"));
}

/// The words the second stage counts (see `coverage`): one per distinct word asked
/// for, as its stem, without stop words or excluded words.
#[test]
fn coverage_counts_each_asked_word_once() {
    let store = Store::open(&sample_index().join("index")).unwrap();
    let searcher = store.index.reader().unwrap().searcher();
    let names = queryable_fields(&store);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut compiler = Compiler::new(&store, vec!["body".into()], true);
    let words = |compiler: &Compiler, text: &str| {
        compiler
            .coverage_words(&parse(text, &names).unwrap())
            .unwrap()
            .map(|words| {
                words
                    .words()
                    .iter()
                    .map(|w| {
                        let terms: Vec<String> = w
                            .terms
                            .iter()
                            .map(|t| t.value().as_str().unwrap().to_string())
                            .collect();
                        (terms.join(" "), w.weight)
                    })
                    .collect::<Vec<_>>()
            })
    };
    // Without the index's counts there are no weights, so no second stage.
    assert_eq!(words(&compiler, "pembangunan jalan"), None);
    compiler.counts = Some(&searcher);
    let got = words(&compiler, "pembangunan jalan di desa -banjir membangun").unwrap();
    let terms: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(terms, ["bangun", "jalan", "desa"]);
    // Each weighs the square root of its IDF.
    for (term, weight) in &got {
        let term = Term::from_field_text(store.fields.body, term);
        let df = searcher.doc_freq(&term).unwrap();
        let idf = crate::query::weighting::idf(searcher.num_docs(), df);
        assert!((weight - idf.sqrt()).abs() < 1e-6, "{term:?}");
    }
    // One word (stop words aside) leaves nothing to reorder by.
    assert_eq!(words(&compiler, "jalan"), None);
    assert_eq!(words(&compiler, "jalan di"), None);
    assert_eq!(words(&compiler, "jalan jalan"), None);
}

/// A word written as its stem is the same term in the body and in its inline twin:
/// one scorer with both boosts, not two over the same postings. A word written
/// otherwise keeps its stem and its marked form apart.
#[test]
fn a_term_reached_through_two_fields_is_scored_once_with_both_boosts() {
    let debug = compiled("jalan membangun", true, false);
    let body = Store::open(&sample_index().join("index"))
        .unwrap()
        .fields
        .body
        .field_id();
    let clause = |term: &str| format!("TermQuery(Term(field={body}, type=Str, \"{term}\"))");
    assert_eq!(debug.matches(&clause("jalan")).count(), 1, "{debug}");
    assert!(
        debug.contains(&format!("Boost(query={}, boost=2)", clause("jalan"))),
        "{debug}"
    );
    for term in ["bangun", "=membangun"] {
        assert_eq!(debug.matches(&clause(term)).count(), 1, "{debug}");
        assert!(
            !debug.contains(&format!("Boost(query={}", clause(term))),
            "{debug}"
        );
    }
}
