//! `warta export` and `warta query --opensearch` against a real OpenSearch node.
//!
//! They need a node: `scripts/opensearch start` and `WARTA_OPENSEARCH_URL` set to the
//! URL it prints (`.ci/run` does both). Without the variable each test says so and
//! passes. The two-node test stops a node, so it runs only when
//! `WARTA_OPENSEARCH_CLUSTER_URL` names a cluster started with `--nodes 2`.

use std::path::Path;

use serde_json::{json, Value};

use crate::env::{article, repo_path, Run, TestEnv};

const NODE_VAR: &str = "WARTA_OPENSEARCH_URL";
const CLUSTER_VAR: &str = "WARTA_OPENSEARCH_CLUSTER_URL";

/// The node's URL, or None (with the reason printed) when no node was given.
fn node(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url.trim_end_matches('/').to_string()),
        _ => {
            eprintln!("skipped: {var} is not set (start a node with scripts/opensearch start and set {var} to its URL)");
            None
        }
    }
}

/// A fresh index name per test, deleted at the end.
struct RemoteIndex {
    base: String,
    name: String,
}

impl RemoteIndex {
    fn new(base: &str, test: &str) -> RemoteIndex {
        let index = RemoteIndex {
            base: base.to_string(),
            name: format!("warta-test-{test}-{}", std::process::id()),
        };
        index.delete();
        index
    }

    fn url(&self) -> String {
        format!("{}/{}", self.base, self.name)
    }

    fn delete(&self) {
        let _ = http("DELETE", &self.url(), None);
    }

    fn analyze(&self, text: &str) -> Vec<String> {
        let answer = http(
            "POST",
            &format!("{}/_analyze", self.url()),
            Some(json!({"field": "body", "text": text})),
        );
        answer["tokens"]
            .as_array()
            .unwrap_or_else(|| panic!("no tokens in {answer}"))
            .iter()
            .map(|t| t["token"].as_str().unwrap().to_string())
            .collect()
    }
}

impl Drop for RemoteIndex {
    fn drop(&mut self) {
        self.delete();
    }
}

fn http(method: &str, url: &str, body: Option<Value>) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let request = ureq::http::Request::builder().method(method).uri(url);
    let mut response = match body {
        Some(body) => agent.run(
            request
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .unwrap(),
        ),
        None => agent.run(request.body(()).unwrap()),
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let text = response.body_mut().read_to_string().unwrap();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A workspace with a copy of the sample corpus, indexed.
fn indexed_sample() -> TestEnv {
    let env = TestEnv::new();
    copy_dir(&repo_path("sample_corpus"), &env.path("corpus"));
    env.index(&[&env.path("corpus")]);
    env
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn remote_documents(env: &TestEnv, index: &RemoteIndex) -> u64 {
    let run = env.run(&["stats", "--json", "--opensearch", &index.url()]);
    run.expect_code(0);
    run.json()["documents"].as_u64().unwrap()
}

/// Queries whose hits must be the same, in the same order (up to near ties), locally and on the cluster:
/// words, stems, short forms, phrases with and without slop, OR, exclusion, prefix,
/// typo tolerance, any-word matching (words weighed by the counts), dates, outlets,
/// sorting, a field. Not `--proximity`: Lucene counts a sloppy phrase match as
/// 1 / (distance + 1), tantivy as 1, so the pairs score close but not alike.
const QUERIES: &[&[&str]] = &[
    &["Vostochny"],
    &["kim", "putin"],
    &["korut"],
    &["Korea Utara"],
    &["\"kereta lapis baja\""],
    &["\"kereta baja\"~1"],
    &["rudal OR jembatan"],
    &["hutan", "-kebakaran"],
    &["bangun*"],
    &["presiden~"],
    &["kim putin", "--match", "any"],
    &["presiden jokowi membangun jembatan", "--match", "any"],
    &["satelit", "--sort", "newest"],
    &["banjir", "--source", "kompas"],
    &[
        "pembangunan",
        "--since",
        "2019-01-01",
        "--until",
        "2020-12-31",
    ],
    &["title:jokowi"],
    &["membangun jembatan"],
];

/// The hits' ids and scores, in order.
fn hits(env: &TestEnv, query: &[&str], remote: Option<&str>) -> Vec<(String, f64)> {
    let mut args = vec!["query", "--format", "tsv", "--limit", "20"];
    args.extend_from_slice(query);
    // The coverage stage on both sides (the learned one has a test of its own).
    args.push("--no-learned");
    if let Some(url) = remote {
        args.extend(["--opensearch", url]);
    }
    let run = env.run(&args);
    assert!(run.code == 0 || run.code == 1, "{args:?} failed: {run:?}");
    run.stdout
        .lines()
        .map(|l| {
            let mut cols = l.split('\t');
            let id = cols.next().unwrap().to_string();
            (id, cols.next().and_then(|s| s.parse().ok()).unwrap_or(0.0))
        })
        .collect()
}

/// The same hits in the same order, except that neighbours whose local scores are
/// within 2% may trade places: the local index counts a title's or body's inflected
/// forms in its length (they are marked terms in the same field), the cluster keeps
/// them in `_exact` fields of their own, so BM25 lengths, and near ties, differ.
fn assert_same_hits(env: &TestEnv, url: &str) {
    let mut found_any = 0;
    for query in QUERIES {
        let local = hits(env, query, None);
        let remote = hits(env, query, Some(url));
        let ids = |h: &[(String, f64)]| h.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
        let (local_ids, remote_ids) = (ids(&local), ids(&remote));
        let score: std::collections::HashMap<&str, f64> =
            local.iter().map(|(id, s)| (id.as_str(), *s)).collect();
        let mut same_set = local_ids.clone();
        let mut remote_set = remote_ids.clone();
        same_set.sort();
        remote_set.sort();
        let near_ties = local_ids.iter().zip(&remote_ids).all(|(a, b)| {
            let (x, y) = (
                score[a.as_str()],
                score.get(b.as_str()).copied().unwrap_or(0.0),
            );
            a == b || (x - y).abs() <= 0.02 * x.abs().max(y.abs())
        });
        assert!(
            same_set == remote_set && near_ties,
            "different hits for {query:?}\n local: {local:?}\nremote: {remote:?}"
        );
        found_any += usize::from(!local.is_empty());
    }
    // The comparison means something only if the queries find articles.
    assert!(
        found_any >= QUERIES.len() - 2,
        "only {found_any} queries found anything"
    );
}

#[test]
fn export_loads_every_article_and_a_second_export_sends_only_changes() {
    let Some(base) = node(NODE_VAR) else { return };
    let env = indexed_sample();
    let index = RemoteIndex::new(&base, "counts");
    let run = env.run(&["export", "--opensearch", &index.url()]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("exported 42 articles"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("(42 added, 0 updated, 0 deleted, 0 unchanged, 0 failed)"),
        "{}",
        run.stderr
    );
    assert_eq!(remote_documents(&env, &index), 42);

    let again = env.run(&["export", "--opensearch", &index.url()]);
    again.expect_code(0);
    assert!(
        again
            .stderr
            .contains("(0 added, 0 updated, 0 deleted, 42 unchanged, 0 failed)"),
        "{}",
        again.stderr
    );

    // One article's file gone, another's text changed, one new article.
    std::fs::remove_file(env.path("corpus/tribunnews/2023/putin-kim-vostochny.txt")).unwrap();
    env.write(
        "corpus/extra/pelabuhan.json",
        crate::env::article(
            "pelabuhan-1",
            "Pelabuhan baru dibuka",
            "2024-02-01",
            "Kompas.com",
            "Pengerukan alur dermaga berkesinambungan; kapal besar kini menambatkan tali di Makassar meski ada keterlambatannya.",
        ),
    );
    env.index(&[&env.path("corpus")]);
    let third = env.run(&["export", "--opensearch", &index.url()]);
    third.expect_code(0);
    assert!(
        third
            .stderr
            .contains("(1 added, 0 updated, 1 deleted, 41 unchanged, 0 failed)"),
        "{}",
        third.stderr
    );
    assert_eq!(remote_documents(&env, &index), 42);
    let gone = env.run(&["query", "Vostochny", "--opensearch", &index.url()]);
    gone.expect_code(1);
    let new = env.run(&[
        "show",
        "pelabuhan-1",
        "--json",
        "--opensearch",
        &index.url(),
    ]);
    new.expect_code(0);
    assert_eq!(new.json()["title"], "Pelabuhan baru dibuka");
    // The new article's words (none of them in the sample corpus, nor among the
    // forms the root list implies: ber-ke-...-an, ke-ter-...-an-nya) reached the
    // cluster's analyser; the implied forms were there from the start.
    assert_eq!(
        index.analyze("berkesinambungan keterlambatannya"),
        ["sinambung", "lambat"]
    );
    assert_eq!(index.analyze("Pengerukan menambatkan"), ["keruk", "tambat"]);
}

#[test]
fn the_cluster_analyses_body_text_as_warta_analyze_does() {
    let Some(base) = node(NODE_VAR) else { return };
    let env = indexed_sample();
    let index = RemoteIndex::new(&base, "analyze");
    env.run(&["export", "--quiet", "--opensearch", &index.url()])
        .expect_code(0);
    let sentences = [
        // Words of the archive: prefixes, suffixes, reduplications (one unseen, which
        // the char filter reads), a spelled-out abbreviation, numbers, capitals.
        "Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un",
        "Pembangunan jembatan dimulai pada 13/9/2023 pukul 10.15 WIB dengan biaya Rp 14.030",
        "Komisi Pemberantasan Korupsi (KPK) menangkap negara-negara tetangga",
        "Jum'at lalu, Korut meluncurkan rudal-rudal dari Vostochny",
        // Closed-up compounds give their two words at two positions; words no
        // article of the sample holds are stemmed as warta stems them.
        "Polisi menindaklanjuti laporan orangtua korban soal kerjasamanya",
        "Pemukulan itu dipertanyakan warga yang mendambakan ketenteraman",
    ];
    for sentence in sentences {
        let run = env.run(&["analyze", sentence]);
        run.expect_code(0);
        let local: Vec<String> = run.stdout.split_whitespace().map(String::from).collect();
        let remote = index.analyze(sentence);
        assert_eq!(
            local, remote,
            "\nwarta:      {local:?}\nOpenSearch: {remote:?}\nfor {sentence:?}"
        );
    }
    // Checked by hand: the stems people expect.
    assert_eq!(
        index.analyze("Pembangunan negara-negara"),
        ["bangun", "negara"]
    );
    assert_eq!(
        index.analyze("menindaklanjuti laporan"),
        ["tindak", "lanjut", "lapor"]
    );
    let positions: Vec<u64> = http(
        "POST",
        &format!("{}/_analyze", index.url()),
        Some(json!({"field": "body", "text": "menindaklanjuti laporan"})),
    )["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["position"].as_u64().unwrap())
        .collect();
    assert_eq!(positions, [0, 1, 2]);
}

#[test]
fn queries_find_the_same_hits_locally_and_on_the_cluster() {
    let Some(base) = node(NODE_VAR) else { return };
    let env = indexed_sample();
    let index = RemoteIndex::new(&base, "hits");
    env.run(&["export", "--quiet", "--opensearch", &index.url()])
        .expect_code(0);
    assert_same_hits(&env, &index.url());

    // Batch answers and counts per outlet agree too; exit codes follow hits.
    let batch = "q1\tkim putin\nq2\tzzzzzz\n";
    let local = env.run_with_input(&["query", "--batch", "--no-snippets"], Some(batch));
    let remote = env.run_with_input(
        &[
            "query",
            "--batch",
            "--no-snippets",
            "--opensearch",
            &index.url(),
        ],
        Some(batch),
    );
    assert_eq!(local.code, remote.code);
    let totals = |run: &Run| {
        run.json_lines()
            .iter()
            .map(|v| (v["qid"].clone(), v["total"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(totals(&local), totals(&remote));
    let counts = |extra: &[&str]| {
        let mut args = vec!["query", "pembangunan", "--count-by", "source"];
        args.extend_from_slice(extra);
        env.run(&args).stdout
    };
    assert_eq!(counts(&[]), counts(&["--opensearch", &index.url()]));
    env.run(&["query", "zzzzzz", "--opensearch", &index.url()])
        .expect_code(1);
    let bad = env.run(&["query", "(unclosed", "--opensearch", &index.url()]);
    bad.expect_code(2);
}

#[test]
fn credentials_are_never_printed() {
    // Needs no node: a port nothing listens on fails after the retries, and the error
    // names the target without the password.
    let env = TestEnv::new();
    let run = env.run(&[
        "query",
        "x",
        "--opensearch",
        "http://reader:hunter2@127.0.0.1:1/warta",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("http://127.0.0.1:1"), "{run:?}");
    assert!(
        !run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"),
        "{run:?}"
    );
}

#[test]
fn a_two_node_cluster_still_answers_after_losing_a_node() {
    let Some(base) = node(CLUSTER_VAR) else {
        return;
    };
    let env = indexed_sample();
    let index = RemoteIndex::new(&base, "replicas");
    env.run(&[
        "export",
        "--quiet",
        "--shards",
        "2",
        "--replicas",
        "1",
        "--opensearch",
        &index.url(),
    ])
    .expect_code(0);
    let health = http(
        "GET",
        &format!(
            "{base}/_cluster/health/{}?wait_for_status=green&timeout=120s",
            index.name
        ),
        None,
    );
    assert_eq!(health["status"], "green", "{health}");
    assert_eq!(health["number_of_nodes"], 2, "{health}");
    assert_same_hits(&env, &index.url());

    let stop = std::process::Command::new(repo_path("scripts/opensearch"))
        .args(["stop", "--node", "2"])
        .output()
        .unwrap();
    assert!(
        stop.status.success(),
        "{}",
        String::from_utf8_lossy(&stop.stderr)
    );
    let health = http(
        "GET",
        &format!("{base}/_cluster/health?wait_for_nodes=1&timeout=60s"),
        None,
    );
    assert_eq!(health["number_of_nodes"], 1, "{health}");
    // Every shard still has a copy on the remaining node: each query answers as before.
    assert_same_hits(&env, &index.url());
    assert_eq!(remote_documents(&env, &index), 42);
}

#[test]
fn the_cluster_ranks_by_bm25_with_warta_s_k1_and_b() {
    let Some(base) = node(NODE_VAR) else { return };
    let env = indexed_sample();
    let index = RemoteIndex::new(&base, "bm25");
    let export = || {
        env.run(&["export", "--quiet", "--opensearch", &index.url()])
            .expect_code(0);
    };
    let similarity = || {
        let settings = http("GET", &format!("{}/_settings", index.url()), None);
        settings[&index.name]["settings"]["index"]["similarity"]["default"].clone()
    };
    export();
    assert_eq!(
        similarity(),
        json!({"type": "BM25", "k1": "1.0", "b": "0.7"})
    );

    // An index exported before k1 and b were set had Lucene's own: the next export
    // sets warta's.
    http("POST", &format!("{}/_close", index.url()), None);
    let lucene = json!({"similarity": {"default": {"type": "BM25", "k1": 1.2, "b": 0.75}}});
    let put = http("PUT", &format!("{}/_settings", index.url()), Some(lucene));
    assert_eq!(put["acknowledged"], true, "{put}");
    http("POST", &format!("{}/_open", index.url()), None);
    assert_eq!(similarity()["k1"], "1.2");
    export();
    assert_eq!(
        similarity(),
        json!({"type": "BM25", "k1": "1.0", "b": "0.7"})
    );
    assert_same_hits(&env, &index.url());

    let run = env.run(&[
        "query",
        "kim",
        "--bm25-k1",
        "1.2",
        "--opensearch",
        &index.url(),
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("local index only"), "{run:?}");
}

/// The second stage of any-word queries (coverage) on the cluster, on the corpus of
/// `relevance::coverage_ranks_the_article_holding_more_of_the_query_first`: ten
/// four-word bodies, `kopi` in a (three times) and b, `teh` in b and seven others,
/// `jagung` in j and those seven. Each word weighs the square root of its IDF over the
/// cluster's counts (N = 10): kopi (df 2) sqrt(ln 4.4) = 1.2172, teh (df 8)
/// sqrt(ln(1 + 2.5/8.5)) = 0.5077. BM25 puts a (kopi three times) above b (both
/// words); b holds the whole query, a the share 1.2172 / 1.7249 = 0.7057, which takes
/// a below b, the seven the share 0.5077 / 1.7249 = 0.2943. j, found by a prefix only,
/// holds none of the words counted: share 0.
#[test]
fn the_cluster_scores_any_word_queries_again_by_coverage_as_locally() {
    let Some(base) = node(NODE_VAR) else { return };
    let env = TestEnv::new();
    let mut bodies = vec![
        ("a".to_string(), "kopi kopi kopi gula"),
        ("b".to_string(), "kopi teh beras garam"),
        ("j".to_string(), "beras garam jagung gula"),
    ];
    for i in 0..7 {
        bodies.push((format!("t{i}"), "teh beras garam jagung"));
    }
    for (id, body) in &bodies {
        env.write(
            &format!("news/{id}.json"),
            article(id, "Kabar pasar", "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let index = RemoteIndex::new(&base, "coverage");
    env.run(&["export", "--quiet", "--opensearch", &index.url()])
        .expect_code(0);
    let url = index.url();
    let ranked = |query: &str, extra: &[&str], remote: bool| -> Vec<(String, f64)> {
        let mut args = vec!["query", "--json", "--limit", "20", query];
        args.extend_from_slice(&["--match", "any", "--fields", "body"]);
        args.extend_from_slice(extra);
        // The coverage stage on both sides (the learned one has a test of its own).
        args.push("--no-learned");
        if remote {
            args.extend(["--opensearch", &url]);
        }
        let run = env.run(&args);
        run.expect_code(0);
        run.json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let id = h["id"].as_str().unwrap().to_string();
                (id, h["score"].as_f64().unwrap())
            })
            .collect()
    };
    let top2 = |extra: &[&str], remote: bool| -> Vec<String> {
        let hits = ranked("kopi teh", extra, remote);
        hits[..2].iter().map(|(id, _)| id.clone()).collect()
    };
    for remote in [false, true] {
        assert_eq!(top2(&[], remote), ["b", "a"], "remote: {remote}");
        assert_eq!(
            top2(&["--coverage", "0"], remote),
            ["a", "b"],
            "remote: {remote}"
        );
        assert_eq!(
            top2(&["--coverage", "1"], remote),
            ["b", "a"],
            "remote: {remote}"
        );
    }

    // Each hit's score is its first-stage score times share ^ exponent, with the
    // exponent asked for (0.2 by default).
    let first: std::collections::HashMap<String, f64> =
        ranked("kopi teh", &["--coverage", "0"], true)
            .into_iter()
            .collect();
    for (extra, exponent) in [(vec![], 0.2), (vec!["--coverage", "1"], 1.0)] {
        for (id, score) in ranked("kopi teh", &extra, true) {
            let share: f64 = match id.as_str() {
                "a" => 0.7057,
                "b" => 1.0,
                _ => 0.5077 / 1.7249,
            };
            let expected = first[&id] * share.powf(exponent);
            assert!(
                (score - expected).abs() < 1e-3 * expected,
                "{id}: score {score}, expected {expected} (exponent {exponent})"
            );
        }
    }

    // A hit holding none of the words counted falls to the end with a score of about
    // nothing, on both sides (a rescore query that missed it would leave its score).
    for remote in [false, true] {
        let hits = ranked("kopi teh jag*", &[], remote);
        let (last, score) = hits.last().unwrap();
        assert_eq!(last, "j", "remote: {remote}: {hits:?}");
        assert!(*score < 1e-3, "remote: {remote}: {hits:?}");
        assert!(
            hits[..hits.len() - 1].iter().all(|(_, s)| *s > 0.1),
            "{hits:?}"
        );
    }
    assert_eq!(
        ranked("kopi teh jag*", &[], false)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        ranked("kopi teh jag*", &[], true)
            .into_iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    );
}

/// The learned second stage on the cluster, worked by hand. Ten bodies of six words
/// (one sentence, so each is its own lede; every length is the average, so BM25's
/// length part is 1 and, with k1 = 1, a term seen tf times scores
/// sqrt(idf) x 2tf / (tf + 1), the lede's the same at half the boost):
/// a = kopi x5 (df 2: sqrt(ln 4.4) = 1.2172) scores 1.2172 x 10/6 = 2.0287 (x1.5),
/// b = kopi + teh (df 8: sqrt(ln(1 + 2.5/8.5)) = 0.5077) scores 1.7249 (x1.5).
/// Coverage: a holds the share 1.2172 / 1.7249 = 0.7057, 0.7057^0.2 = 0.9327, so
/// a (2.0287 x 0.9327 = 1.892) stays above b (1.7249). Learned: a holds one of the two
/// stems, in the body and in the lede, b both: a's factor 0.7057^0.707 x
/// exp(0.502 / 2 + 0.373 / 2) = 0.7815 x 1.5488 = 1.2104, b's exp(0.502 + 0.373) =
/// 2.3989 (equal lengths: the length factor is the same), so b (1.7249 x 2.3989 =
/// 4.138) goes above a (2.0287 x 1.2104 = 2.456). The cluster must rank as locally;
/// an index exported without the bodies' lengths falls back to coverage, with a note.
#[test]
fn the_cluster_ranks_by_the_learned_stage_as_locally() {
    let Some(base) = node(NODE_VAR) else { return };
    let env = TestEnv::new();
    let mut bodies = vec![
        ("a".to_string(), "kopi kopi kopi kopi kopi gula"),
        ("b".to_string(), "kopi teh gula susu roti madu"),
        ("j".to_string(), "gula susu roti madu gula susu"),
    ];
    for i in 0..7 {
        bodies.push((format!("t{i}"), "teh gula susu roti madu gula"));
    }
    for (id, body) in &bodies {
        env.write(
            &format!("news/{id}.json"),
            article(id, "Kabar pasar", "2019-10-01", "Kompas.com", body),
        );
    }
    env.index(&[&env.path("news")]);
    let index = RemoteIndex::new(&base, "learned");
    env.run(&["export", "--quiet", "--opensearch", &index.url()])
        .expect_code(0);
    let ranked = |url: Option<&str>, extra: &[&str]| -> (Vec<(String, f64)>, String) {
        let mut args = vec!["query", "--json", "--limit", "20", "kopi teh"];
        args.extend_from_slice(&["--match", "any", "--fields", "body"]);
        args.extend_from_slice(extra);
        if let Some(url) = url {
            args.extend(["--opensearch", url]);
        }
        let run = env.run(&args);
        run.expect_code(0);
        let hits = run.json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let id = h["id"].as_str().unwrap().to_string();
                (id, h["score"].as_f64().unwrap())
            })
            .collect();
        (hits, run.stderr.clone())
    };
    let ids = |hits: &[(String, f64)]| hits.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    let score = |hits: &[(String, f64)], id: &str| hits.iter().find(|(i, _)| i == id).unwrap().1;
    let url = index.url();
    for remote in [None, Some(url.as_str())] {
        let (learned, note) = ranked(remote, &[]);
        let (coverage, _) = ranked(remote, &["--no-learned"]);
        assert_eq!(ids(&learned)[..2], ["b", "a"], "{remote:?}: {learned:?}");
        assert_eq!(ids(&coverage)[..2], ["a", "b"], "{remote:?}: {coverage:?}");
        assert!(note.is_empty(), "{note}");
        // b over a by 4.138 / 2.456 = 1.685 learned; a over b by 1.892 / 1.7249 =
        // 1.097 by coverage.
        let ratio = score(&learned, "b") / score(&learned, "a");
        assert!((ratio - 1.685).abs() < 0.01, "{remote:?}: {ratio}");
        let ratio = score(&coverage, "a") / score(&coverage, "b");
        assert!((ratio - 1.097).abs() < 0.01, "{remote:?}: {ratio}");
    }
    assert_eq!(ids(&ranked(None, &[]).0), ids(&ranked(Some(&url), &[]).0));
    // A page inside the window is the window's: the second hit alone is a.
    let run = env.run(&[
        "query",
        "--format",
        "tsv",
        "--offset",
        "1",
        "--limit",
        "1",
        "kopi teh",
        "--match",
        "any",
        "--fields",
        "body",
        "--opensearch",
        &url,
    ]);
    assert_eq!(run.stdout.split('\t').next(), Some("a"), "{run:?}");
    // --explain names the learned stage and what it read.
    let run = env.run(&[
        "query",
        "--json",
        "--explain",
        "--limit",
        "1",
        "kopi teh",
        "--match",
        "any",
        "--fields",
        "body",
        "--opensearch",
        &url,
    ]);
    let explanation = &run.json()["hits"][0]["explanation"];
    assert!(
        explanation["description"]
            .as_str()
            .unwrap()
            .starts_with("learned:"),
        "{explanation}"
    );
    assert_eq!(explanation["details"][1]["value"], 6, "{explanation}");

    // An index exported before the bodies' lengths were: the same files without them.
    let old = RemoteIndex::new(&base, "learned-old");
    let files = env.path("old.ndjson");
    env.run(&["export", "--quiet", "--to", files.to_str().unwrap()])
        .expect_code(0);
    let mut settings: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("old.ndjson.index.json")).unwrap())
            .unwrap();
    settings["mappings"]["properties"]
        .as_object_mut()
        .unwrap()
        .remove("body_words")
        .expect("the mapping has body_words");
    http("PUT", &old.url(), Some(settings));
    let mut bulk = String::new();
    for line in std::fs::read_to_string(&files).unwrap().lines() {
        let mut item: Value = serde_json::from_str(line).unwrap();
        if let Some(source) = item.as_object_mut() {
            source.remove("body_words");
        }
        bulk.push_str(&item.to_string());
        bulk.push('\n');
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    agent
        .post(&format!("{}/_bulk?refresh=true", old.url()))
        .header("Content-Type", "application/x-ndjson")
        .send(bulk)
        .unwrap();
    let (fallback, note) = ranked(Some(&old.url()), &[]);
    assert_eq!(ids(&fallback)[..2], ["a", "b"], "{fallback:?}");
    assert!(note.contains("coverage stage alone"), "{note}");
    // Exported again, it gains the field and ranks as locally.
    env.run(&["export", "--quiet", "--opensearch", &old.url()])
        .expect_code(0);
    let (again, note) = ranked(Some(&old.url()), &[]);
    assert_eq!(ids(&again)[..2], ["b", "a"], "{again:?}");
    assert!(note.is_empty(), "{note}");
}
