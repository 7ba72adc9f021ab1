//! Tests for the JSON and JSON Lines readers, on small inline records.

use super::*;

fn read_doc(text: &str) -> Result<Vec<Result<Article, ParseError>>, ParseError> {
    let mut out = Vec::new();
    read_json_document(text, &mut |r| out.push(r))?;
    Ok(out)
}

fn read_lines(text: &str) -> Result<Vec<Result<Article, ParseError>>, ParseError> {
    let mut out = Vec::new();
    read_json_lines(text.as_bytes(), false, &mut |r| out.push(r))?;
    Ok(out)
}

const CORPUS_RECORD: &str = r#"{"id": "okezone-00001", "source": "Okezone.com", "source_raw": "okezone.com",
 "title": "Harga Emas ‚Äì Naik", "date": "2019-09-10", "date_raw": "2019-09-11", "time_raw": "21:13 WIB",
 "category": "News", "url": "https://news.okezone.com/read/2019/09/10/1/x",
 "body": " - Harga emas naik¬†hari ini, Selasa (10/9/2019).,Baca juga: Emas Antam Turun, Ini Sebabnya,‚ÄúKami senang,‚Äù kata Budi.,,Baca juga:,,Lanjut."}"#;

#[test]
fn corpus_record() {
    let items = read_doc(CORPUS_RECORD).unwrap();
    let a = items[0].as_ref().unwrap();
    assert_eq!(a.id.as_deref(), Some("okezone-00001"));
    assert_eq!(a.title, "Harga Emas – Naik");
    assert_eq!(
        a.date.unwrap().to_rfc3339_or_date(),
        "2019-09-10T21:13:00+07:00"
    );
    assert_eq!(a.source.as_deref(), Some("Okezone.com"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://news.okezone.com/read/2019/09/10/1/x")
    );
    assert_eq!(
        a.body,
        "Harga emas naik\u{a0}hari ini, Selasa (10/9/2019).,“Kami senang,” kata Budi.,,Lanjut."
    );
    assert_eq!(
        a.related,
        vec!["Emas Antam Turun, Ini Sebabnya".to_string()]
    );
}

#[test]
fn aliases_table() {
    // (record, title, date, source, author, url, body)
    type Case = (
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        &'static str,
    );
    let cases: &[Case] = &[
        (
            r#"{"headline": "A", "content": "Isi.", "published_at": "2023-09-13T10:15:00+07:00", "publisher": "KOMPAS.com", "authors": ["Ani", "Budi"], "link": "http://x"}"#,
            "A",
            Some("2023-09-13T10:15:00+07:00"),
            Some("Kompas.com"),
            Some("Ani, Budi"),
            Some("http://x"),
            "Isi.",
        ),
        (
            r#"{"title": "B", "text": "Isi.", "datePublished": 1568603700, "outlet": "tempo.co"}"#,
            "B",
            Some("2019-09-16T10:15:00+07:00"),
            Some("Tempo.co"),
            None,
            None,
            "Isi.",
        ),
        (
            r#"{"title": "C", "article": "Isi.", "date_raw": "10-Sep-19", "time_raw": "-", "site": "tribunnews"}"#,
            "C",
            Some("2019-09-10"),
            Some("Tribunnews.com"),
            None,
            None,
            "Isi.",
        ),
        (
            r#"{"title": "D", "body": "Isi.", "pubdate": "Oktober 07, 2019", "time_raw": "14:10", "source": {"name": "detikNews"}}"#,
            "D",
            Some("2019-10-07T14:10:00+07:00"),
            Some("detik.com"),
            None,
            None,
            "Isi.",
        ),
        (
            r#"{"body": "JAKARTA, KOMPAS.com - Banjir datang lagi. Warga mengungsi.", "author": {"name": "Sri"}}"#,
            "Banjir datang lagi",
            None,
            Some("Kompas.com"),
            Some("Sri"),
            None,
            "Banjir datang lagi. Warga mengungsi.",
        ),
        (
            r#"{"title": "E", "body": "Isi lagu.,Penulis: Annesa K. Ramadhany,,", "date": "bukan tanggal"}"#,
            "E",
            None,
            None,
            Some("Annesa K. Ramadhany"),
            None,
            "Isi lagu.,Penulis: Annesa K. Ramadhany",
        ),
        (
            r#"{"title": "F only", "date": null}"#,
            "F only",
            None,
            None,
            None,
            None,
            "",
        ),
    ];
    for (record, title, date, source, author, url, body) in cases {
        let items = read_doc(record).unwrap();
        let a = items[0]
            .as_ref()
            .unwrap_or_else(|e| panic!("{record}: {e}"));
        let got = (
            a.title.as_str(),
            a.date.map(|d| d.to_rfc3339_or_date()),
            a.source.as_deref(),
            a.author.as_deref(),
            a.url.as_deref(),
            a.body.as_str(),
        );
        assert_eq!(
            got,
            (
                *title,
                date.map(str::to_string),
                *source,
                *author,
                *url,
                *body
            ),
            "{record}"
        );
    }
}

#[test]
fn record_errors_table() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"title": 5, "body": "x"}"#,
            "field \"title\" must be text, found a number",
        ),
        (
            r#"{"title": "x", "body": {"p": 1}}"#,
            "field \"body\" must be text, found an object",
        ),
        (r#"{"id": 1}"#, "no title or body"),
        (
            r#"{"title": "x", "date": [1]}"#,
            "field \"date\" must be a date string or Unix seconds, found an array",
        ),
        (
            r#"{"title": "x", "author": 7}"#,
            "field \"author\" must be text or a list of names, found a number",
        ),
        (
            r#"[1]"#,
            "item 1: expected an article object, found a number",
        ),
    ];
    for (record, want) in cases {
        let items = read_doc(record).unwrap();
        assert_eq!(
            items[0].as_ref().unwrap_err().to_string(),
            *want,
            "{record}"
        );
    }
}

#[test]
fn document_errors_table() {
    let cases: &[(&str, &str)] = &[
        (
            "{\"title\": \"x\",\n \"body\": \"abc",
            "line 2: invalid JSON at column 13: EOF while parsing a string",
        ),
        (
            "\"just a string\"",
            "expected an article object or an array of them, found a string",
        ),
        (
            &format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
            "line 1: invalid JSON at column 128: recursion limit exceeded",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(read_doc(text).unwrap_err().to_string(), *want);
    }
}

#[test]
fn array_and_misnamed_lines() {
    let items = read_doc(r#"[{"title": "a"}, {"title": "b"}]"#).unwrap();
    assert_eq!(items.len(), 2);
    let items = read_doc("{\"title\": \"a\"}\n{\"title\": \"b\"}\n").unwrap();
    assert_eq!(
        items
            .iter()
            .map(|r| r.as_ref().unwrap().line)
            .collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
}

#[test]
fn json_lines_keep_going_after_a_bad_line() {
    let text =
        "{\"title\": \"a\", \"body\": \"x\"}\n\n{\"title\": \"b\", \"body\n{\"title\": \"c\"}\n";
    let items = read_lines(text).unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().line, Some(1));
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(err.line, Some(3));
    assert!(
        err.to_string()
            .starts_with("line 3: invalid JSON at column"),
        "{err}"
    );
    assert_eq!(items[2].as_ref().unwrap().title, "c");
    assert_eq!(items[2].as_ref().unwrap().line, Some(4));
}

#[test]
fn json_lines_file_errors() {
    assert_eq!(read_lines("").unwrap_err().to_string(), "empty file");
    assert_eq!(
        read_lines(" \n\n ").unwrap_err().to_string(),
        "file holds only whitespace"
    );
    let items = read_lines("\u{feff}{\"title\": \"bom\"}\n[1]\n").unwrap();
    assert_eq!(items[0].as_ref().unwrap().title, "bom");
    assert_eq!(
        items[1].as_ref().unwrap_err().to_string(),
        "line 2: expected an article object, found an array"
    );
}
