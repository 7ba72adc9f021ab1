//! Every field of a printed hit, in every JSON shape and with snippets on and off: the
//! page of hits is read by a light path (text values only, moved into the hit) and
//! printed without building a JSON value per hit, so a field it forgot would show as
//! missing or null here. Expected values are the fixture's, written out by hand.

use crate::env::TestEnv;
use serde_json::{json, Value};

/// Three articles in one JSON Lines file: a story and its exact copy (same body and
/// day, so they score alike, and ids alike in their first eight bytes, so that the
/// tie is broken by the ids read from the stored documents), and one other story.
fn archive() -> TestEnv {
    archive_declared(None)
}

/// [`archive`], indexed with the declaration `schema` when given.
fn archive_declared(schema: Option<&str>) -> TestEnv {
    let env = TestEnv::new();
    let story =
        "Gempa bermagnitudo 6,5 mengguncang Ambon pada Kamis pagi. Warga mengungsi ke perbukitan.";
    let lines = [
        json!({"id": "gempa-ambon-b", "title": "Gempa guncang Ambon", "date": "2019-09-26T08:46:00+07:00",
               "source": "Kompas.com", "author": "Rahmat Rahman Patty",
               "url": "https://regional.kompas.com/read/2019/09/26/gempa-ambon", "body": story}),
        json!({"id": "gempa-ambon-a", "title": "Gempa guncang Ambon", "date": "2019-09-26T08:46:00+07:00",
               "source": "Tribunnews.com", "author": "Fransiskus",
               "url": "https://www.tribunnews.com/regional/2019/09/26/gempa-ambon", "body": story}),
        json!({"id": "banjir-1", "title": "Banjir di Jakarta", "date": "2020-01-01",
               "source": "Detik.com",
               "body": "Banjir merendam Jakarta pada hari pertama tahun baru. Gempa tidak terjadi."}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    env.write("news.jsonl", text);
    match schema {
        None => {
            env.index(&[&env.path("news.jsonl")]);
        }
        Some(schema) => {
            let schema = env.write("schema.json", schema);
            let (schema, news) = (schema.display().to_string(), env.path("news.jsonl"));
            let news = news.display().to_string();
            env.run(&["index", "--quiet", "--schema", &schema, &news])
                .expect_code(0);
        }
    }
    env
}

/// The hit of `id` as the fixture says it should print, less score and snippet.
fn expected(id: &str) -> Value {
    match id {
        "gempa-ambon-a" => json!({
            "id": "gempa-ambon-a", "title": "Gempa guncang Ambon", "date": "2019-09-26T08:46:00+07:00",
            "source": "Tribunnews.com", "author": "Fransiskus",
            "url": "https://www.tribunnews.com/regional/2019/09/26/gempa-ambon",
            "path": "news.jsonl"}),
        "gempa-ambon-b" => json!({
            "id": "gempa-ambon-b", "title": "Gempa guncang Ambon", "date": "2019-09-26T08:46:00+07:00",
            "source": "Kompas.com", "author": "Rahmat Rahman Patty",
            "url": "https://regional.kompas.com/read/2019/09/26/gempa-ambon",
            "path": "news.jsonl"}),
        "banjir-1" => json!({
            "id": "banjir-1", "title": "Banjir di Jakarta", "date": "2020-01-01",
            // The outlet under its canonical name (`parse::source`), as detik writes it.
            "source": "detik.com", "author": null, "url": null, "path": "news.jsonl"}),
        _ => panic!("no such article {id}"),
    }
}

const KEYS: [&str; 10] = [
    "author",
    "date",
    "highlights",
    "id",
    "path",
    "score",
    "snippet",
    "source",
    "title",
    "url",
];

/// Checks one printed hit against the fixture: every key present, nothing else.
#[track_caller]
fn check_hit(hit: &Value, snippets: bool) {
    let object = hit.as_object().expect("a hit is an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, KEYS, "{hit}");
    let id = hit["id"].as_str().expect("an id");
    let want = expected(id);
    for (key, value) in want.as_object().unwrap() {
        let got = &hit[key];
        let got = match (key.as_str(), got.as_str()) {
            // The path is printed as found; the fixture's file name ends it.
            ("path", Some(path)) => json!(path.rsplit(['/', '\\']).next().unwrap()),
            _ => got.clone(),
        };
        assert_eq!(&got, value, "{key} of {id}: {hit}");
    }
    assert!(hit["score"].as_f64().is_some_and(|s| s > 0.0), "{hit}");
    if snippets {
        let snippet = hit["snippet"].as_str().expect("a snippet");
        assert!(snippet.starts_with("Gempa"), "{hit}");
        assert_eq!(hit["highlights"][0], json!([0, 5]), "{hit}");
    } else {
        assert_eq!(hit["snippet"], Value::Null, "{hit}");
        assert_eq!(hit["highlights"], json!([]), "{hit}");
    }
}

fn hit_ids(hits: &Value) -> Vec<&str> {
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect()
}

/// The answer to `gempa` (every copy shown), its hits checked against the fixture.
#[track_caller]
fn gempa_hits(env: &TestEnv, snippets: bool) -> Value {
    let mut args = vec!["query", "--json", "gempa", "--include-duplicates"];
    if !snippets {
        args.push("--no-snippets");
    }
    let run = env.run(&args);
    run.expect_code(0);
    let answer = run.json();
    // The tied copies come earliest-then-by-id; the body mentioning "gempa" once in a
    // longer text scores lower.
    assert_eq!(
        hit_ids(&answer["hits"]),
        ["gempa-ambon-a", "gempa-ambon-b", "banjir-1"]
    );
    for hit in answer["hits"].as_array().unwrap() {
        if !snippets || hit["id"] != "banjir-1" {
            check_hit(hit, snippets);
        }
    }
    answer
}

/// An index of declaration version 2 stores the body among the other fields (version 3
/// stores it last, and a hit without a snippet is read up to the path before it): both
/// print every field, with snippets and without.
#[test]
fn an_index_storing_the_body_mid_document_prints_every_field_too() {
    let schema =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/index_schema.json")).unwrap();
    assert!(
        schema.contains("\"version\": 4"),
        "the shipped declaration changed"
    );
    let env = archive_declared(Some(&schema.replace("\"version\": 4", "\"version\": 2")));
    let declared = std::fs::read_to_string(env.index_dir().join("warta_schema.json")).unwrap();
    assert!(declared.contains("\"version\": 2"), "{declared}");
    for snippets in [false, true] {
        gempa_hits(&env, snippets);
    }
}

#[test]
fn every_field_of_a_hit_is_printed_with_and_without_snippets() {
    let env = archive();
    for snippets in [false, true] {
        let answer = gempa_hits(&env, snippets);
        let mut keys: Vec<&str> = answer
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "folded",
                "hits",
                "query",
                "relaxed",
                "schema_version",
                "total"
            ]
        );
        assert_eq!(answer["total"], 3);
        assert_eq!(answer["folded"], 0);
        assert_eq!(answer["query"], "gempa");
    }
}

#[test]
fn folded_copies_and_the_other_story_print_every_field() {
    let env = archive();
    let run = env.run(&["query", "--json", "gempa", "--no-snippets"]);
    run.expect_code(0);
    let answer = run.json();
    // The copy gempa-ambon-b is folded into gempa-ambon-a, the canonical one (earliest, then id).
    assert_eq!(hit_ids(&answer["hits"]), ["gempa-ambon-a", "banjir-1"]);
    assert_eq!(answer["folded"], 1);
    for hit in answer["hits"].as_array().unwrap() {
        check_hit(hit, false);
    }
}

#[test]
fn batch_and_ndjson_hits_carry_every_field() {
    let env = archive();
    let run = env.run_with_input(
        &["query", "--batch", "--no-snippets", "--include-duplicates"],
        Some("q1\tgempa ambon\nq2\tbanjir\n"),
    );
    run.expect_code(0);
    let answers = run.json_lines();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["qid"], "q1");
    assert_eq!(
        hit_ids(&answers[0]["hits"]),
        ["gempa-ambon-a", "gempa-ambon-b"]
    );
    assert_eq!(answers[1]["qid"], "q2");
    assert_eq!(hit_ids(&answers[1]["hits"]), ["banjir-1"]);
    for answer in &answers {
        let mut keys: Vec<&str> = answer
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "folded",
                "hits",
                "qid",
                "query",
                "relaxed",
                "schema_version",
                "took_ms",
                "total"
            ]
        );
        assert!(answer["took_ms"].as_f64().is_some_and(|t| t >= 0.0));
        for hit in answer["hits"].as_array().unwrap() {
            check_hit(hit, false);
        }
    }

    let run = env.run(&["query", "--format", "ndjson", "banjir", "--no-snippets"]);
    run.expect_code(0);
    let hits = run.json_lines();
    assert_eq!(hits.len(), 1);
    check_hit(&hits[0], false);
}
