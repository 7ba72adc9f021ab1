//! The query language and flags, on a small archive whose expected hits are worked out
//! by hand from the texts below.

use crate::env::{article, sorted, TestEnv};

/// Eight short articles. Dates in WIB (+07:00) near midnight and month ends on purpose.
fn news() -> TestEnv {
    let env = TestEnv::new();
    let docs = [
        ("a1", "Pemerintah membangun jembatan di Bekasi", "2019-09-30T23:50:00+07:00", "Kompas.com",
         "Pemerintah Kota Bekasi membangun jembatan baru. Pembangunan jembatan itu selesai bulan depan."),
        ("a2", "Pembangunan bandara dimulai", "2019-10-01T00:20:00+07:00", "Tempo.co",
         "Pembangunan bandara baru di Kediri dimulai hari ini. Warga menyambut baik."),
        ("a3", "Korut uji coba rudal", "2019-10-02", "Detik.com",
         "Korut kembali menguji rudal balistik pada Rabu pagi. Jepang memprotes."),
        ("a4", "Kim Jong Un bertemu Putin", "2019-09-15", "Tribunnews.com",
         "Pemimpin Korea Utara Kim Jong Un bertemu Presiden Rusia Vladimir Putin di Vostochny. Kereta lapis baja membawa Kim ke Rusia."),
        ("a5", "Kebakaran hutan di Riau", "2019-09-20", "Kompas.com",
         "Kebakaran hutan meluas di Riau. Asap tebal menyelimuti Pekanbaru."),
        ("a6", "Polisi tangkap pelaku pembakaran hutan", "2019-09-21", "Tempo.co",
         "Polisi menangkap tiga pelaku pembakaran hutan di Jambi. Pembakaran hutan disengaja untuk membuka lahan."),
        ("a7", "KPK periksa saksi kasus suap", "2019-10-31T23:59:00+07:00", "Kompas.com",
         "Komisi Pemberantasan Korupsi memeriksa lima saksi kasus suap proyek jalan. Revisi undang-undang KPK tidak dibahas."),
        ("a8", "Kereta tua tiba", "2019-11-01", "Detik.com",
         "Sebuah kereta tua dengan lapis baja tiba di stasiun."),
    ];
    for (id, title, date, source, body) in docs {
        env.write(
            &format!("news/{id}.json"),
            article(id, title, date, source, body),
        );
    }
    env.index(&[&env.path("news")]);
    env
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn words_match_on_stems_and_all_must_match() {
    let env = news();
    let cases: &[(&[&str], &[&str])] = &[
        (&["bangun"], &["a1", "a2"]),
        (&["membangun"], &["a1", "a2"]),
        (&["pembangunan bandara"], &["a2"]),
        (&["pembangunan", "bandara"], &["a2"]),
        (&["rudal OR jembatan"], &["a1", "a3"]),
        (&["rudal jembatan", "--match", "any"], &["a1", "a3"]),
        (&["title:hutan"], &["a5", "a6"]),
        (&["body:pekanbaru"], &["a5"]),
        (&["hutan -kebakaran"], &["a6"]),
        (&["hutan NOT pembakaran"], &["a5"]),
        (&["hutan -\"pembakaran hutan\""], &["a5"]),
        (&["(rudal OR jembatan) -bekasi"], &["a3"]),
        (&["pemba*"], &["a1", "a2", "a6"]),
        (&["vostocny~"], &["a4"]),
        (&["\"kereta lapis baja\""], &["a4"]),
        (&["\"kereta lapis baja\"~2"], &["a4", "a8"]),
        (&["source:tempo"], &["a2", "a6"]),
        (&["author:nobody"], &[]),
    ];
    for (args, expected) in cases {
        assert_eq!(sorted(env.ids(args)), ids(expected), "warta query {args:?}");
    }
}

#[test]
fn own_word_forms_rank_above_shared_stems() {
    // pembakaran (arson) and kebakaran (any fire) share the stem bakar: both match, and
    // the article with the query's own words ranks first.
    let env = news();
    assert_eq!(env.ids(&["pembakaran hutan"]), ids(&["a6", "a5"]));
    assert_eq!(env.ids(&["kebakaran hutan"]), ids(&["a5", "a6"]));
}

#[test]
fn any_word_queries_leave_out_stop_words_unless_nothing_else_is_asked() {
    let env = news();
    let rudal = sorted(env.ids(&["rudal", "--match", "any"]));
    assert!(!rudal.is_empty());
    // "di" is in six of the articles, "rudal" in one; with another word, stop words
    // add no matches.
    let with_stop_words = sorted(env.ids(&["yang rudal di", "--match", "any"]));
    assert_eq!(with_stop_words, rudal);
    let di = sorted(env.ids(&["di", "--match", "any"]));
    assert_eq!(di, ids(&["a1", "a2", "a4", "a5", "a6", "a8"]));
}

#[test]
fn abbreviations_find_their_expansions_both_ways() {
    let env = news();
    assert_eq!(sorted(env.ids(&["Korut"])), ids(&["a3", "a4"]));
    assert_eq!(sorted(env.ids(&["Korea Utara"])), ids(&["a3", "a4"]));
    assert_eq!(sorted(env.ids(&["\"Korea Utara\""])), ids(&["a3", "a4"]));
    assert_eq!(env.ids(&["\"Korea Utara\" -korut"]), ids(&["a4"]));
}

#[test]
fn filters_by_outlet_and_wib_calendar_day() {
    let env = news();
    let cases: &[(&[&str], &[&str])] = &[
        (&["hutan", "--source", "kompas"], &["a5"]),
        (
            &[
                "hutan OR rudal",
                "--source",
                "TEMPO",
                "--source",
                "detik.com",
            ],
            &["a3", "a6"],
        ),
        // a1 is 23:50 WIB on 30 September, a2 is 00:20 WIB on 1 October (still 30
        // September in UTC): the day is the outlet's.
        (&["pembangunan", "--since", "2019-10-01"], &["a2"]),
        (&["pembangunan", "--until", "2019-09-30"], &["a1"]),
        (&["kpk", "--until", "2019-10-31"], &["a7"]),
        (&["kpk", "--since", "2019-11-01"], &[]),
        (&["kereta", "--since", "1 November 2019"], &["a8"]),
        (&["date:2019-09 hutan"], &["a5", "a6"]),
        (
            &["date:[2019-09-21 TO 2019-10-01] hutan OR bandara"],
            &["a2", "a6"],
        ),
    ];
    for (args, expected) in cases {
        assert_eq!(sorted(env.ids(args)), ids(expected), "warta query {args:?}");
    }
}

#[test]
fn sorts_by_date_and_pages() {
    let env = news();
    let q = "hutan OR jembatan OR kpk";
    assert_eq!(
        env.ids(&[q, "--sort", "newest"]),
        ids(&["a7", "a1", "a6", "a5"])
    );
    assert_eq!(
        env.ids(&[q, "--sort", "oldest"]),
        ids(&["a5", "a6", "a1", "a7"])
    );
    let run = env.run(&[
        "query", q, "--sort", "oldest", "--json", "--limit", "2", "--page", "2",
    ]);
    let page: Vec<_> = run.json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect();
    assert_eq!(page, ["a1", "a7"]);
    assert_eq!(run.json()["total"], 4);
}

#[test]
fn no_article_with_every_word_shows_those_with_most() {
    let env = news();
    let run = env.run(&["query", "rudal jembatan", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["relaxed"], true);
    let run = env.run(&["query", "rudal jembatan"]);
    assert!(
        run.stderr.contains("no article has every word"),
        "{}",
        run.stderr
    );
    let run = env.run(&["query", "rudal", "--json"]);
    assert_eq!(run.json()["relaxed"], false);
}

#[test]
fn counts_by_source_and_month() {
    let env = news();
    let run = env.run(&["query", "hutan OR kpk", "--count-by", "source"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "Kompas.com\t2\nTempo.co\t1\n");
    let run = env.run(&["query", "bangun OR rudal OR kpk", "--count-by", "month"]);
    assert_eq!(run.stdout, "2019-09\t1\n2019-10\t3\n");
    let run = env.run(&["query", "kereta OR hutan", "--count-by", "year", "--json"]);
    assert_eq!(
        run.json()["groups"],
        serde_json::json!([{"key": "2019", "count": 4}])
    );
}

#[test]
fn snippets_highlight_inflected_forms() {
    let env = news();
    let run = env.run(&["query", "bangun", "--json", "--source", "kompas"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(hit["id"], "a1");
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let marked: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize]
                .iter()
                .collect()
        })
        .collect();
    assert_eq!(marked, ["membangun", "Pembangunan"]);
    let coloured = env.run(&["query", "bangun", "--source", "kompas", "--color", "always"]);
    assert!(
        coloured.stdout.contains("\x1b[1;31mmembangun\x1b[0m"),
        "{}",
        coloured.stdout
    );
}

#[test]
fn explain_adds_a_score_breakdown() {
    let env = news();
    let run = env.run(&["query", "rudal", "--json", "--explain"]);
    let hit = &run.json()["hits"][0];
    assert_eq!(hit["id"], "a3");
    let score = hit["score"].as_f64().unwrap();
    let explained = hit["explanation"]["value"].as_f64().unwrap();
    assert!((score - explained).abs() < 1e-3, "{score} vs {explained}");
    // Alternatives that do not match every hit are explained too.
    let run = env.run(&[
        "query",
        "rudal OR jembatan OR vostochny",
        "--json",
        "--explain",
    ]);
    run.expect_code(0);
    assert_eq!(run.json()["hits"].as_array().unwrap().len(), 3);
}

#[test]
fn syntax_errors_say_where() {
    let env = news();
    let cases = [
        ("\"kereta lapis", "syntax error at column 1: unclosed '\"'"),
        ("kim (putin", "syntax error at column 5: unclosed '('"),
    ];
    for (query, expected) in cases {
        let run = env.run(&["query", query]);
        run.expect_code(2);
        assert!(run.stderr.contains(expected), "{query}: {}", run.stderr);
        assert!(
            !run.stderr.contains("Error {"),
            "Debug output leaked: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let run = env.run(&["query", "hutan", "--since", "minggu depan"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--since") && run.stderr.contains("minggu depan"),
        "{}",
        run.stderr
    );
}

#[test]
fn equal_copies_are_ordered_by_id_whatever_order_they_were_indexed_in() {
    // Twelve exact copies, same day and outlet: their scores tie, and their ids share
    // the first eight bytes. Files are walked by name, which here is the reverse of
    // the ids' order.
    let env = TestEnv::new();
    let body = "Gunung Merapi kembali meluncurkan awan panas guguran sejauh dua kilometer ke arah barat daya pada Senin pagi, menurut balai pemantau.";
    let mut want = Vec::new();
    for n in 0..12 {
        let id = format!("tribunnews-{:04}", 11 - n);
        env.write(
            &format!("copies/f{n:02}.json"),
            article(
                &id,
                "Merapi luncurkan awan panas",
                "2019-10-14",
                "Tribunnews.com",
                body,
            ),
        );
        want.push(format!("tribunnews-{n:04}"));
    }
    env.index(&[&env.path("copies")]);
    assert_eq!(env.ids(&["merapi", "--include-duplicates"]), want);
    assert_eq!(env.ids(&["merapi"]), want[..1].to_vec());
    let run = env.run(&["duplicates"]);
    assert_eq!(
        run.stdout.trim(),
        format!("{}\t{}", want[0], want[1..].join(" "))
    );
}

/// A date window only filters: the articles inside it keep the scores (and so the
/// order) they have without it. (A scored range added 1 to some of them and not to
/// others, and the OpenSearch backend ranked the same window differently.)
#[test]
fn a_date_window_filters_without_moving_the_ranking() {
    let env = news();
    let score_of = |args: &[&str]| -> Vec<(String, f64)> {
        let run = env.run(args);
        run.json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["id"].as_str().unwrap().to_string(),
                    h["score"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let all = score_of(&["query", "pembangunan", "--json", "--include-duplicates"]);
    let window = score_of(&[
        "query",
        "pembangunan",
        "--json",
        "--include-duplicates",
        "--since",
        "2019-09-01",
        "--until",
        "2019-10-31",
    ]);
    // a1 (30 September) and a2 (1 October) both fall inside the window.
    assert_eq!(window.len(), 2, "{window:?}");
    for (id, score) in &window {
        let (_, unfiltered) = all.iter().find(|(a, _)| a == id).expect("in both");
        assert!(
            (score - unfiltered).abs() < 1e-3,
            "{id}: {score} in the window, {unfiltered} without"
        );
    }
}
