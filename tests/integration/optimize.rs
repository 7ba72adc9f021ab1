//! `warta optimize`: one segment afterwards, the same answers, replaced articles gone.

use crate::env::{article, TestEnv};

/// A query's JSON answer without the time it took.
fn answer(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["query", "--json"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    assert!(run.code == 0 || run.code == 1, "query failed: {run:?}");
    let mut json = run.json();
    json.as_object_mut().unwrap().remove("took_ms");
    json
}

fn stats(env: &TestEnv) -> serde_json::Value {
    env.run(&["stats", "--json"]).expect_code(0).json()
}

#[test]
fn merges_every_segment_into_one_and_answers_the_same() {
    let env = TestEnv::new();
    // Three runs, three commits: three segments; then one article replaced.
    let runs: [&[(&str, &str, &str)]; 3] = [
        &[
            (
                "a1",
                "Banjir melanda Bekasi",
                "Banjir merendam ratusan rumah warga di Bekasi.",
            ),
            (
                "a2",
                "Harga beras naik",
                "Harga beras di pasar Kramat Jati naik lagi.",
            ),
        ],
        &[
            (
                "b1",
                "Gempa di Lombok",
                "Gempa mengguncang Lombok, warga mengungsi.",
            ),
            (
                "b2",
                "Banjir surut",
                "Banjir di Bekasi mulai surut, warga kembali ke rumah.",
            ),
        ],
        &[(
            "c1",
            "Pemilu serentak",
            "Warga Bekasi memilih di tempat pemungutan suara.",
        )],
    ];
    for (n, articles) in runs.iter().enumerate() {
        for (id, title, body) in articles.iter() {
            let text = article(id, title, &format!("2019-09-0{}", n + 1), "kompas", body);
            env.write(&format!("run{n}/{id}.json"), text);
        }
        // One thread: each run's articles in one segment, so that replacing one
        // article leaves a segment with a deleted document.
        let folder = env.path(&format!("run{n}")).display().to_string();
        env.run(&["index", "--quiet", "--threads", "1", &folder])
            .expect_code(0);
    }
    let before = stats(&env);
    assert_eq!(before["segments"], 3, "{before}");
    assert_eq!(before["documents"], 5);
    let queries: [&[&str]; 4] = [
        &["banjir", "bekasi"],
        &["--match", "any", "warga", "rumah", "harga"],
        &["beras"],
        &["--sort", "newest", "warga"],
    ];
    let answers: Vec<_> = queries.iter().map(|q| answer(&env, q)).collect();

    let run = env.run(&["optimize"]);
    run.expect_code(0);
    assert!(
        run.stderr.starts_with("merged 3 segments into one in ")
            && run.stderr.ends_with(" s: 5 articles\n"),
        "{}",
        run.stderr
    );
    let after = stats(&env);
    assert_eq!(after["segments"], 1);
    assert_eq!(after["documents"], 5);
    // The merged segments' files are gone: every file of a segment is named by it.
    let mut segments: Vec<String> = std::fs::read_dir(env.index_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|name| Some(name.split_once('.')?.0.to_string()))
        .filter(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    segments.sort();
    segments.dedup();
    assert_eq!(segments.len(), 1, "{segments:?}");
    for (query, want) in queries.iter().zip(&answers) {
        assert_eq!(&answer(&env, query), want, "{query:?}");
    }

    // A replaced article leaves a deleted document behind; merging drops it (and the
    // scores change with the article counts BM25 sees, which then leave it out).
    env.write(
        "run0/a2.json",
        article(
            "a2",
            "Harga beras turun",
            "2019-09-01",
            "kompas",
            "Harga beras di pasar turun.",
        ),
    );
    env.index(&[&env.path("run0")]);
    assert_eq!(stats(&env)["segments"], 2);
    let run = env.run(&["optimize"]);
    run.expect_code(0);
    assert!(
        run.stderr.starts_with("merged 2 segments into one in ")
            && run
                .stderr
                .ends_with(" s: 5 articles (1 replaced article dropped)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(stats(&env)["documents"], 5);
    assert_eq!(env.ids(&["beras"]), ["a2"]);
    assert_eq!(
        answer(&env, &["beras"])["hits"][0]["title"],
        "Harga beras turun"
    );

    // Again: nothing left to do. Indexing goes on as before afterwards.
    let again = env.run(&["optimize"]);
    again.expect_code(0);
    assert!(
        again
            .stderr
            .contains("nothing to merge: 1 segment, 5 articles"),
        "{}",
        again.stderr
    );
    env.write(
        "run3/d1.json",
        article(
            "d1",
            "Banjir lagi",
            "2019-09-04",
            "kompas",
            "Bekasi banjir lagi.",
        ),
    );
    env.index(&[&env.path("run3")]);
    assert_eq!(stats(&env)["documents"], 6);
    assert_eq!(env.run(&["optimize", "--quiet"]).expect_code(0).stderr, "");
    assert_eq!(stats(&env)["segments"], 1);
}

#[test]
fn without_an_index_it_says_so() {
    let env = TestEnv::new();
    let run = env.run(&["optimize"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no warta index here"), "{}", run.stderr);
}
