//! The command line as a new user meets it: words that begin with `-`, counts in
//! words, help that stands on its own.

use crate::env::{article, sorted, TestEnv};

/// Four articles about forests and fires; which has which word is set out by hand.
fn forests() -> TestEnv {
    let env = TestEnv::new();
    let docs = [
        (
            "f1",
            "Kebakaran hutan di Riau",
            "2019-09-20",
            "Kompas.com",
            "Kebakaran hutan meluas di Riau. Asap tebal menyelimuti Pekanbaru.",
        ),
        (
            "f2",
            "Hutan lindung dijaga",
            "2019-09-21",
            "Tempo.co",
            "Petugas menjaga hutan lindung dari perambah liar.",
        ),
        (
            "f3",
            "Kebakaran rumah",
            "2019-09-22",
            "Detik.com",
            "Kebakaran menghanguskan rumah warga. Hutan kota di dekatnya selamat.",
        ),
        (
            "f4",
            "Korut uji rudal",
            "2019-10-02",
            "Detik.com",
            "Korea Utara kembali menguji rudal balistik.",
        ),
    ];
    for (id, title, date, source, body) in docs {
        env.write(
            &format!("a/{id}.json"),
            article(id, title, date, source, body),
        );
    }
    env.index(&[&env.path("a")]);
    env
}

fn hit_ids(run: &crate::env::Run) -> Vec<String> {
    let hits = run.json()["hits"].as_array().unwrap().clone();
    hits.iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn query_words_that_begin_with_a_hyphen_need_no_quotes_or_double_dash() {
    let env = forests();
    // f1 and f3 say "kebakaran"; f3's "kebakaran" and "hutan" are not side by side.
    let run = env.run(&["query", "hutan", "-kebakaran", "--json"]);
    run.expect_code(0);
    assert_eq!(hit_ids(&run), ["f2"]);
    let run = env.run(&["query", "hutan", "-\"kebakaran hutan\"", "--json"]);
    run.expect_code(0);
    assert_eq!(sorted(hit_ids(&run)), ["f2", "f3"]);
    let run = env.run(&["query", "-\"kebakaran hutan\"", "hutan", "--json"]);
    assert_eq!(sorted(hit_ids(&run)), ["f2", "f3"]);
    // Text output, and the flags still work on either side of the words.
    let run = env.run(&["query", "hutan", "-kebakaran"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("1. Hutan lindung dijaga\n"),
        "{}",
        run.stdout
    );
    let run = env.run(&[
        "query",
        "--limit",
        "1",
        "hutan",
        "-kebakaran",
        "--format",
        "tsv",
    ]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("f2\t"), "{}", run.stdout);
    let run = env.run(&["query", "hutan", "--limit", "1", "--json"]);
    assert_eq!(run.json()["hits"].as_array().unwrap().len(), 1);
    assert_eq!(run.json()["total"], 3);
    let run = env.run(&["query", "hutan", "-n", "2", "--json"]);
    assert_eq!(run.json()["hits"].as_array().unwrap().len(), 2);
    // An unknown double-dash flag is still an error, not a word.
    env.run(&["query", "hutan", "--limt", "3"]).expect_code(2);
}

#[test]
fn analyze_takes_several_words_as_one_text() {
    let env = TestEnv::new();
    let run = env.run(&[
        "analyze",
        "Pembangunan",
        "jembatan-jembatan",
        "di",
        "Bekasi",
    ]);
    run.expect_code(0);
    assert_eq!(run.stdout, "bangun jembatan di bekasi\n");
}

#[test]
fn counts_agree_with_their_nouns() {
    let env = TestEnv::new();
    env.write(
        "one/x.json",
        article("x", "Satu", "2019-09-01", "Kompas.com", "Satu berita saja."),
    );
    let run = env.run(&["index", "one"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .starts_with("indexed 1 article from 1 file (1 seen:"),
        "{}",
        run.stderr
    );
    let run = env.run(&["query", "berita"]);
    assert!(
        run.stderr.starts_with("1 article matches;"),
        "{}",
        run.stderr
    );
    let run = env.run(&["duplicates"]);
    run.expect_code(1);
    assert_eq!(
        run.stderr,
        "0 groups of duplicates; 0 articles are copies of another\n"
    );

    let body = "Harga beras di pasar naik karena panen tertunda hujan.";
    env.write(
        "two/a.json",
        article("a", "Beras", "2019-09-02", "Kompas.com", body),
    );
    env.write(
        "two/b.json",
        article("b", "Beras naik", "2019-09-03", "Tempo.co", body),
    );
    let run = env.run(&["index", "two"]);
    assert!(
        run.stderr
            .starts_with("indexed 2 articles from 2 files (2 seen:"),
        "{}",
        run.stderr
    );
    let run = env.run(&["duplicates"]);
    run.expect_code(0);
    assert_eq!(
        run.stderr,
        "1 group of duplicates; 1 article is a copy of another\n"
    );
}
