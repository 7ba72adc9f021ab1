//! Property tests for what people type: any text is a query or a syntax error that
//! points inside it, never a panic; any date bound is a day or an error; and any query,
//! with any filters, runs against a real index without panicking.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::dates::{day_bound, today_wib};
use super::*;
use crate::ingest::{self, IndexOptions};
use crate::search::{SearchRequest, Searcher, Sort};
use crate::store::Store;

const FIELDS: &[&str] = &["title", "body", "source", "date"];

/// Pieces of the query language, to be put together in any order.
const PIECES: &str = "((title|body|source|date|author|Jokowi|x):?|\"|\\(|\\)|\\[|\\]| TO |\\*|~[0-9]?|\\^[0-9.]{0,3}|-|\\+|NOT |AND |OR | |[a-zA-Z]{1,8}|[0-9]{1,4}|2019-09-1[0-9]|é|Korut|KPK){0,24}";

fn check(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = parse(text, FIELDS) {
        let len = text.chars().count();
        prop_assert!(
            e.column >= 1 && e.column <= len + 1,
            "column {} outside {text:?} ({len} characters)",
            e.column
        );
        prop_assert!(!e.message.is_empty());
    }
    Ok(())
}

/// The sample corpus, indexed once for every search property.
fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<(tempfile::TempDir, Searcher)> = OnceLock::new();
    let (_, searcher) = SEARCHER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let index_dir = dir.path().join("index");
        let options = IndexOptions {
            paths: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")],
            index_dir: index_dir.clone(),
            schema: None,
            words: None,
            rebuild: false,
            follow_links: false,
            threads: 2,
            memory_mb: 50,
            quiet: true,
        };
        ingest::run(&options).unwrap();
        let searcher = Searcher::new(Store::open(&index_dir).unwrap()).unwrap();
        (dir, searcher)
    });
    searcher
}

fn sort() -> impl Strategy<Value = Sort> {
    prop_oneof![
        Just(Sort::Relevance),
        Just(Sort::Newest),
        Just(Sort::Oldest)
    ]
}

/// What `--since`/`--until` may be given.
const BOUNDS: &str = "(2019|-0?9|-[0-9]{1,2}|[0-9]{1,3}[dwmy]|kemarin|hari ini|13 September 2023|[0-9]{1,9}| |\\*|/){0,5}";

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_or_points_inside_it(text in "\\PC{0,80}") {
        check(&text)?;
    }

    #[test]
    fn querylike_text_parses_or_points_inside_it(text in PIECES) {
        check(&text)?;
    }

    #[test]
    fn nesting_within_reason_parses(depth in 0usize..60, word in "[a-z]{1,6}") {
        let text = format!("{}{word}{}", "(".repeat(depth), ")".repeat(depth));
        prop_assert!(parse(&text, FIELDS).is_ok(), "{text}");
        check(&"(".repeat(depth))?;
        check(&")".repeat(depth))?;
    }

    #[test]
    fn any_date_bound_is_a_day_or_an_error(text in prop_oneof!["\\PC{0,30}".boxed(), BOUNDS.boxed()], end in any::<bool>()) {
        let today = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        let _ = day_bound(&text, end, today);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_query_runs_against_an_index(
        query in prop_oneof!["\\PC{0,40}".boxed(), PIECES.boxed()],
        match_any in any::<bool>(),
        sort in sort(),
        since in prop::option::of(BOUNDS),
        sources in prop::collection::vec("[a-zA-Z.]{0,10}", 0..2),
        limit in 0usize..30,
        offset in prop_oneof![0usize..5, Just(usize::MAX / 2)],
        flags in any::<(bool, bool, bool)>(),
    ) {
        // A bound that cannot be read stops at the edge; the rest reach the search.
        let since = since.and_then(|text| day_bound(&text, false, today_wib()).ok().flatten());
        let request = SearchRequest {
            match_any,
            sort,
            since,
            sources,
            limit,
            offset,
            snippets: flags.0,
            explain: flags.1,
            include_duplicates: flags.2,
            ..SearchRequest::new(&query)
        };
        let _ = searcher().search(&request);
    }
}
