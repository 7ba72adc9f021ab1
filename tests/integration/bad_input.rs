//! Bad files are reported as `path[:line]: reason`, counted, and never stop the good
//! articles beside them (tests/fixtures/broken/README.md lists the cases).

use crate::env::{repo_path, TestEnv};

#[test]
fn every_broken_file_is_reported_and_the_good_articles_are_indexed() {
    let env = TestEnv::new();
    let broken = repo_path("tests/fixtures/broken");
    let run = env.run(&["index", broken.to_str().unwrap()]);
    run.expect_code(2);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let expected = [
        ("empty.txt: ", "empty"),
        ("whitespace-only.txt: ", ""),
        ("binary.txt: ", "binary"),
        ("truncated.json:", ""),
        ("one-bad-line.jsonl:3: ", ""),
        ("wrong-types.json", "title"),
        ("deeply-nested.json", "recursion"),
        ("no-body.html: ", "no article text"),
        ("corrupt.json.gz: ", "gzip"),
        ("corrupt.jsonl.gz: ", "gzip"),
    ];
    for (place, reason) in expected {
        let line = run.stderr.lines().find(|l| l.contains(place));
        let line = line.unwrap_or_else(|| panic!("no report for {place}:\n{}", run.stderr));
        assert!(
            line.contains(&broken.display().to_string()),
            "the full path is named: {line}"
        );
        assert!(line.to_lowercase().contains(reason), "{place}: {line}");
    }
    assert!(run.stderr.contains("10 failed"), "{}", run.stderr);
    assert!(run.stderr.contains("indexed 6 articles"), "{}", run.stderr);
    let stats = env.run(&["stats", "--json"]).json();
    assert_eq!(stats["documents"], 6);
    // Lines 1, 2 and 4 of the JSONL file survive their broken neighbour.
    for id in ["broken-01", "broken-02", "broken-03", "broken-04"] {
        env.run(&["show", id]).expect_code(0);
    }
    // The unsupported file was skipped, not read.
    env.run(&["query", "zebrakuda"]).expect_code(1);
}

#[test]
fn other_encodings_are_decoded() {
    let env = TestEnv::new();
    let broken = repo_path("tests/fixtures/broken");
    let latin = broken.join("invalid-utf8-latin1.txt");
    let utf16 = broken.join("utf16-bom.txt");
    let bom = broken.join("utf8-bom.json");
    env.run(&[
        "index",
        "--quiet",
        latin.to_str().unwrap(),
        utf16.to_str().unwrap(),
        bom.to_str().unwrap(),
    ]);
    let titles: Vec<String> = env
        .run(&["query", "kafe OR nelayan OR festival", "--json"])
        .json()["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap().to_string())
        .collect();
    let mut titles = titles;
    titles.sort();
    assert_eq!(
        titles,
        [
            "Festival Layang-Layang Meriahkan Pantai Parangtritis",
            "Kafe di Braga Sajikan Crème Brûlée Rasa Kopi Gayo",
            "Nelayan Cilacap Panen Ikan Layur",
        ]
    );
    env.run(&["query", "René"]).expect_code(0);
}

#[test]
fn missing_paths_and_symlink_loops_are_reported() {
    let env = TestEnv::new();
    env.write(
        "a/ok.json",
        crate::env::article(
            "ok",
            "Judul",
            "2019-09-01",
            "Kompas.com",
            "Isi berita yang baik.",
        ),
    );
    std::os::unix::fs::symlink(env.path("a"), env.path("a/loop")).unwrap();
    let run = env.run(&[
        "index",
        "--follow",
        env.path("a").to_str().unwrap(),
        env.path("nope").to_str().unwrap(),
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("nope: no such file or directory"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("loop"), "{}", run.stderr);
    env.run(&["show", "ok"]).expect_code(0);
}
