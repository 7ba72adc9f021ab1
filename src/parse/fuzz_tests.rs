//! Property tests that feed the readers input shaped like archives gone wrong: random
//! bytes under every file name, JSON of every shape and type with the fields the
//! readers look for, HTML and Markdown pieces, dates of every spelling. Nothing may
//! panic, and whatever comes out must be a real article with a real date. Inputs that
//! once crashed a reader are kept as plain tests at the end.

use std::io::Write;
use std::path::Path;

use chrono::Datelike;
use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

use super::*;

const NAMES: &[&str] = &["x.txt", "x.json", "x.jsonl", "x.md", "x.html", "x.json.gz"];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 384,
        ..ProptestConfig::default()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The same bytes as a file named `name` would hold them (compressed for `.gz`).
fn as_file(name: &str, bytes: &[u8]) -> Vec<u8> {
    match name.ends_with(".gz") {
        true => gzip(bytes),
        false => bytes.to_vec(),
    }
}

/// Whatever date `parse_date` or `find_date_in_text` reads from `s` is a real one.
fn check_dates_in(s: &str) -> Result<(), TestCaseError> {
    for p in [parse_date(s), find_date_in_text(s)].iter().flatten() {
        check_date(p)?;
    }
    Ok(())
}

fn check_date(published: &Published) -> Result<(), TestCaseError> {
    prop_assert!(
        (1945..=2100).contains(&published.date.year()),
        "implausible {published:?}"
    );
    prop_assert!(
        published.utc_offset_minutes.abs() <= 14 * 60,
        "{published:?}"
    );
    let _ = published.to_rfc3339_or_date();
    let _ = published.timestamp_utc();
    Ok(())
}

/// Reads `bytes` as a file named `name`; every article that comes out is checked.
fn read_checked(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut articles = Vec::new();
    let _ = read_articles_from_bytes(Path::new(name), bytes, &mut |item| {
        if let Ok(article) = item {
            articles.push(article);
        }
    });
    for article in &articles {
        if let Some(date) = &article.date {
            check_date(date)?;
        }
        if let Some(line) = article.line {
            prop_assert!(line >= 1 && name.contains(".jsonl"), "{name}: line {line}");
        }
    }
    Ok(())
}

/// Numbers at the edges of every type a JSON reader converts to.
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        Just(Value::from(i64::MIN)),
        Just(Value::from(i64::MAX)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(-1)),
        Just(Value::from(0)),
        Just(Value::from(1_568_600_000_000i64)),
        (-1e20f64..1e20).prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
    ]
}

/// Strings of the kinds archives put in their fields.
fn field_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[A-Za-z ,.\\-]{0,60}",
        "(Senin|Rabu|13|16/9/2019|2019-09-16T10:15:00\\+07:00|Oktober 07, 2019|10:15|WIB|-| ){0,8}",
        "(JAKARTA, KOMPAS.com - |TRIBUNNEWS.COM - |Baca juga: |\\(Tribunnews.com/Nuryanti\\)|â€œ|\n|kata dia. ){0,8}",
        Just(String::new()),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        field_text().prop_map(Value::String),
    ]
}

/// Keys the readers look for, and some they do not.
const KEYS: &[&str] = &[
    "id",
    "title",
    "headline",
    "judul",
    "body",
    "content",
    "text",
    "isi",
    "date",
    "published",
    "datePublished",
    "tanggal",
    "time",
    "waktu",
    "source",
    "publisher",
    "author",
    "url",
    "link",
    "paragraphs",
    "tags",
    "zzz",
];

fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|pairs| {
                let map: Map<String, Value> =
                    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                Value::Object(map)
            }),
        ]
    })
}

/// An article object whose every known field may hold any type.
fn json_article() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(KEYS), json_value()), 0..10).prop_map(|pairs| {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    })
}

/// Pieces of saved news pages, in any order and nesting.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<html><head>".to_string()),
        Just("</head><body>".to_string()),
        Just("<article>".to_string()),
        Just("</article>".to_string()),
        Just("<script type=\"application/ld+json\">".to_string()),
        Just("</script>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"detail__body-text\">".to_string()),
        Just("<title>".to_string()),
        Just("</title>".to_string()),
        Just("<h1>".to_string()),
        Just("</h1>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        field_text()
            .prop_map(|t| format!("<meta property=\"article:published_time\" content=\"{t}\">")),
        field_text().prop_map(|t| format!("<meta name=\"author\" content=\"{t}\">")),
        field_text().prop_map(|t| format!("<time datetime=\"{t}\">")),
        json_article().prop_map(|v| v.to_string()),
        field_text(),
        "[<>/=\"'&;#a-z ]{0,20}",
    ]
}

/// Markdown with (possibly broken) front matter.
fn markdown() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("---".to_string()),
        (prop::sample::select(KEYS), field_text()).prop_map(|(k, v)| format!("{k}: {v}")),
        field_text().prop_map(|t| format!("# {t}")),
        field_text(),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
}

/// Text as it may be encoded on disk: with or without byte-order marks, in UTF-16 or
/// Windows-1252.
fn encoded(text: &str, how: u8) -> Vec<u8> {
    match how % 5 {
        0 => text.as_bytes().to_vec(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        2 => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        3 => {
            let mut out = vec![0xFE, 0xFF];
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
        _ => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_under_any_name(bytes in prop::collection::vec(any::<u8>(), 0..1024), which in 0..NAMES.len()) {
        read_checked(NAMES[which], &bytes)?;
    }

    #[test]
    fn any_bytes_after_a_byte_order_mark(bom in prop::sample::select(vec![&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF", b"\x1F\x8B"]), bytes in prop::collection::vec(any::<u8>(), 0..512), which in 0..NAMES.len()) {
        read_checked(NAMES[which], &[bom, &bytes].concat())?;
    }

    #[test]
    fn gzip_cut_short(text in "\\PC{0,300}", cut in any::<prop::sample::Index>()) {
        let packed = gzip(text.as_bytes());
        let cut = cut.index(packed.len() + 1);
        read_checked("x.jsonl.gz", &packed[..cut])?;
        read_checked("x.txt.gz", &packed[..cut])?;
    }

    #[test]
    fn json_of_any_shape(value in json_article(), how in any::<u8>(), which in 0..NAMES.len()) {
        let text = value.to_string();
        read_checked(NAMES[which], &as_file(NAMES[which], &encoded(&text, how)))?;
        read_checked("x.json", &as_file("x.json", format!("[{text}, {text}]").as_bytes()))?;
    }

    #[test]
    fn json_lines_of_any_shape(lines in prop::collection::vec(prop_oneof![json_article(), json_value()], 0..8), how in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let text: String = lines.iter().map(|v| format!("{v}\n")).collect();
        let bytes = encoded(&text, how);
        read_checked("x.jsonl", &bytes)?;
        read_checked("x.jsonl", &bytes[..cut.index(bytes.len() + 1)])?;
        read_checked("x.jsonl.gz", &gzip(&bytes))?;
    }

    #[test]
    fn html_of_any_shape(pieces in prop::collection::vec(html_piece(), 0..24), how in any::<u8>()) {
        let text = pieces.concat();
        read_checked("x.html", &encoded(&text, how))?;
        read_checked("x.html.gz", &gzip(text.as_bytes()))?;
    }

    #[test]
    fn markdown_and_text_of_any_shape(text in markdown(), how in any::<u8>()) {
        read_checked("x.md", &encoded(&text, how))?;
        read_checked("x.txt", &encoded(&text, how))?;
    }

    #[test]
    fn parse_date_gives_real_dates(s in "\\PC{0,120}") {
        check_dates_in(&s)?;
    }

    #[test]
    fn long_text_gives_the_date_a_whole_reading_gives(
        s in "(\\PC{0,40}|((Rabu|September|Sep|Okt|WIB|UTC|pukul|T|Z|é|\u{a0}|[0-9]{1,5}|16/9/2019|2019-10-01|10:15:00|\\.250|\\+07:00)[ /.,:()+\u{a0}\u{3000}-]?){1,8}){20,60}"
    ) {
        let toks = crate::parse::datelex::lex(&s);
        let whole = (0..toks.len()).find_map(|i| super::date::first_date_at(&toks, i));
        prop_assert_eq!(find_date_in_text(&s), whole);
    }

    #[test]
    fn datelike_text_gives_real_dates(s in "((Senin|Sep|Okt|Oktober|Desember|T|Z|WIB|WITA|WIT|UTC|GMT|pukul|[0-9]{1,12}|-[0-9]{1,4}|\\+[0-9]{2}:?[0-9]{0,2})[ /.,:\\-()]?){0,12}") {
        check_dates_in(&s)?;
    }

    #[test]
    fn unix_seconds_give_real_dates(secs in prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX), -9_999_999_999i64..99_999_999_999]) {
        if let Some(p) = Published::from_unix_seconds(secs) {
            check_date(&p)?;
        }
        if let Some(p) = parse_date(&secs.to_string()) {
            check_date(&p)?;
        }
    }
}

/// Inputs that once crashed a reader.
mod regressions {
    use super::*;

    fn read_json(text: &str) {
        for name in ["x.json", "x.jsonl"] {
            let _ = read_articles_from_bytes(Path::new(name), text.as_bytes(), &mut |_| {});
        }
    }

    #[test]
    fn unix_seconds_at_the_edges_of_i64() {
        read_json(r#"{"title": "Judul", "body": "Isi.", "date": -9223372036854775808}"#);
        read_json(r#"{"title": "Judul", "body": "Isi.", "date": 9223372036854775807}"#);
        read_json(r#"{"title": "Judul", "body": "Isi.", "date": 18446744073709551615}"#);
        assert_eq!(Published::from_unix_seconds(i64::MAX), None);
        assert_eq!(Published::from_unix_seconds(i64::MIN), None);
    }
}
