//! What scripts rely on: exit codes, stable JSON, batch mode, formats, a quiet stdout.

use crate::env::{article, TestEnv};

fn archive() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "a/x1.json",
        article(
            "x1",
            "Banjir di Jakarta",
            "2019-09-02",
            "Kompas.com",
            "Banjir merendam Jakarta Utara. Warga mengungsi.",
        ),
    );
    env.write(
        "a/x2.json",
        article(
            "x2",
            "Gempa di Maluku",
            "2019-09-26",
            "Tempo.co",
            "Gempa mengguncang Ambon, Maluku. Warga panik.",
        ),
    );
    env.write(
        "a/x3.json",
        article(
            "x3",
            "Banjir surut",
            "2019-09-05",
            "Tempo.co",
            "Banjir di Jakarta mulai surut. Warga kembali ke rumah.",
        ),
    );
    env.index(&[&env.path("a")]);
    env
}

#[test]
fn exit_codes_are_grep_like() {
    let env = archive();
    env.run(&["query", "banjir"]).expect_code(0);
    env.run(&["query", "tsunami"]).expect_code(1);
    env.run(&["query", "tsunami", "--json"]).expect_code(1);
    env.run(&["query", "tsunami", "--format", "paths"])
        .expect_code(1);
    env.run(&["query", "(banjir"]).expect_code(2);
    let missing = TestEnv::new();
    let run = missing.run(&["query", "banjir"]);
    run.expect_code(2);
    assert!(run.stderr.contains("no warta index here"), "{}", run.stderr);
}

#[test]
fn json_has_the_documented_shape() {
    let env = archive();
    let run = env.run(&["query", "gempa", "--json"]);
    let v = run.json();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["query"], "gempa");
    assert_eq!(v["total"], 1);
    let hit = &v["hits"][0];
    let mut keys: Vec<&str> = hit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "author",
            "date",
            "highlights",
            "id",
            "path",
            "score",
            "snippet",
            "source",
            "title",
            "url"
        ]
    );
    assert_eq!(hit["id"], "x2");
    assert_eq!(hit["title"], "Gempa di Maluku");
    assert_eq!(hit["date"], "2019-09-26");
    assert_eq!(hit["source"], "Tempo.co");
    assert!(hit["path"].as_str().unwrap().ends_with("x2.json"));
    // Nothing but the JSON on stdout.
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn formats_for_pipelines() {
    let env = archive();
    let run = env.run(&["query", "banjir", "--format", "paths", "--sort", "oldest"]);
    let names: Vec<_> = run
        .stdout
        .lines()
        .map(|l| l.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["x1.json", "x3.json"]);
    let run = env.run(&["query", "banjir", "--format", "tsv", "--sort", "newest"]);
    let first: Vec<&str> = run.stdout.lines().next().unwrap().split('\t').collect();
    assert_eq!(first[0], "x3");
    assert_eq!(first[2], "2019-09-05");
    assert_eq!(first[3], "Tempo.co");
    assert_eq!(first[4], "Banjir surut");
    let run = env.run(&["query", "warga", "--format", "ndjson"]);
    assert_eq!(run.json_lines().len(), 3);
}

#[test]
fn batch_answers_every_line_and_reports_bad_ones() {
    let env = archive();
    let input = "q1\tbanjir\nq2\t\"unclosed\nq3\ttsunami\ngempa\n";
    let run = env.run_with_input(&["query", "--batch", "--limit", "5"], Some(input));
    run.expect_code(2);
    let answers = run.json_lines();
    assert_eq!(answers.len(), 4);
    assert_eq!(answers[0]["qid"], "q1");
    assert_eq!(answers[0]["total"], 2);
    assert_eq!(answers[1]["qid"], "q2");
    assert!(answers[1]["error"].as_str().unwrap().contains("unclosed"));
    assert_eq!(answers[2]["total"], 0);
    assert_eq!(answers[3]["qid"], "4");
    assert_eq!(answers[3]["hits"][0]["id"], "x2");
    let run = env.run_with_input(&["query", "--batch"], Some("tsunami\n"));
    run.expect_code(1);
    let run = env.run_with_input(&["query", "--batch"], Some("banjir\ntsunami\n"));
    run.expect_code(0);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = archive();
    let script = format!(
        "{} --index {} query warga --limit 1000 | head -c 1; exit ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_warta"),
        env.index_dir().display()
    );
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn show_and_stats() {
    let env = archive();
    let run = env.run(&["show", "x2", "--json"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["title"], "Gempa di Maluku");
    assert_eq!(v["body"], "Gempa mengguncang Ambon, Maluku. Warga panik.");
    let run = env.run(&["show", "nope"]);
    run.expect_code(1);
    let run = env.run(&["stats", "--json"]);
    let v = run.json();
    assert_eq!(v["documents"], 3);
    assert_eq!(v["first_date"], "2019-09-02");
    assert_eq!(v["last_date"], "2019-09-26");
    assert_eq!(
        v["sources"],
        serde_json::json!([{"source": "Tempo.co", "count": 2}, {"source": "Kompas.com", "count": 1}])
    );
}

#[test]
fn duplicates_are_grouped_shown_and_collapsed() {
    let env = TestEnv::new();
    let story = "Harga cabai rawit di Pasar Induk Kramat Jati naik tajam sejak awal pekan. Pedagang menyebut pasokan dari Jawa Tengah berkurang karena kemarau panjang yang melanda sentra produksi. Seorang pedagang mengatakan harga kini mencapai Rp 80.000 per kilogram, naik dari Rp 50.000 pekan lalu. Pemerintah daerah berjanji menggelar operasi pasar untuk menekan harga dalam beberapa hari ke depan. Kepala dinas perdagangan menjelaskan bahwa stok di gudang Bulog masih cukup untuk dua minggu. Ia meminta warga tidak panik dan membeli secukupnya agar harga tidak semakin melonjak. Sejumlah ibu rumah tangga mengaku mengurangi belanja cabai dan beralih ke cabai kering. Pemilik warung makan di kawasan Cawang juga menaikkan harga sambal karena biaya bahan baku meningkat.";
    env.write(
        "d/k.json",
        article("k", "Harga Cabai Naik", "2019-10-15", "Kompas.com", story),
    );
    // The same story syndicated a day later under another dateline: a near copy.
    env.write(
        "d/t.json",
        article(
            "t",
            "Cabai Rawit Mahal",
            "2019-10-16",
            "Tempo.co",
            &format!("JAKARTA, TEMPO.CO - {story}"),
        ),
    );
    env.write(
        "d/x.json",
        article(
            "x",
            "Cabai dari Garut",
            "2019-10-16",
            "Detik.com",
            "Petani cabai di Garut panen raya.",
        ),
    );
    env.index(&[&env.path("d")]);
    let run = env.run(&["duplicates"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "k\tt\n");
    let shown = env.run(&["show", "t", "--json"]).json();
    assert_eq!(shown["duplicate_of"], "k");
    assert_eq!(
        env.run(&["show", "k", "--json"]).json()["duplicates"],
        serde_json::json!(["t"])
    );
    let mut ids = env.ids(&["cabai"]);
    ids.sort();
    assert_eq!(ids, ["k", "x"]);
    let mut all = env.ids(&["cabai", "--include-duplicates"]);
    all.sort();
    assert_eq!(all, ["k", "t", "x"]);
    assert_eq!(env.run(&["stats", "--json"]).json()["documents"], 3);
}
