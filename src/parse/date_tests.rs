//! Table tests for date parsing, each expectation worked out by hand.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
fn t(h: u32, m: u32, s: u32) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h, m, s)
}

#[test]
fn parse_date_table() {
    let wib = WIB_OFFSET_MINUTES;
    let cases: &[(&str, NaiveDate, Option<NaiveTime>, i32)] = &[
        ("2019-09-01", d(2019, 9, 1), None, wib),
        (
            "2023-09-13T10:15:00+07:00",
            d(2023, 9, 13),
            t(10, 15, 0),
            420,
        ),
        ("2023-09-13T03:15:00Z", d(2023, 9, 13), t(3, 15, 0), 0),
        (
            "2023-09-13T10:15:00.123+0800",
            d(2023, 9, 13),
            t(10, 15, 0),
            480,
        ),
        ("2023-09-13 10:15:30", d(2023, 9, 13), t(10, 15, 30), wib),
        (
            "2019-09-10T21:48:00-05:00",
            d(2019, 9, 10),
            t(21, 48, 0),
            -300,
        ),
        ("13 September 2023", d(2023, 9, 13), None, wib),
        ("25 Okt 2019", d(2019, 10, 25), None, wib),
        ("10 Mei 2019", d(2019, 5, 10), None, wib),
        ("Oktober 07, 2019", d(2019, 10, 7), None, wib),
        (" Sep 26, 2019 ", d(2019, 9, 26), None, wib),
        ("Oct 1, 2019", d(2019, 10, 1), None, wib),
        ("10-Sep-19", d(2019, 9, 10), None, wib),
        ("14/09/2019", d(2019, 9, 14), None, wib),
        (
            "Senin, 16/9/2019 10:15 WIB",
            d(2019, 9, 16),
            t(10, 15, 0),
            420,
        ),
        ("Rabu (13/9/2023)", d(2023, 9, 13), None, wib),
        (
            "Kamis, 12 Sep 2019 14:05 WITA",
            d(2019, 9, 12),
            t(14, 5, 0),
            480,
        ),
        (
            "12 Desember 2019 pukul 08.30 WIT",
            d(2019, 12, 12),
            t(8, 30, 0),
            540,
        ),
        (
            "Wed, 13 Sep 2023 10:15:00 +0700",
            d(2023, 9, 13),
            t(10, 15, 0),
            420,
        ),
        (
            "Jumat, 13 Sep. 2019 | 10:15 GMT",
            d(2019, 9, 13),
            t(10, 15, 0),
            0,
        ),
        ("1 Agustus 1945", d(1945, 8, 1), None, wib),
        ("29/2/2020", d(2020, 2, 29), None, wib),
    ];
    for (input, date, time, offset) in cases {
        let got = parse_date(input).unwrap_or_else(|| panic!("no date in {input:?}"));
        assert_eq!(
            (got.date, got.time, got.utc_offset_minutes),
            (*date, *time, *offset),
            "{input:?}"
        );
    }
}

#[test]
fn parse_date_rejects() {
    for input in [
        "",
        "   ",
        "31/2/2019",
        "29/2/2019",
        "32 Januari 2020",
        "13 Foo 2019",
        "2019",
        "hello",
        "12 September 1900",
        "1/1/2101",
        "Rp 14.030",
        "10.15",
        "2019-13-01",
        "123/9/2019",
    ] {
        assert_eq!(parse_date(input), None, "{input:?}");
    }
}

#[test]
fn rfc3339_and_timestamp() {
    let cases: &[(&str, &str, i64)] = &[
        ("2023-09-13", "2023-09-13", 1_694_538_000),
        (
            "Senin, 16/9/2019 10:15 WIB",
            "2019-09-16T10:15:00+07:00",
            1_568_603_700,
        ),
        (
            "2023-09-13T03:15:00Z",
            "2023-09-13T03:15:00+00:00",
            1_694_574_900,
        ),
        (
            "2019-09-10T21:48:00-05:30",
            "2019-09-10T21:48:00-05:30",
            1_568_171_880,
        ),
    ];
    for (input, text, ts) in cases {
        let p = parse_date(input).unwrap();
        assert_eq!(p.to_rfc3339_or_date(), *text, "{input:?}");
        assert_eq!(p.timestamp_utc(), *ts, "{input:?}");
    }
}

#[test]
fn dates_in_running_text() {
    let cases: &[(&str, Option<NaiveDate>)] = &[
        (
            "Kremlin pada Rabu (13/9/2023). Lalu 14/9/2023.",
            Some(d(2023, 9, 13)),
        ),
        ("harga Rp 1,6 jutaan pada 2019, lalu 42,7 meter", None),
        (
            "Skor 2-1 di menit 10.15, lalu 5 Juni 2019 pukul 10.00",
            Some(d(2019, 6, 5)),
        ),
        (
            "tanggal 31/2/2019 tidak ada, tetapi 1/3/2019 ada",
            Some(d(2019, 3, 1)),
        ),
        ("nomor 0812-3456-7890", None),
        ("versi 1.2.2019.5", None),
    ];
    for (text, want) in cases {
        assert_eq!(find_date_in_text(text).map(|p| p.date), *want, "{text:?}");
    }
}

#[test]
fn time_cells() {
    assert_eq!(
        parse_time_cell("21:13 WIB"),
        Some((NaiveTime::from_hms_opt(21, 13, 0).unwrap(), Some(420)))
    );
    assert_eq!(
        parse_time_cell("14:10"),
        Some((NaiveTime::from_hms_opt(14, 10, 0).unwrap(), None))
    );
    assert_eq!(parse_time_cell("-"), None);
    assert_eq!(parse_time_cell("25:00"), None);
}

#[test]
fn unix_seconds() {
    let p = parse_date("1568603700").unwrap();
    assert_eq!(p.to_rfc3339_or_date(), "2019-09-16T10:15:00+07:00");
}

/// Lexing only the stretches around years finds what lexing the whole text finds,
/// wherever the date sits, whatever numbers stand near it, and with no date at all.
#[test]
fn reading_around_years_finds_what_the_whole_text_gives() {
    let whole = |text: &str| {
        let toks = crate::parse::datelex::lex(text);
        (0..toks.len()).find_map(|i| match_date_at(&toks, i).map(|(p, _)| p))
    };
    let dates = [
        "Rabu (13/9/2023) pukul 10.15 WIB",
        "13 September 2023",
        "2019-10-01T00:20:00+07:00",
        "Senin, 16/9/2019 10:15 WIB",
        "123/9/2019",
        "10 - Sep - 19 08:05 WIB",
        "Sep. 26, 2019 pukul 07.00 WITA",
        "2019-10-01T00:20:00.250+07:00",
        "1/2019/3 lalu 13\u{a0}Okt\u{a0}\u{a0}2019",
        "pada 2019 dan 16/9/2019 12:30:45,5 UTC+07:00",
    ];
    let filler = "warga kota menyambut baik rencana itu dan berharap segera selesai ";
    let mut checked = 0;
    for date in dates {
        for words_before in 0..170 {
            let mut text = String::new();
            while text.split_whitespace().count() < words_before {
                text.push_str(filler);
            }
            let text: String = text
                .split_whitespace()
                .take(words_before)
                .collect::<Vec<_>>()
                .join(" ");
            let text = format!("{text} {date} lalu 14 orang {}", filler.repeat(30));
            assert_eq!(
                find_date_in_text(&text),
                whole(&text),
                "{date} after {words_before} words"
            );
            checked += 1;
        }
    }
    assert!(checked > 200);
    let no_date = filler.repeat(40);
    assert_eq!(find_date_in_text(&no_date), None);
    // Characters of several bytes and whitespace of no token about the year.
    for shift in 0..4 {
        let text = format!(
            "{}{}“kata” \u{a0} \u{3000} 13 September\u{a0}2023 \u{2028}10:15\u{a0}WIB",
            "a".repeat(1021 + shift),
            " é".repeat(shift)
        );
        assert_eq!(find_date_in_text(&text), whole(&text), "shift {shift}");
    }
}
