//! `warta index` on the committed sample corpus and the hand-made search fixtures,
//! checked against ground truth written from the source records (MANIFEST.tsv,
//! EXPECTED.md), not from warta's output.

use crate::env::{repo_path, sorted, TestEnv};

fn sample() -> TestEnv {
    let env = TestEnv::new();
    let run = env.run(&["index", repo_path("sample_corpus").to_str().unwrap()]);
    run.expect_code(0);
    assert!(run.stderr.contains("indexed 42 articles"), "{}", run.stderr);
    env
}

#[test]
fn the_seed_is_found_with_its_fields() {
    let env = sample();
    let run = env.run(&["query", "Vostochny", "--json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    assert_eq!(
        hit["title"],
        "Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un"
    );
    assert_eq!(hit["date"], "2023-09-13");
    assert_eq!(hit["source"], "Tribunnews.com");
    assert_eq!(hit["author"], "Nuryanti");
    assert_eq!(hit["id"], "tribunnews/2023/putin-kim-vostochny.txt");
    // Taeyangho appears only in a "Baca juga:" link line, which is not body text.
    env.run(&["query", "Taeyangho"]).expect_code(1);
    let shown = env
        .run(&["show", "tribunnews/2023/putin-kim-vostochny.txt", "--json"])
        .json();
    assert!(shown["related"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r.as_str().unwrap().starts_with("Taeyangho")));
    assert!(!shown["body"].as_str().unwrap().contains("Baca juga"));
}

#[test]
fn every_article_of_the_manifest_comes_out_right() {
    let env = sample();
    let manifest = std::fs::read_to_string(repo_path("sample_corpus/MANIFEST.tsv")).unwrap();
    let mut checked = 0;
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (path, line, id, title, date, source, author) = (
            cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6],
        );
        let lookup = if !id.is_empty() && cols[7] != "txt" && cols[7] != "md" && cols[7] != "html" {
            id.to_string()
        } else if line.is_empty() {
            path.to_string()
        } else {
            format!("{path}:{line}")
        };
        let run = env.run(&["show", &lookup, "--json"]);
        let found = if run.code == 0 {
            run
        } else {
            env.run(&["show", id, "--json"])
        };
        found.expect_code(0);
        let v = found.json();
        if !title.is_empty() {
            assert_eq!(v["title"], title, "{path}");
        }
        assert_eq!(
            &v["date"].as_str().unwrap_or("")[..10.min(v["date"].as_str().unwrap_or("").len())],
            date,
            "{path}"
        );
        assert_eq!(
            v["source"].as_str().unwrap_or("").to_lowercase(),
            source.to_lowercase(),
            "{path}"
        );
        if !author.is_empty() {
            assert_eq!(v["author"], author, "{path}");
        }
        assert!(
            v["body"].as_str().unwrap().len() > 100,
            "{path}: body too short"
        );
        checked += 1;
    }
    assert_eq!(checked, 42);
}

#[test]
fn indexing_again_replaces_instead_of_duplicating() {
    let env = sample();
    env.run(&[
        "index",
        "--quiet",
        repo_path("sample_corpus").to_str().unwrap(),
    ])
    .expect_code(0);
    assert_eq!(env.run(&["stats", "--json"]).json()["documents"], 42);
    env.run(&[
        "index",
        "--quiet",
        "--rebuild",
        repo_path("sample_corpus/kompas").to_str().unwrap(),
    ])
    .expect_code(0);
    let docs = env.run(&["stats", "--json"]).json()["documents"]
        .as_u64()
        .unwrap();
    assert!(docs > 0 && docs < 42, "{docs}");
}

#[test]
fn a_malformed_schema_is_a_clear_error() {
    let env = TestEnv::new();
    let schema = env.write(
        "schema.json",
        r#"{"version": 1, "fields": [{"name": "id"}]}"#,
    );
    let run = env.run(&[
        "index",
        "--schema",
        schema.to_str().unwrap(),
        repo_path("sample_corpus").to_str().unwrap(),
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("schema.json: malformed schema"),
        "{}",
        run.stderr
    );
    let schema = env.write(
        "schema2.json",
        std::fs::read_to_string(repo_path("index_schema.json"))
            .unwrap()
            .replace("\"boost\": 2.0", "\"boost\": 3.0"),
    );
    env.run(&[
        "index",
        "--quiet",
        "--schema",
        schema.to_str().unwrap(),
        repo_path("sample_corpus/kompas").to_str().unwrap(),
    ])
    .expect_code(0);
    let kept = std::fs::read_to_string(env.index_dir().join("warta_schema.json")).unwrap();
    assert!(
        kept.contains("3.0"),
        "the index keeps the schema it was built with"
    );
}

/// The table of tests/fixtures/search/EXPECTED.md (rows 1-26, 28-38).
#[test]
fn search_fixtures_give_the_hand_worked_hits() {
    let env = TestEnv::new();
    env.index(&[&repo_path("tests/fixtures/search")]);
    let fx = |ns: &[u32]| -> Vec<String> { ns.iter().map(|n| format!("fx-{n:02}")).collect() };
    let cases: Vec<(Vec<&str>, Vec<String>)> = vec![
        (vec!["bangun"], fx(&[1, 2, 3, 4])),
        (vec!["membangun"], fx(&[1, 2, 3, 4])),
        (vec!["pembangunan"], fx(&[1, 2, 3, 4])),
        (vec!["bangunan"], fx(&[1, 2, 3, 4])),
        (vec!["bangun -jembatan"], fx(&[2, 3, 4])),
        (vec!["jembatan"], fx(&[1])),
        (vec!["bakar"], fx(&[5, 6, 7])),
        (vec!["kebakaran"], fx(&[5, 6, 7])),
        (vec!["pembakaran hutan"], fx(&[5, 6])),
        (vec!["\"pembakaran hutan\""], fx(&[5])),
        (vec!["\"kereta lapis baja\""], fx(&[8])),
        (vec!["\"kereta lapis baja\"~1"], fx(&[8, 9])),
        (vec!["\"kereta baja\"~1"], fx(&[8])),
        (vec!["\"kereta baja\"~2"], fx(&[8, 9])),
        (vec!["kereta baja"], fx(&[8, 9, 10])),
        (vec!["Korut"], fx(&[8, 9])),
        (vec!["KPK"], fx(&[11, 12])),
        (vec!["\"Komisi Pemberantasan Korupsi\""], fx(&[11, 12])),
        (vec!["KPK -revisi"], fx(&[12])),
        (vec!["Jabar"], fx(&[12])),
        (vec!["vostochny"], fx(&[8])),
        (vec!["vostocny"], fx(&[])),
        (vec!["vostocny~"], fx(&[8])),
        // fx-15 is an exact copy of fx-13: shown once unless asked.
        (vec!["cabai"], fx(&[13, 14])),
        (vec!["cabai", "--include-duplicates"], fx(&[13, 14, 15])),
        (vec!["bawang"], fx(&[14])),
        (vec!["bangun", "--source", "tempo"], fx(&[2])),
        (vec!["bakar", "--since", "2019-10-01"], fx(&[7])),
        (vec!["bangun", "--since", "2019-10-01"], fx(&[4])),
        (vec!["baja", "--since", "2019-11-01"], fx(&[10])),
    ];
    for (args, expected) in cases {
        assert_eq!(sorted(env.ids(&args)), expected, "warta query {args:?}");
    }
}

#[test]
fn updates_are_incremental_and_exact() {
    let env = TestEnv::new();
    let art =
        |id: &str, body: &str| crate::env::article(id, "Judul", "2019-09-01", "Kompas.com", body);
    env.write("arch/a.json", art("u1", "Sawah di Karawang kering."));
    env.write("arch/b.json", art("u2", "Petani menunggu hujan."));
    env.write("arch/c.json", art("u3", "Waduk Jatiluhur surut."));
    let first = env.run(&["index", "arch"]);
    assert!(
        first
            .stderr
            .contains("3 added, 0 updated, 0 removed, 0 unchanged"),
        "{}",
        first.stderr
    );
    // Nothing changed: nothing is read again.
    let again = env.run(&["index", "./arch"]);
    assert!(
        again.stderr.contains(
            "indexed 0 articles from 0 files (3 seen: 0 added, 0 updated, 0 removed, 3 unchanged"
        ),
        "{}",
        again.stderr
    );
    // One changed (same size, other content), one gone, one new.
    env.write("arch/a.json", art("u1", "Sawah di Karawang basah."));
    std::fs::remove_file(env.path("arch/b.json")).unwrap();
    env.write("arch/d.json", art("u4", "Nelayan melaut lagi."));
    let third = env.run(&["index", "arch"]);
    assert!(
        third
            .stderr
            .contains("1 added, 1 updated, 1 removed, 1 unchanged"),
        "{}",
        third.stderr
    );
    assert_eq!(env.run(&["stats", "--json"]).json()["documents"], 3);
    assert_eq!(env.ids(&["basah"]), ["u1"]);
    env.run(&["query", "kering"]).expect_code(1);
    env.run(&["query", "petani"]).expect_code(1);
    // Indexing another folder does not remove this one's articles.
    env.write("other/e.json", art("u5", "Harga gabah naik."));
    env.run(&["index", "other"]).expect_code(0);
    assert_eq!(env.run(&["stats", "--json"]).json()["documents"], 4);
}
