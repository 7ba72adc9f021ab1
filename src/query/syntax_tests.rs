use super::*;

const FIELDS: &[&str] = &["title", "body", "source", "date"];

fn word(text: &str) -> Expr {
    Expr::Word {
        field: None,
        text: text.into(),
        prefix: false,
        fuzzy: None,
        boost: 1.0,
    }
}

fn and(items: Vec<(Occur, Expr)>) -> Expr {
    Expr::And(items)
}

#[test]
fn parses_the_language() {
    use Occur::*;
    let cases: Vec<(&str, Expr)> = vec![
        ("Vostochny", and(vec![(Default, word("Vostochny"))])),
        (
            "kim -putin +rusia",
            and(vec![
                (Default, word("kim")),
                (MustNot, word("putin")),
                (Must, word("rusia")),
            ]),
        ),
        (
            "korut OR \"korea utara\"~2",
            Expr::Or(vec![
                and(vec![(Default, word("korut"))]),
                and(vec![(
                    Default,
                    Expr::Phrase {
                        field: None,
                        text: "korea utara".into(),
                        slop: 2,
                        boost: 1.0,
                    },
                )]),
            ]),
        ),
        (
            "source:kompas Jokowi: hilang",
            and(vec![
                (
                    Default,
                    Expr::Word {
                        field: Some("source".into()),
                        text: "kompas".into(),
                        prefix: false,
                        fuzzy: None,
                        boost: 1.0,
                    },
                ),
                (Default, word("Jokowi:")),
                (Default, word("hilang")),
            ]),
        ),
        (
            "date:[2019-09-01 TO *] bang* vostocny~ kpk^3",
            and(vec![
                (
                    Default,
                    Expr::Range {
                        field: "date".into(),
                        low: "2019-09-01".into(),
                        high: "*".into(),
                    },
                ),
                (
                    Default,
                    Expr::Word {
                        field: None,
                        text: "bang".into(),
                        prefix: true,
                        fuzzy: None,
                        boost: 1.0,
                    },
                ),
                (
                    Default,
                    Expr::Word {
                        field: None,
                        text: "vostocny".into(),
                        prefix: false,
                        fuzzy: Some(0),
                        boost: 1.0,
                    },
                ),
                (
                    Default,
                    Expr::Word {
                        field: None,
                        text: "kpk".into(),
                        prefix: false,
                        fuzzy: None,
                        boost: 3.0,
                    },
                ),
            ]),
        ),
        (
            "(a OR b) NOT c - d",
            and(vec![
                (
                    Default,
                    Expr::Or(vec![
                        and(vec![(Default, word("a"))]),
                        and(vec![(Default, word("b"))]),
                    ]),
                ),
                (MustNot, word("c")),
                (Default, word("-")),
                (Default, word("d")),
            ]),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text, FIELDS).unwrap(), expected, "{text}");
    }
}

#[test]
fn stray_brackets_are_punctuation() {
    let expected = and(vec![
        (Occur::Default, word("VIDEO")),
        (Occur::Default, word("Banjir")),
    ]);
    assert_eq!(parse("[VIDEO] Banjir", FIELDS).unwrap(), expected);
    // Colons in times and links are text, and so is a field's name in capitals.
    for text in [
        "pukul 10:30",
        "https://kompas.com",
        "Jokowi: hilang",
        "TITLE:gempa",
    ] {
        assert!(parse(text, FIELDS).is_ok(), "{text}");
    }
    assert_eq!(
        parse("Banjir [VIDEO]", FIELDS).unwrap(),
        and(vec![
            (Occur::Default, word("Banjir")),
            (Occur::Default, word("VIDEO"))
        ])
    );
}

#[test]
fn and_joins_its_clauses_into_one_group() {
    use Occur::*;
    let and = |items: Vec<(Occur, Expr)>| Expr::And(items);
    let cases = [
        (
            "kim AND putin",
            and(vec![(
                Default,
                and(vec![(Default, word("kim")), (Default, word("putin"))]),
            )]),
        ),
        (
            "a b AND c AND -d",
            and(vec![
                (Default, word("a")),
                (
                    Default,
                    and(vec![
                        (Default, word("b")),
                        (Default, word("c")),
                        (MustNot, word("d")),
                    ]),
                ),
            ]),
        ),
        (
            "AND a b AND",
            and(vec![(Default, word("a")), (Default, word("b"))]),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text, FIELDS).unwrap(), expected, "{text}");
    }
}

#[test]
fn errors_say_where_and_why() {
    let cases = [
        ("\"kereta lapis", 1, "unclosed '\"'"),
        ("kim (putin", 5, "unclosed '('"),
        ("kim )", 5, "unexpected ')'"),
        ("date:[2019]", 6, "[low TO high]"),
        ("putin~7", 6, "typo tolerance"),
        ("", 1, "expected a word"),
        ("kpk^x", 5, "expected a number"),
        (
            "putin judul:putin",
            7,
            "no field \"judul\" (fields: body, date, source, title)",
        ),
        ("Judul:\"kim\"", 1, "no field \"Judul\""),
        ("kim title:", 5, "\"title:\" needs a word"),
        ("(title: kim)", 2, "\"title:\" needs a word"),
    ];
    for (text, column, message) in cases {
        let err = parse(text, FIELDS).unwrap_err();
        assert_eq!(err.column, column, "{text}: {err}");
        assert!(err.message.contains(message), "{text}: {err}");
    }
}
