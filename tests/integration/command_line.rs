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

#[test]
fn only_the_default_mode_relaxes_and_every_format_says_so() {
    let env = forests();
    // No article has both "rudal" (f4) and "lindung" (f2).
    for format in ["text", "json", "ndjson", "tsv", "paths"] {
        let run = env.run(&["query", "rudal", "lindung", "--format", format]);
        run.expect_code(0);
        assert!(
            run.stderr.contains("no article has every word"),
            "--format {format}: {}",
            run.stderr
        );
    }
    let run = env.run(&["query", "rudal lindung", "--json"]);
    assert_eq!(run.json()["relaxed"], true);
    assert_eq!(sorted(hit_ids(&run)), ["f2", "f4"]);
    for args in [
        &["query", "rudal lindung", "--match", "all", "--json"][..],
        &["query", "rudal AND lindung", "--json"],
        &["query", "rudal AND lindung", "--format", "tsv"],
    ] {
        let run = env.run(args);
        run.expect_code(1);
        assert!(
            run.stderr.is_empty() || !run.stderr.contains("no article has every word"),
            "{args:?}: {}",
            run.stderr
        );
        if args.contains(&"--json") {
            assert_eq!(run.json()["relaxed"], false, "{args:?}");
            assert_eq!(run.json()["total"], 0, "{args:?}");
        } else {
            assert_eq!(run.stdout, "", "{args:?}");
        }
    }
    // Words outside an AND group may be relaxed; the group stays whole: "rudal" with
    // "korea AND utara" (f4 has both), "hutan" has no article with all three.
    let run = env.run(&["query", "hutan korea AND utara", "--json"]);
    run.expect_code(0);
    assert_eq!(run.json()["relaxed"], true);
    assert_eq!(sorted(hit_ids(&run)), ["f1", "f2", "f3", "f4"]);
    let run = env.run(&["query", "lindung korea AND rudal AND riau", "--json"]);
    assert_eq!(hit_ids(&run), ["f2"]);
    // --match any asks for any word at the top level; a group still matches whole.
    let run = env.run(&[
        "query",
        "lindung (korea AND riau)",
        "--match",
        "any",
        "--json",
    ]);
    assert_eq!(hit_ids(&run), ["f2"]);
    let run = env.run(&["query", "korea AND riau", "--match", "any", "--json"]);
    run.expect_code(1);
}

#[test]
fn the_index_folder_is_never_read_as_articles() {
    let env = TestEnv::new();
    env.write(
        "archive/x.json",
        article(
            "x",
            "Banjir",
            "2019-09-01",
            "Kompas.com",
            "Banjir di Jakarta.",
        ),
    );
    let run_in = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_warta"))
            .args(args)
            .current_dir(env.path("archive"))
            .env_remove("WARTA_INDEX")
            .output()
            .unwrap();
        crate::env::Run::from(out)
    };
    for _ in 0..2 {
        let run = run_in(&["index", "."]);
        run.expect_code(0);
        assert!(run.stderr.contains("0 failed"), "{}", run.stderr);
    }
    let run = run_in(&["index", "--rebuild", "."]);
    run.expect_code(0);
    assert!(
        run.stderr
            .starts_with("indexed 1 article from 1 file (1 seen:"),
        "{}",
        run.stderr
    );
    let stats = run_in(&["stats", "--json"]);
    assert_eq!(stats.json()["documents"], 1);

    // An --index folder inside the indexed tree, under another name.
    let run = run_in(&["--index", "data/ix", "index", "."]);
    run.expect_code(0);
    let run = run_in(&["--index", "data/ix", "index", "."]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("1 seen: 0 added, 0 updated, 0 removed, 1 unchanged, 0 skipped, 0 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_and_empty_fields_are_errors_that_list_the_fields() {
    let env = forests();
    let run = env.run(&["query", "judul:putin"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("column 1: no field \"judul\""),
        "{}",
        run.stderr
    );
    for field in ["title", "body", "source", "author", "date"] {
        assert!(run.stderr.contains(field), "lists {field}: {}", run.stderr);
    }
    let run = env.run(&["query", "hutan", "title:"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("column 7: \"title:\" needs a word"),
        "{}",
        run.stderr
    );
    let run = env.run(&["query", "hutan", "--fields", "judul"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no field \"judul\""), "{}", run.stderr);
    // Times and a name before a colon and a space are text.
    env.run(&["query", "Hutan: lindung"]).expect_code(0);
}

/// The `--long` flags a help text names.
fn long_flags(help: &str) -> std::collections::BTreeSet<String> {
    help.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| {
            w.starts_with("--") && w.len() > 2 && w.chars().nth(2).unwrap().is_ascii_lowercase()
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn help_completions_and_man_page_come_from_one_definition() {
    let env = TestEnv::new();
    let help = env.run(&["query", "--help"]);
    help.expect_code(0);
    for text in [
        "Query syntax:",
        "hutan -kebakaran",
        "date:[2019-09-01 TO 2019-09-30]",
        "Exit status",
    ] {
        assert!(
            help.stdout.contains(text),
            "query --help explains {text}: {}",
            help.stdout
        );
    }
    let flags = long_flags(&help.stdout);
    for flag in [
        "--limit",
        "--match",
        "--count-by",
        "--include-duplicates",
        "--batch",
    ] {
        assert!(flags.contains(flag), "{flag} in {flags:?}");
    }
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = env.run(&["completions", shell]);
        run.expect_code(0);
        for flag in &flags {
            assert!(
                run.stdout.contains(flag.trim_start_matches('-')),
                "{shell} completes {flag}"
            );
        }
        for sub in [
            "index",
            "query",
            "analyze",
            "show",
            "stats",
            "duplicates",
            "completions",
            "man",
        ] {
            assert!(run.stdout.contains(sub), "{shell} completes {sub}");
        }
    }
    // bash accepts the script and registers it.
    let bash = env.run(&["completions", "bash"]);
    let script = env.write("warta.bash", &bash.stdout);
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p warta", script.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("warta"));
    env.run(&["completions", "tcsh"]).expect_code(2);

    let man = env.run(&["man"]);
    man.expect_code(0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.starts_with(".TH"),
        "{}",
        &man.stdout[..200]
    );
    assert!(man.stdout.contains(".TH warta 1"));
    for flag in &flags {
        assert!(
            man.stdout.contains(&flag.replace('-', "\\-")),
            "the man page names {flag}"
        );
    }
    assert!(man.stdout.contains("Query syntax:"));
}

#[test]
fn batch_refuses_what_it_cannot_honour() {
    let env = forests();
    for args in [
        &["query", "--batch", "--format", "tsv"][..],
        &["query", "--batch", "--format", "paths"],
        &["query", "--batch", "--count-by", "source"],
        &["query", "--batch", "hutan"],
    ] {
        let run = env.run_with_input(args, Some("hutan\n"));
        run.expect_code(2);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.contains("--batch"),
            "{args:?} names --batch: {}",
            run.stderr
        );
    }
    for format in ["json", "ndjson"] {
        let run = env.run_with_input(
            &["query", "--batch", "--format", format],
            Some("q1\thutan\n"),
        );
        run.expect_code(0);
        let lines = run.json_lines();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["qid"], "q1");
        assert_eq!(lines[0]["total"], 3);
    }
}

#[test]
fn explain_reads_as_a_tree_in_text_and_stays_json_in_json() {
    let env = forests();
    let run = env.run(&["query", "lindung", "--explain", "--no-snippets"]);
    run.expect_code(0);
    let text = &run.stdout;
    assert!(text.contains("   why: score "), "{text}");
    // The term, named by field, with its BM25 factors: "lindung" is in 1 of 4 articles.
    assert!(text.contains("body:\"lindung\" = idf "), "{text}");
    assert!(
        text.contains("(in 1 of 4 articles; 1 time in this field of"),
        "{text}"
    );
    assert!(text.contains("title:\"lindung\""), "{text}");
    assert!(text.contains("weight x2"), "the title's boost: {text}");
    assert!(!text.contains("field="), "no field numbers: {text}");
    assert!(!text.contains('{'), "no JSON in text: {text}");
    let json = env.run(&["query", "lindung", "--explain", "--json"]).json();
    let tree = &json["hits"][0]["explanation"];
    assert!(tree["value"].as_f64().unwrap() > 0.0);
    assert!(tree["details"].is_array(), "{tree}");
    assert!(tree.to_string().contains("field=body"), "{tree}");
}

#[test]
fn folded_copies_and_pages_past_the_end_are_mentioned() {
    let env = TestEnv::new();
    let story = "Harga cabai rawit di Pasar Induk Kramat Jati naik tajam sejak awal pekan karena pasokan dari Jawa Tengah berkurang akibat kemarau panjang.";
    for (id, date) in [
        ("c1", "2019-10-15"),
        ("c2", "2019-10-16"),
        ("c3", "2019-10-17"),
    ] {
        env.write(
            &format!("d/{id}.json"),
            article(id, "Harga cabai naik", date, "Kompas.com", story),
        );
    }
    env.write(
        "d/x.json",
        article(
            "x",
            "Panen cabai",
            "2019-10-18",
            "Tempo.co",
            "Petani cabai di Garut panen raya.",
        ),
    );
    env.index(&[&env.path("d")]);
    let run = env.run(&["query", "cabai"]);
    run.expect_code(0);
    assert_eq!(
        run.stderr,
        "4 articles match; showing 1-2, 2 copies folded: --include-duplicates shows them\n"
    );
    let run = env.run(&["query", "cabai", "--include-duplicates"]);
    assert_eq!(run.stderr, "4 articles match; showing 1-4\n");
    let run = env.run(&["query", "cabai", "--json"]);
    assert_eq!(run.json()["folded"], 2);
    let run = env.run(&["query", "cabai", "--page", "3", "--limit", "2"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "4 articles match; none from hit 5 on: that page is past the end, 2 copies folded: --include-duplicates shows them\n");
}
