//! The archive's answers and typed errors, on the sample corpus indexed once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::*;
use crate::ingest::{self, IndexOptions};
use crate::query::{CompileError, DateError};

/// The sample corpus's index, built once for every test that needs it.
pub(crate) fn sample_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let options = IndexOptions {
                paths: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")],
                index_dir: dir.path().join("index"),
                schema: None,
                words: None,
                rebuild: false,
                follow_links: false,
                threads: 2,
                memory_mb: 50,
                quiet: true,
            };
            ingest::run(&options).unwrap();
            dir
        })
        .path()
}

fn archive() -> Archive {
    Archive::open(&sample_index().join("index")).unwrap()
}

#[test]
fn errors_say_what_was_wrong_and_where() {
    let archive = archive();
    let err = archive.search(&SearchRequest::new("kim )")).unwrap_err();
    assert!(matches!(&err, Error::Syntax(e) if e.column == 5), "{err:?}");
    assert_eq!(err.column(), Some(5));
    assert!(err.is_bad_request());

    let mut request = SearchRequest::new("kim");
    request.fields = Some(vec!["judul".into()]);
    let err = archive.search(&request).unwrap_err();
    assert!(
        matches!(&err, Error::UnknownField { name, .. } if name == "judul"),
        "{err:?}"
    );
    assert!(err.is_bad_request());

    let err = archive
        .search(&SearchRequest::new("date:[kapan TO *]"))
        .unwrap_err();
    assert!(
        matches!(&err, Error::Compile(CompileError::Date(DateError { text })) if text == "kapan"),
        "{err:?}"
    );
    let err = archive
        .search(&SearchRequest::new("title:[a TO b]"))
        .unwrap_err();
    assert_eq!(err.to_string(), "ranges apply to date, not to \"title\"");

    let err = day_bound("minggu depan", false, "since").unwrap_err();
    assert!(
        matches!(&err, Error::BadDate { bound: "since", .. }),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .starts_with("since: cannot read the date \"minggu depan\""));
    assert_eq!(day_bound("2019-09", true, "until").unwrap(), Some(20190930));
    assert_eq!(day_bound("*", false, "since").unwrap(), None);

    let err = archive.article("no/such/id").unwrap_err();
    assert!(matches!(&err, Error::NoArticle(id) if id == "no/such/id"));
    assert!(!err.is_bad_request());
    assert!(matches!(
        Archive::open(Path::new("/nonexistent/warta")),
        Err(Error::Open(_))
    ));
}

#[test]
fn answers_are_typed_data() {
    let archive = archive();
    let results = archive.search(&SearchRequest::new("Vostochny")).unwrap();
    assert_eq!(results.total, 1);
    assert_eq!(
        results.hits[0].id,
        "tribunnews/2023/putin-kim-vostochny.txt"
    );

    let article = archive
        .article("tribunnews/2023/putin-kim-vostochny.txt")
        .unwrap();
    assert_eq!(article.hit.author.as_deref(), Some("Nuryanti"));
    assert!(article.body.contains("Vostochny Cosmodrome"));
    assert_eq!(article.duplicate_of, None);

    // Every article counted once per outlet; all 42 have one.
    let all = archive
        .facets(&SearchRequest::new(""), FacetBy::Source)
        .unwrap();
    assert_eq!(all.total, 42);
    assert_eq!(all.groups.iter().map(|b| b.count).sum::<u64>(), 42);
    assert!(all.groups.iter().all(|b| b.key != UNKNOWN_KEY));
    // Outlets most first.
    assert!(all.groups.windows(2).all(|w| w[0].count >= w[1].count));

    let mut in_2023 = SearchRequest::new("");
    in_2023.since = day_bound("2023", false, "since").unwrap();
    in_2023.until = day_bound("2023", true, "until").unwrap();
    let years = archive.facets(&in_2023, FacetBy::Year).unwrap();
    assert_eq!(years.groups.len(), 1);
    assert_eq!(years.groups[0].key, "2023");

    let stats = archive.stats().unwrap();
    assert_eq!(stats.documents, 42);
    assert_eq!(stats.first_date.as_deref(), Some("2019-04-10"));
    assert_eq!(stats.last_date.as_deref(), Some("2023-09-13"));
    assert_eq!(
        stats.sources.iter().map(|b| b.count).sum::<u64>(),
        stats.documents
    );
    assert!(archive.duplicates().unwrap().is_empty());
}

/// An index opened for one question (short reads copied, not mapped) answers as the
/// same index opened for many: hits, scores, snippets, counts, explanations.
#[test]
fn one_question_opening_answers_alike() {
    let dir = sample_index().join("index");
    let mapped = Archive::open(&dir).unwrap();
    let copied = Archive::open_for_one_question(&dir).unwrap();
    for (text, any) in [
        ("banjir Jakarta", false),
        ("gempa bumi di Sulawesi", true),
        ("presiden", false),
        ("\"tol trans jawa\"", false),
    ] {
        let mut request = SearchRequest::new(text);
        request.match_any = any;
        request.explain = true;
        request.include_duplicates = any;
        let a = mapped.search(&request).unwrap();
        let b = copied.search(&request).unwrap();
        assert_eq!(a.total, b.total, "{text}");
        assert_eq!(a.folded, b.folded, "{text}");
        let hits = |r: &SearchResults| serde_json::to_string(&r.hits).unwrap();
        assert_eq!(hits(&a), hits(&b), "{text}");
    }
    assert!(mapped.search(&SearchRequest::new("banjir")).unwrap().total > 0);
    assert_eq!(
        mapped.stats().unwrap().documents,
        copied.stats().unwrap().documents
    );
}

/// A search's counts, looked up once and kept, are the index's own: document
/// frequencies by term and by field name, and each field's token total.
#[test]
fn a_searchs_counts_are_the_indexs() {
    use crate::query::weighting::TermCounts;
    use crate::query::IndexCounts;
    use tantivy::query::Bm25StatisticsProvider;

    let archive = archive();
    let searcher = archive.searcher.reader().searcher();
    let counts = IndexCounts::new(&searcher);
    let body = searcher.schema().get_field("body").unwrap();
    let title = searcher.schema().get_field("title").unwrap();
    let mut seen_some = false;
    for word in [
        "banjir",
        "jakarta",
        "presiden",
        "gempa",
        "tidakadakatainisama",
    ] {
        for field in [body, title] {
            let term = Term::from_field_text(field, word);
            let direct = searcher.doc_freq(&term).unwrap();
            seen_some |= direct > 0;
            // Twice: the second answer comes from what the first kept.
            assert_eq!(counts.doc_freq(&term).unwrap(), direct, "{word}");
            assert_eq!(counts.doc_freq(&term).unwrap(), direct, "{word}");
            let name = searcher.schema().get_field_name(field);
            assert_eq!(TermCounts::doc_freq(&counts, name, word), direct, "{word}");
        }
    }
    assert!(seen_some, "the sample corpus holds some of the words");
    assert_eq!(TermCounts::doc_freq(&counts, "no_such_field", "banjir"), 0);
    assert_eq!(counts.articles(), searcher.num_docs());
    for field in [body, title] {
        let direct = Bm25StatisticsProvider::total_num_tokens(&searcher, field).unwrap();
        assert!(direct > 0);
        assert_eq!(counts.total_num_tokens(field).unwrap(), direct);
        assert_eq!(counts.total_num_tokens(field).unwrap(), direct);
    }
}
