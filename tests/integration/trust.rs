//! What an adversarial run broke once: a rebuild beside a running writer, an index
//! built by another user or kept read-only, a batch line that is not UTF-8, symbolic
//! links leading out of the archive, unreadable folders, giant compressed values and
//! large groups of identical copies.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::env::{article, Run, TestEnv};
use crate::robust::{
    chmod_recursive, documents, jsonl, matching, no_panic, permissions_bind, run_unprivileged,
    spawn_until_first_line, write_archive, EVERYWHERE, UNPRIVILEGED,
};

#[test]
fn a_rebuild_is_refused_while_another_writer_runs_and_the_writer_finishes() {
    let env = TestEnv::new();
    let small = write_archive(&env, "kecil", 5, 0);
    env.index(&[&env.path("kecil")]);
    // A run that lasts; the broken file, first in the walk, is reported once the run
    // holds the lock.
    env.write("besar/0-rusak.json", "{");
    env.write("besar/arsip.jsonl", jsonl(20_000, 100));
    let (mut writer, line) = spawn_until_first_line(
        &env,
        &[
            "index",
            "--quiet",
            "--threads",
            "1",
            env.path("besar").to_str().unwrap(),
        ],
    );
    assert!(line.contains("0-rusak.json"), "{line}");

    let rebuild = env.run(&[
        "index",
        "--quiet",
        "--rebuild",
        env.path("kecil").to_str().unwrap(),
    ]);
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the long run ended too soon for this test"
    );
    rebuild.expect_code(2);
    no_panic(&rebuild);
    assert!(
        rebuild
            .stderr
            .contains("index is locked by another warta process"),
        "{}",
        rebuild.stderr
    );
    // The running writer was not disturbed: it commits, and the index holds both.
    let status = writer.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(2),
        "the writer failed (beyond the bad file)"
    );
    assert_eq!(documents(&env), small + 20_000);
    assert_eq!(matching(&env, EVERYWHERE), small + 20_000);
    env.run(&["index", "--quiet", env.path("kecil").to_str().unwrap()])
        .expect_code(0);
}

#[test]
fn readers_during_a_rebuild_see_the_old_or_the_new_index_and_writers_are_refused() {
    let env = TestEnv::new();
    let small = write_archive(&env, "kecil", 5, 0);
    env.index(&[&env.path("kecil")]);
    env.write("besar/0-rusak.json", "{");
    env.write("besar/arsip.jsonl", jsonl(20_000, 100));
    let (mut rebuild, line) = spawn_until_first_line(
        &env,
        &[
            "index",
            "--quiet",
            "--rebuild",
            "--threads",
            "1",
            env.path("kecil").to_str().unwrap(),
            env.path("besar").to_str().unwrap(),
        ],
    );
    assert!(line.contains("0-rusak.json"), "{line}");
    let second = env.run(&["index", "--quiet", env.path("kecil").to_str().unwrap()]);
    second.expect_code(2);
    assert!(
        second
            .stderr
            .contains("index is locked by another warta process"),
        "{}",
        second.stderr
    );
    let mut answers = Vec::new();
    while rebuild.try_wait().unwrap().is_none() {
        let run = env.run(&["query", EVERYWHERE, "--json", "--limit", "1"]);
        run.expect_code(0);
        no_panic(&run);
        answers.push(run.json()["total"].as_u64().unwrap());
    }
    assert_eq!(rebuild.wait().unwrap().code(), Some(2));
    assert!(
        answers.iter().all(|&n| n == small || n == small + 20_000),
        "{answers:?}"
    );
    assert!(answers.contains(&small), "no query ran during the rebuild");
    assert_eq!(matching(&env, EVERYWHERE), small + 20_000);
    // The rebuilt index is an ordinary one: it updates, and leaves no staging files.
    env.run(&["index", "--quiet", env.path("kecil").to_str().unwrap()])
        .expect_code(0);
    assert!(!env.index_dir().join(".rebuild").exists());
    assert_eq!(documents(&env), small + 20_000);
}

/// Runs `sh -c SCRIPT` with the warta binary as `$1` and the workspace as cwd.
fn shell(env: &TestEnv, script: &str) -> Run {
    let out = Command::new("sh")
        .args(["-c", script, "sh", env!("CARGO_BIN_EXE_warta")])
        .current_dir(env.dir.path())
        .env_remove("WARTA_INDEX")
        .output()
        .unwrap();
    Run::from(out)
}

/// True when this process may act as another user (it runs as root).
fn can_switch_user(env: &TestEnv, what: &str) -> bool {
    if permissions_bind(env) {
        eprintln!("note: not running as root, no second user to try {what} with; skipped");
        return false;
    }
    let probe = Command::new("true")
        .uid(UNPRIVILEGED)
        .gid(UNPRIVILEGED)
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("note: cannot run as uid {UNPRIVILEGED}; {what} skipped");
        return false;
    }
    true
}

#[test]
fn another_user_can_query_an_index_that_root_built() {
    let env = TestEnv::new();
    if !can_switch_user(&env, "another user's index") {
        return;
    }
    let count = write_archive(&env, "arsip", 3, 0);
    shell(&env, "umask 022; \"$1\" --index index index --quiet arsip").expect_code(0);
    for entry in fs::read_dir(env.index_dir()).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode & 0o044,
            0o044,
            "{} is {mode:o}, not readable by others under umask 022",
            entry.path().display()
        );
    }
    fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let run = run_unprivileged(&env, &["query", EVERYWHERE, "--json"]).unwrap();
    run.expect_code(0);
    assert_eq!(run.json()["total"].as_u64(), Some(count));
    let run = run_unprivileged(&env, &["stats", "--json"]).unwrap();
    run.expect_code(0);
    // An index this user may not read at all: an error naming the index folder.
    fs::set_permissions(env.index_dir(), fs::Permissions::from_mode(0o700)).unwrap();
    let run = run_unprivileged(&env, &["query", EVERYWHERE]).unwrap();
    run.expect_code(2);
    no_panic(&run);
    let index = env.index_dir().display().to_string();
    assert!(
        run.stderr.contains(&index) && run.stderr.contains("permission denied"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_read_only_index_can_be_queried() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 3, 0);
    env.index(&[&env.path("arsip")]);
    chmod_recursive(&env.index_dir(), 0o444, 0o555);
    // With the lock file a reader takes there (written when the index was built), and
    // without it (an index copied to a read-only medium without its lock files).
    for lock_file in [true, false] {
        if !lock_file {
            chmod_recursive(&env.index_dir(), 0o644, 0o755);
            for name in [".tantivy-meta.lock", ".tantivy-writer.lock"] {
                let _ = fs::remove_file(env.index_dir().join(name));
            }
            chmod_recursive(&env.index_dir(), 0o444, 0o555);
        }
        let Some(run) = run_unprivileged(&env, &["query", EVERYWHERE, "--json"]) else {
            break;
        };
        no_panic(&run);
        run.expect_code(0);
        assert_eq!(run.json()["total"].as_u64(), Some(count));
        let run = run_unprivileged(&env, &["show", "a1"]).unwrap();
        run.expect_code(0);
        let run = run_unprivileged(&env, &["duplicates"]).unwrap();
        assert_eq!(run.code, 1, "{run:?}");
        assert!(
            !env.index_dir().join(".tantivy-meta.lock").exists() || lock_file,
            "a reader wrote into a read-only index"
        );
    }
    chmod_recursive(&env.index_dir(), 0o644, 0o755);
}

#[test]
fn a_batch_line_that_is_not_utf8_costs_only_that_line() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 3, 0);
    env.index(&[&env.path("arsip")]);
    let mut input = Vec::new();
    input.extend_from_slice(format!("q1\t{EVERYWHERE}\n").as_bytes());
    input.extend_from_slice(b"q2\tbanjir \xff\xfe jakarta\n");
    input.extend_from_slice(b"\xc3\x28\n");
    input.extend_from_slice(format!("q4\t{EVERYWHERE} merapi\r\n").as_bytes());
    let mut child = env
        .command(&["query", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(&input).unwrap();
    }
    let run = Run::from(child.wait_with_output().unwrap());
    run.expect_code(2);
    no_panic(&run);
    let answers = run.json_lines();
    let qids: Vec<&str> = answers.iter().map(|a| a["qid"].as_str().unwrap()).collect();
    assert_eq!(qids, ["q1", "q2", "3", "q4"]);
    assert_eq!(answers[0]["total"].as_u64(), Some(count));
    for bad in &answers[1..3] {
        let error = bad["error"].as_str().unwrap();
        assert!(error.contains("not valid UTF-8"), "{error}");
    }
    assert_eq!(answers[1]["error"], "stdin:2: the query is not valid UTF-8");
    assert_eq!(answers[3]["total"].as_u64(), Some(count));
}

#[test]
fn symbolic_links_are_followed_only_when_asked() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 2, 0);
    let secret = env.write(
        "luar/rahasia.txt",
        format!("Kata sandi rahasia {EVERYWHERE} ada di sini.\n\nIsi berkas di luar arsip."),
    );
    std::os::unix::fs::symlink(&secret, env.path("arsip/rahasia.txt")).unwrap();
    std::os::unix::fs::symlink(env.path("luar"), env.path("arsip/folder-luar")).unwrap();
    let run = env.run(&["index", env.path("arsip").to_str().unwrap()]);
    run.expect_code(0);
    assert!(run.stderr.contains("2 skipped"), "{}", run.stderr);
    assert_eq!(documents(&env), count);
    assert_eq!(matching(&env, "sandi"), 0);

    let run = env.run(&["index", "--follow", env.path("arsip").to_str().unwrap()]);
    run.expect_code(0);
    // The file, through its link and through the linked folder.
    assert_eq!(documents(&env), count + 2);
    assert_eq!(matching(&env, "sandi"), 2);
    // A path given on the command line may itself be a link.
    let env2 = TestEnv::new();
    std::os::unix::fs::symlink(env.path("arsip"), env2.path("tautan")).unwrap();
    let run = env2.run(&["index", env2.path("tautan").to_str().unwrap()]);
    run.expect_code(0);
    assert_eq!(documents(&env2), count);
    // And a link to one file, named on the command line, is that file.
    let env3 = TestEnv::new();
    std::os::unix::fs::symlink(&secret, env3.path("satu.txt")).unwrap();
    let run = env3.run(&["index", env3.path("satu.txt").to_str().unwrap()]);
    run.expect_code(0);
    assert!(run.stderr.contains("0 skipped"), "{}", run.stderr);
    assert_eq!(documents(&env3), 1);
    assert_eq!(matching(&env3, "sandi"), 1);
}

/// A gzip stream of `prefix`, `megabytes` MB of the letter a, and `suffix`, made of
/// concatenated gzip members (one compressed megabyte repeated), so that writing it is
/// quick: it inflates about a thousand times.
fn gzip_bomb(prefix: &str, megabytes: usize, suffix: &str) -> Vec<u8> {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let member = |bytes: &[u8]| {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    };
    let chunk = member(&vec![b'a'; 1 << 20]);
    let mut out = member(prefix.as_bytes());
    for _ in 0..megabytes {
        out.extend_from_slice(&chunk);
    }
    out.extend_from_slice(&member(suffix.as_bytes()));
    out
}

#[test]
fn a_compressed_giant_value_costs_only_its_file_under_a_memory_limit() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 3, 0);
    // 300 MB of body in a 300 kB file, in a JSON file and in a JSON Lines file between
    // two good lines.
    env.write(
        "arsip/bom.json.gz",
        gzip_bomb(r#"{"id": "bom", "title": "Bom", "body": ""#, 300, r#""}"#),
    );
    let good = |id: &str| {
        article(
            id,
            "Baris",
            "2020-01-02",
            "Tempo",
            &format!("Warga {EVERYWHERE} {id}."),
        )
    };
    env.write(
        "arsip/bom.jsonl.gz",
        gzip_bomb(
            &format!("{}\n{{\"id\": \"bomline\", \"body\": \"", good("l1")),
            300,
            "\"}\n",
        ),
    );
    // An uncompressed line longer than any value may be, between two good ones.
    let mut long = format!("{}\n{{\"id\": \"long\", \"body\": \"", good("m1"));
    long.push_str(&"b".repeat(65 << 20));
    long.push_str(&format!("\"}}\n{}\n", good("m3")));
    env.write("arsip/panjang.jsonl", long);
    // Under a limit of 1 GB of address space, which the whole value does not fit in.
    let run = shell(
        &env,
        "ulimit -v 1000000 && exec \"$1\" --index index index --threads 1 arsip",
    );
    no_panic(&run);
    run.expect_code(2);
    for (place, reason) in [
        ("arsip/bom.json.gz: ", "a gzip bomb?"),
        ("arsip/bom.jsonl.gz:2: ", "a gzip bomb?"),
        ("arsip/panjang.jsonl:2: ", "line too large: more than 64 MB"),
    ] {
        let line = run.stderr.lines().find(|l| l.contains(place));
        let line = line.unwrap_or_else(|| panic!("no report of {place}:\n{}", run.stderr));
        assert!(line.contains(reason), "{line}");
    }
    // Everything else is committed: the good files, the good lines on either side.
    assert_eq!(documents(&env), count + 3);
    assert_eq!(matching(&env, EVERYWHERE), count + 3);
    for id in ["l1", "m1", "m3", "a0"] {
        env.run(&["show", id]).expect_code(0);
    }
    // The summary counts the bomb as failed, not as added too.
    assert!(
        run.stderr.contains("(6 seen: 5 added,") && run.stderr.contains("3 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreadable_folder_keeps_its_indexed_articles() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 6, 0);
    env.write(
        "arsip/rahasia/x.json",
        article(
            "rahasia",
            "R",
            "2019-09-20",
            "Tempo",
            &format!("Laporan {EVERYWHERE}."),
        ),
    );
    fs::create_dir(env.index_dir()).unwrap();
    fs::set_permissions(env.index_dir(), fs::Permissions::from_mode(0o777)).unwrap();
    let arsip = env.path("arsip");
    let arsip = arsip.to_str().unwrap();
    let Some(first) = run_unprivileged(&env, &["index", "--quiet", arsip]) else {
        return;
    };
    first.expect_code(0);
    assert_eq!(documents(&env), count + 1);
    // A folder that cannot be listed, an article folder (outlet0) made unreadable too,
    // and one file really gone.
    fs::set_permissions(env.path("arsip/rahasia"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(env.path("arsip/outlet1"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::remove_file(env.path("arsip/outlet0/2016/a00000.json")).unwrap();
    let run = run_unprivileged(&env, &["index", arsip]).unwrap();
    fs::set_permissions(env.path("arsip/rahasia"), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(env.path("arsip/outlet1"), fs::Permissions::from_mode(0o755)).unwrap();
    run.expect_code(2);
    no_panic(&run);
    for place in [
        "arsip/rahasia: permission denied",
        "arsip/outlet1: permission denied",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.ends_with(place)),
            "no `{place}` in:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("1 removed"), "{}", run.stderr);
    assert_eq!(documents(&env), count);
    env.run(&["show", "rahasia"]).expect_code(0);
    env.run(&["show", "a1"]).expect_code(0);
    env.run(&["show", "a0"]).expect_code(1);
}

#[test]
fn a_failed_commit_leaves_no_half_written_files() {
    let env = TestEnv::new();
    write_archive(&env, "kecil", 3, 0);
    env.index(&[&env.path("kecil")]);
    let size = |env: &TestEnv| -> u64 {
        fs::read_dir(env.index_dir())
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum()
    };
    let before = size(&env);
    env.write("besar/arsip.jsonl", jsonl(20_000, 100));
    // Files may grow to 1 MB (as on a disk that is full): the segment's store does not
    // fit, and writing it fails.
    let run = shell(
        &env,
        "trap '' XFSZ; ulimit -f 1000 && exec \"$1\" --index \"$PWD/index\" index --quiet --threads 1 besar",
    );
    no_panic(&run);
    run.expect_code(2);
    let index = env.index_dir().display().to_string();
    assert!(run.stderr.contains(&index), "{}", run.stderr);
    // The cause itself, not only that an indexing thread stopped.
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    let after = size(&env);
    assert!(
        after < before + 64 * 1024,
        "{before} bytes before, {after} after"
    );
    assert_eq!(documents(&env), 3);
}

#[test]
fn counts_by_month_and_outlet_keep_articles_without_them() {
    let env = TestEnv::new();
    env.write(
        "arsip/a.json",
        r#"{"id": "a", "title": "Gempa", "body": "Gempa mengguncang Ambon pagi ini."}"#,
    );
    env.write(
        "arsip/b.json",
        article(
            "b",
            "Gempa",
            "2019-09-26",
            "Tempo",
            "Gempa mengguncang Ambon lagi.",
        ),
    );
    env.index(&[&env.path("arsip")]);
    let run = env.run(&["query", "gempa", "--count-by", "month"]);
    run.expect_code(0);
    assert_eq!(run.stdout, "2019-09\t1\nunknown\t1\n");
    let run = env.run(&["query", "gempa", "--count-by", "source", "--json"]);
    run.expect_code(0);
    let groups = &run.json()["groups"];
    assert_eq!(groups[1]["key"], "unknown", "{groups}");
    assert_eq!(groups[1]["count"], 1);
}

const STORY: &str = "Harga cabai rawit di Pasar Induk Kramat Jati naik tajam sejak awal pekan. Pedagang menyebut pasokan dari Jawa Tengah berkurang karena kemarau panjang yang melanda sentra produksi. Seorang pedagang mengatakan harga kini mencapai Rp 80.000 per kilogram, naik dari Rp 50.000 pekan lalu. Pemerintah daerah berjanji menggelar operasi pasar untuk menekan harga dalam beberapa hari ke depan.";

/// `copies` identical articles (ids `salinan-N`, the first a day earlier), a near copy
/// with another dateline, and an article of another story, as one JSON Lines file.
fn write_copies(env: &TestEnv, copies: usize) {
    let mut lines = String::new();
    for i in 0..copies {
        let date = if i == 0 { "2019-09-15" } else { "2019-09-16" };
        let id = format!("salinan-{i:05}");
        lines.push_str(&article(&id, "Harga cabai naik", date, "Kompas.com", STORY));
        lines.push('\n');
    }
    let near = format!("JAKARTA, KOMPAS.com - {STORY}");
    lines.push_str(&article(
        "dekat",
        "Harga cabai",
        "2019-09-17",
        "Tempo",
        &near,
    ));
    lines.push('\n');
    let other = "Tim nasional sepak bola Indonesia kalah dari Malaysia dalam laga kualifikasi.";
    lines.push_str(&article(
        "lain",
        "Timnas kalah",
        "2019-09-17",
        "Tempo",
        other,
    ));
    lines.push('\n');
    env.write("arsip/salinan.jsonl", lines);
}

/// Checks `duplicates` and `show` on `copies` identical articles under a limit of
/// `limit_kb` of address space (which a cost quadratic in the group's size exceeds).
fn check_large_group(env: &TestEnv, copies: usize, limit_kb: u64) {
    let limited = |args: &str| {
        let script = format!("ulimit -v {limit_kb} && exec \"$1\" --index index {args}");
        let run = shell(env, &script);
        no_panic(&run);
        run
    };
    let run = limited("duplicates --json");
    run.expect_code(0);
    let groups = run.json_lines();
    assert_eq!(groups.len(), 1, "{}", run.stderr);
    assert_eq!(groups[0]["canonical"], "salinan-00000");
    let others = groups[0]["duplicates"].as_array().unwrap();
    assert_eq!(others.len(), copies, "the copies and the near copy");
    assert_eq!(others[0], "salinan-00001");
    assert_eq!(others[copies - 1], "dekat");

    let run = limited("show salinan-00001 --json");
    run.expect_code(0);
    let shown = run.json();
    assert_eq!(shown["duplicate_of"], "salinan-00000");
    assert_eq!(shown["duplicates"].as_array().unwrap().len(), copies);
    let run = limited("show dekat --json");
    run.expect_code(0);
    assert_eq!(run.json()["duplicate_of"], "salinan-00000");
    let run = limited("show lain --json");
    run.expect_code(0);
    assert_eq!(run.json()["duplicate_of"], serde_json::Value::Null);
    assert_eq!(run.json()["duplicates"], serde_json::json!([]));
}

#[test]
fn a_large_group_of_identical_copies_costs_memory_linear_in_its_size() {
    let env = TestEnv::new();
    write_copies(&env, 5_000);
    env.index(&[&env.path("arsip")]);
    // Pairs of 5,000 copies alone would take 200 MB.
    check_large_group(&env, 5_000, 150_000);
}

#[test]
#[ignore = "slow in debug builds: cargo test --release -- --ignored"]
fn twenty_thousand_identical_copies_cost_memory_linear_in_their_number() {
    let env = TestEnv::new();
    write_copies(&env, 20_000);
    env.index(&[&env.path("arsip")]);
    check_large_group(&env, 20_000, 300_000);
}

#[test]
fn an_index_with_story_keys_in_its_term_dictionary_still_shows_its_groups() {
    // Version 2 indexes were built with the keys as terms, and `show` looks them up.
    let env = TestEnv::new();
    write_copies(&env, 3);
    let schema = fs::read_to_string(crate::env::repo_path("index_schema.json")).unwrap();
    let mut decl: serde_json::Value = serde_json::from_str(&schema).unwrap();
    let fields = decl["fields"].as_array_mut().unwrap();
    assert!(fields.iter().all(|f| f["name"] != "story_keys"));
    fields.push(serde_json::json!({
        "name": "story_keys", "from": "story_keys", "type": "u64",
        "stored": false, "fast": false, "indexed": true
    }));
    let old = env.write("lama.json", decl.to_string());
    env.run(&[
        "index",
        "--quiet",
        "--schema",
        old.to_str().unwrap(),
        "arsip",
    ])
    .expect_code(0);
    check_large_group(&env, 3, 150_000);
}

#[test]
fn show_finds_copies_in_other_segments_and_not_deleted_ones() {
    // Each run commits a segment of its own; `show` gathers copies from every segment's
    // fingerprints, and only from live articles.
    let env = TestEnv::new();
    let one = |id: &str, date: &str, body: &str| {
        article(id, "Harga cabai naik", date, "Kompas.com", body) + "\n"
    };
    let other = "Tim nasional sepak bola Indonesia kalah dari Malaysia dalam laga kualifikasi.";
    env.write("arsip/a.jsonl", one("asli", "2019-09-15", STORY));
    env.index(&[&env.path("arsip")]);
    let near = format!("JAKARTA, KOMPAS.com - {STORY}");
    // One run, one segment: the copies in b.jsonl, another story in c.jsonl.
    env.write(
        "arsip/b.jsonl",
        one("salinan", "2019-09-16", STORY) + &one("dekat", "2019-09-17", &near),
    );
    env.write("arsip/c.jsonl", one("lain", "2019-09-17", other));
    env.index(&[&env.path("arsip")]);
    let show = |id: &str| {
        let run = env.run(&["show", id, "--json"]);
        run.expect_code(0);
        run.json()
    };
    assert_eq!(
        show("asli")["duplicates"],
        serde_json::json!(["salinan", "dekat"])
    );
    assert_eq!(show("dekat")["duplicate_of"], "asli");
    assert_eq!(show("lain")["duplicates"], serde_json::json!([]));
    // b.jsonl changed: its articles are deleted (in a segment that keeps c.jsonl's
    // article alive) and indexed again, without the copy.
    env.write("arsip/b.jsonl", one("dekat", "2019-09-17", &near));
    env.index(&[&env.path("arsip")]);
    assert_eq!(show("asli")["duplicates"], serde_json::json!(["dekat"]));
    assert_eq!(show("dekat")["duplicate_of"], "asli");
}
