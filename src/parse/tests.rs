//! Whole-file tests: every format through `read_articles_from_bytes`, bad input, and
//! property tests that no input makes the readers panic.

use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;

use super::*;

fn read(name: &str, bytes: &[u8]) -> Result<Vec<Result<Article, ParseError>>, ParseError> {
    let mut out = Vec::new();
    read_articles_from_bytes(Path::new(name), bytes, &mut |r| out.push(r))?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn only_title(name: &str, bytes: &[u8]) -> String {
    let items = read(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(items.len(), 1, "{name}");
    items
        .into_iter()
        .next()
        .unwrap()
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .title
}

#[test]
fn every_format_reads_a_small_article() {
    let jsonl = b"{\"title\": \"Judul\", \"body\": \"Isi.\"}\n";
    let cases: &[(&str, Vec<u8>)] = &[
        ("a.txt", b"Judul\nIsi berita.".to_vec()),
        ("a.json", br#"{"title": "Judul", "body": "Isi."}"#.to_vec()),
        ("a.jsonl", jsonl.to_vec()),
        ("a.jsonl.gz", gzip(jsonl)),
        ("a.json.gz", gzip(br#"{"title": "Judul", "body": "Isi."}"#)),
        ("gz-without-saying.jsonl", gzip(jsonl)),
        ("a.md", b"# Judul\n\nIsi berita.".to_vec()),
        (
            "a.html",
            b"<html><body><h1>Judul</h1><article><p>Isi berita.</p></article></body></html>"
                .to_vec(),
        ),
        ("bom.txt", b"\xEF\xBB\xBFJudul\nIsi.".to_vec()),
        (
            "utf16.txt",
            b"\xFF\xFEJ\0u\0d\0u\0l\0\n\0I\0s\0i\0.\0".to_vec(),
        ),
        (
            "utf16be.jsonl",
            b"\xFE\xFF\0{\0\"\0t\0i\0t\0l\0e\0\"\0:\0\"\0J\0u\0d\0u\0l\0\"\0}".to_vec(),
        ),
    ];
    for (name, bytes) in cases {
        assert_eq!(only_title(name, bytes), "Judul", "{name}");
    }
}

#[test]
fn windows_1252_text_is_decoded() {
    let items = read(
        "old.txt",
        b"Caf\xE9 Baru Dibuka\n\x93Ramai,\x94 kata pemilik, 5 Juni 2019.",
    )
    .unwrap();
    let a = items[0].as_ref().unwrap();
    assert_eq!(a.title, "Café Baru Dibuka");
    assert_eq!(a.body, "“Ramai,” kata pemilik, 5 Juni 2019.");
}

#[test]
fn bad_files_table() {
    let mut truncated = gzip(&b"{\"title\": \"x\"}\n".repeat(50));
    truncated.truncate(truncated.len() / 2);
    let cases: &[(&str, Vec<u8>, &str)] = &[
        ("a.txt", vec![], "empty file"),
        ("a.json", b"  \n\t".to_vec(), "file holds only whitespace"),
        ("a.jsonl", b"\n\n".to_vec(), "file holds only whitespace"),
        (
            "a.txt",
            b"\x7fELF\x02\x01\x01\0\0\0\0".to_vec(),
            "binary file (not text)",
        ),
        (
            "a.jsonl",
            b"PK\x03\x04\0\0\x08\0".to_vec(),
            "binary file (not text)",
        ),
        (
            "a.json",
            b"{\"title\": \"x\", \"body\": ".to_vec(),
            "line 1: invalid JSON at column 23: EOF while parsing a value",
        ),
        (
            "a.jsonl.gz",
            b"not gzip at all".to_vec(),
            "corrupt gzip: not in gzip format (bad magic number)",
        ),
        (
            "a.json.gz",
            b"\x1f\x8b\x08\0garbage".to_vec(),
            "corrupt gzip: ",
        ),
        ("a.json.gz", truncated.clone(), "corrupt gzip: "),
        ("a.json.gz", gzip(b""), "empty file"),
        ("a.pdf", b"%PDF".to_vec(), "unsupported file type"),
    ];
    for (name, bytes, want) in cases {
        let err = read(name, bytes).expect_err(name);
        assert!(
            err.to_string().starts_with(want),
            "{name}: got {err:?}, want {want:?}"
        );
    }
}

#[test]
fn truncated_gzip_lines_keep_what_was_read() {
    let mut truncated = gzip(&b"{\"title\": \"x\"}\n".repeat(5000));
    truncated.truncate(truncated.len() * 3 / 4);
    let items = read("a.jsonl.gz", &truncated).unwrap();
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(last.message.starts_with("corrupt gzip"), "{last}");
    assert!(items.iter().filter(|r| r.is_ok()).count() > 0);
}

#[test]
fn record_level_errors_go_to_the_sink() {
    let items = read("a.html", b"<html><body><nav>menu</nav></body></html>").unwrap();
    assert_eq!(
        items[0].as_ref().unwrap_err().to_string(),
        "no article text found"
    );
    let items = read("a.jsonl", b"{\"title\": \"ok\"}\n{\"title\": 5}\n").unwrap();
    assert_eq!(
        items[1].as_ref().unwrap_err().to_string(),
        "line 2: field \"title\" must be text, found a number"
    );
}

#[test]
fn read_articles_from_a_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("arsip.jsonl.gz");
    std::fs::write(&path, gzip(b"{\"title\": \"a\"}\n{\"title\": \"b\"}\n")).unwrap();
    let titles: Vec<String> = read_all(&path)
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap().title)
        .collect();
    assert_eq!(titles, ["a", "b"]);
    let missing = read_all(&dir.path().join("tidak-ada.json")).unwrap_err();
    assert!(missing.message.starts_with("cannot open: "), "{missing}");
}

const NAMES: &[&str] = &[
    "x.txt",
    "x.json",
    "x.jsonl",
    "x.md",
    "x.html",
    "x.json.gz",
    "x.jsonl.gz",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_panic_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), which in 0..NAMES.len()) {
        let _ = read(NAMES[which], &bytes);
    }

    #[test]
    fn no_panic_on_random_text(text in "\\PC{0,600}", which in 0..NAMES.len()) {
        let _ = read(NAMES[which], text.as_bytes());
        let _ = read(NAMES[which], &gzip(text.as_bytes()));
    }

    #[test]
    fn no_panic_on_newsy_text(text in "([A-Z]{0,8}(\\.com)?,? ?[-–]? ?|Baca juga:? ?|\\(|\\)|/|,|\\.|:|\\n|[0-9]{1,4}|Sep|Okt|WIB|Rabu|\\+07:00|T| |[a-z]{1,6}|“|\"|#|\\*|\\[|\\]){0,60}") {
        for name in NAMES {
            let _ = read(name, text.as_bytes());
        }
        let _ = parse_date(&text);
        let _ = find_date_in_text(&text);
        let _ = repair_mojibake(&text);
        let _ = canonical_source(&text);
    }

    #[test]
    fn parse_date_never_panics(s in "\\PC{0,80}") {
        let _ = parse_date(&s);
        let _ = find_date_in_text(&s);
    }

    #[test]
    fn repair_mojibake_keeps_clean_text(s in "[a-zA-Z0-9 ,.“”–éà]{0,80}") {
        prop_assert_eq!(repair_mojibake(&s), s.as_str());
    }
}
