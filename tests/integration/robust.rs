//! What real machines do to `warta index`: a run killed at any moment, two runs on one
//! index, an index or archive folder without permissions, dangling links, very large
//! files. The index must always open, never hold an article twice, and the next run
//! must finish the job.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::env::{article, Run, TestEnv};

/// A word in every generated article, so that its hit count is the article count.
pub(crate) const EVERYWHERE: &str = "kaldera";

/// The user id permission checks are made for when the tests run as root (`nobody`).
pub(crate) const UNPRIVILEGED: u32 = 65534;

pub(crate) fn body(n: usize) -> String {
    format!("Warga di lereng {EVERYWHERE} Merapi mengungsi setelah hujan abu, laporan nomor {n}.")
}

/// Writes `files` JSON articles in nested folders and a JSON Lines file of `lines`
/// articles below `root`; returns the number of articles.
pub(crate) fn write_archive(env: &TestEnv, root: &str, files: usize, lines: usize) -> u64 {
    for i in 0..files {
        let rel = format!("{root}/outlet{}/{}/a{i:05}.json", i % 5, 2016 + i % 4);
        let json = article(
            &format!("a{i}"),
            &format!("Berita {i}"),
            "2019-09-16",
            "Kompas.com",
            &body(i),
        );
        env.write(&rel, json);
    }
    if lines > 0 {
        env.write(&format!("{root}/arsip.jsonl"), jsonl(lines, 0));
    }
    (files + lines) as u64
}

/// `count` JSON Lines articles with ids from `first`.
pub(crate) fn jsonl(count: usize, first: usize) -> String {
    let mut out = String::new();
    for i in first..first + count {
        out.push_str(&article(
            &format!("l{i}"),
            &format!("Baris {i}"),
            "2020-01-02",
            "Tempo",
            &body(i),
        ));
        out.push('\n');
    }
    out
}

/// Starts `warta ARGS` without waiting; its stderr goes to `stderr.txt` in the workspace.
pub(crate) fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    let log = File::create(env.path("stderr.txt")).unwrap();
    env.command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("warta runs")
}

pub(crate) fn no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "warta panicked:\n{}",
        run.stderr
    );
}

/// Matching articles, duplicates included.
pub(crate) fn matching(env: &TestEnv, query: &str) -> u64 {
    let run = env.run(&[
        "query",
        query,
        "--json",
        "--include-duplicates",
        "--limit",
        "1",
    ]);
    assert!(run.code == 0 || run.code == 1, "query {query}: {run:?}");
    run.json()["total"].as_u64().unwrap()
}

pub(crate) fn documents(env: &TestEnv) -> u64 {
    let run = env.run(&["stats", "--json"]);
    run.expect_code(0);
    run.json()["documents"].as_u64().unwrap()
}

/// Every indexed id, each once.
fn assert_ids_unique(env: &TestEnv, expected: u64) {
    let limit = (expected + 10).to_string();
    let args = [
        "query",
        EVERYWHERE,
        "--format",
        "tsv",
        "--include-duplicates",
        "--no-snippets",
        "--limit",
        &limit,
    ];
    let run = env.run(&args);
    run.expect_code(0);
    let mut ids: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids.len() as u64, expected);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len() as u64, expected, "an id is indexed twice");
}

/// What a killed run may leave: no index at all (killed before it made one), or an
/// index that opens and holds at most `most` articles, each once. Returns how many.
fn assert_intact(env: &TestEnv, most: u64, what: &str) -> u64 {
    if !env.index_dir().join("meta.json").exists() {
        let run = env.run(&["stats", "--json"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains("no warta index here"),
            "{what}: {}",
            run.stderr
        );
        return 0;
    }
    let docs = documents(env);
    assert!(
        docs <= most,
        "{what}: {docs} articles, at most {most} expected"
    );
    assert_eq!(
        matching(env, EVERYWHERE),
        docs,
        "{what}: every article answers once"
    );
    docs
}

/// Runs `warta index ARGS` and kills it after `delay`; true when it was still running.
fn kill_after(env: &TestEnv, args: &[&str], delay: Duration) -> bool {
    let mut child = spawn(env, args);
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap(); // SIGKILL: no destructor, no flush, no unlock
    child.wait().unwrap();
    running
}

#[test]
fn a_killed_first_build_leaves_an_index_that_opens_and_a_rerun_finishes() {
    let env = TestEnv::new();
    let total = write_archive(&env, "arsip", 1500, 3000);
    let root = env.path("arsip");
    let root = root.to_str().unwrap();
    // The kills fall at shares of how long a whole build of the same archive takes
    // here, so that they land while it runs in a debug build and in a release build
    // alike; 0: before it has written anything.
    let probe = TestEnv::new();
    write_archive(&probe, "arsip", 1500, 3000);
    let started = Instant::now();
    probe
        .run(&["index", "--quiet", probe.path("arsip").to_str().unwrap()])
        .expect_code(0);
    let whole = started.elapsed();
    let mut killed_while_running = 0;
    for share in [0.0, 0.1, 0.3, 0.6] {
        let delay = whole.mul_f64(share);
        if kill_after(&env, &["index", "--quiet", root], delay) {
            killed_while_running += 1;
        }
        assert_intact(&env, total, &format!("killed after {delay:?} of {whole:?}"));
    }
    assert!(
        killed_while_running >= 3,
        "the runs ended before they were killed"
    );

    // The stale lock files of the killed runs do not stop the next one.
    let run = env.run(&["index", root]);
    run.expect_code(0);
    no_panic(&run);
    assert_eq!(documents(&env), total);
    assert_eq!(matching(&env, EVERYWHERE), total);
}

#[test]
fn a_killed_update_keeps_a_consistent_state_and_a_rerun_finishes() {
    let env = TestEnv::new();
    let before = write_archive(&env, "arsip", 400, 600);
    let root = env.path("arsip");
    let root = root.to_str().unwrap();
    env.index(&[Path::new(root)]);
    // 40 files change, 30 are new, 20 go away, and the JSON Lines file grows by 100.
    for i in 0..40 {
        let rel = format!("arsip/outlet{}/{}/a{i:05}.json", i % 5, 2016 + i % 4);
        let json = article(
            &format!("a{i}"),
            "Berita baru",
            "2019-09-17",
            "Kompas.com",
            &format!("{} lahar", body(i)),
        );
        env.write(&rel, json);
    }
    for i in 400..430 {
        let rel = format!("arsip/baru/a{i:05}.json");
        env.write(
            &rel,
            article(
                &format!("a{i}"),
                "Baru",
                "2019-09-17",
                "Kompas.com",
                &body(i),
            ),
        );
    }
    for i in 100..120 {
        fs::remove_file(env.path(&format!(
            "arsip/outlet{}/{}/a{i:05}.json",
            i % 5,
            2016 + i % 4
        )))
        .unwrap();
    }
    env.write("arsip/arsip.jsonl", jsonl(700, 0));
    let after = before + 30 - 20 + 100;
    for ms in [20, 100, 300] {
        kill_after(&env, &["index", "--quiet", root], Duration::from_millis(ms));
        let docs = assert_intact(
            &env,
            before + 30 + 100,
            &format!("update killed after {ms} ms"),
        );
        eprintln!("update killed after {ms} ms: {docs} articles");
        assert!(
            docs >= before - 20,
            "update killed after {ms} ms: {docs} articles, lost some"
        );
        assert!(matching(&env, "lahar") <= 40);
    }
    let run = env.run(&["index", "--quiet", root]);
    run.expect_code(0);
    assert_eq!(documents(&env), after);
    assert_eq!(matching(&env, EVERYWHERE), after);
    assert_eq!(matching(&env, "lahar"), 40);
    assert_ids_unique(&env, after);
}

#[test]
fn a_second_writer_is_refused_at_once_while_readers_go_on() {
    let env = TestEnv::new();
    let small = write_archive(&env, "kecil", 5, 0);
    env.index(&[&env.path("kecil")]);

    // A run that lasts; the dangling link is reported just after the run takes the
    // index's write lock, which tells this test when it holds it.
    env.write("besar/arsip.jsonl", jsonl(20_000, 100));
    std::os::unix::fs::symlink("hilang.json", env.path("besar/0-hilang.json")).unwrap();
    let (mut writer, line) = spawn_until_first_line(
        &env,
        &[
            "index",
            "--quiet",
            "--follow",
            env.path("besar").to_str().unwrap(),
        ],
    );
    assert!(line.contains("0-hilang.json"), "{line}");

    let started = Instant::now();
    let second = env.run(&["index", "--quiet", env.path("kecil").to_str().unwrap()]);
    let waited = started.elapsed();
    assert!(
        writer.try_wait().unwrap().is_none(),
        "the long run ended too soon for this test"
    );
    second.expect_code(2);
    no_panic(&second);
    assert!(
        second
            .stderr
            .contains("index is locked by another warta process"),
        "{}",
        second.stderr
    );
    assert!(
        waited < Duration::from_secs(5),
        "the second run waited {waited:?}"
    );

    // Readers see the last commit while the writer works.
    let query = env.run(&["query", EVERYWHERE, "--json"]);
    query.expect_code(0);
    assert!(query.json()["total"].as_u64().unwrap() >= small);
    env.run(&["stats"]).expect_code(0);

    writer.kill().unwrap();
    writer.wait().unwrap();
    // A killed writer leaves its lock file, but not its lock.
    env.index(&[&env.path("kecil")]);
    assert_eq!(documents(&env), small);
}

/// Starts `warta ARGS` and returns once it has printed its first stderr line (which
/// tells the test it is past taking the writer lock).
pub(crate) fn spawn_until_first_line(env: &TestEnv, args: &[&str]) -> (Child, String) {
    let mut child = env
        .command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("warta runs");
    let stderr = child.stderr.take().unwrap();
    let (lines, first_line) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let line = first_line
        .recv_timeout(Duration::from_secs(60))
        .expect("the run reports the bad file");
    (child, line)
}

/// Whether permission bits bind this process: root (as in CI containers) writes
/// through them, and the tests then run warta as `nobody`.
pub(crate) fn permissions_bind(env: &TestEnv) -> bool {
    let dir = env.path("probe");
    fs::create_dir_all(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let bound = File::create(dir.join("x")).is_err();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    bound
}

/// Runs warta as an ordinary user would: as `nobody` when the tests run as root. The
/// workspace is opened to everyone for it. `None` when that is not possible here.
pub(crate) fn run_unprivileged(env: &TestEnv, args: &[&str]) -> Option<Run> {
    let mut cmd = env.command(args);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !permissions_bind(env) {
        fs::set_permissions(env.dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        cmd.uid(UNPRIVILEGED).gid(UNPRIVILEGED);
    }
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) => {
            eprintln!(
                "note: cannot run warta as an unprivileged user ({e}); permission checks skipped"
            );
            return None;
        }
    };
    Some(Run::from(out))
}

pub(crate) fn chmod_recursive(path: &Path, file_mode: u32, dir_mode: u32) {
    if path.is_dir() {
        for entry in fs::read_dir(path).unwrap() {
            chmod_recursive(&entry.unwrap().path(), file_mode, dir_mode);
        }
        fs::set_permissions(path, fs::Permissions::from_mode(dir_mode)).unwrap();
    } else {
        fs::set_permissions(path, fs::Permissions::from_mode(file_mode)).unwrap();
    }
}

#[test]
fn a_read_only_index_is_an_error_not_a_crash_and_still_answers() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 3, 0);
    env.index(&[&env.path("arsip")]);
    env.write(
        "arsip/baru.json",
        article("baru", "Baru", "2019-09-20", "Tempo", &body(99)),
    );
    chmod_recursive(&env.index_dir(), 0o444, 0o555);
    let run = run_unprivileged(
        &env,
        &["index", "--quiet", env.path("arsip").to_str().unwrap()],
    );
    chmod_recursive(&env.index_dir(), 0o644, 0o755);
    let Some(run) = run else { return };
    run.expect_code(2);
    no_panic(&run);
    let index = env.index_dir().display().to_string();
    let line = run.stderr.lines().find(|l| l.contains(&index));
    let line = line.unwrap_or_else(|| panic!("no error naming the index:\n{}", run.stderr));
    assert!(line.contains("permission denied"), "{line}");
    assert!(
        !line.contains("locked by another"),
        "a read-only index is not a locked one: {line}"
    );
    // The old index still answers, without the new article.
    assert_eq!(documents(&env), count);
    env.run(&["show", "a0"]).expect_code(0);
    env.run(&["show", "baru"]).expect_code(1);
}

#[test]
fn unreadable_folders_and_files_are_reported_and_the_rest_indexed() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 4, 0);
    env.write(
        "arsip/rahasia/x.json",
        article("rahasia", "R", "2019-09-20", "Tempo", &body(50)),
    );
    env.write(
        "arsip/terkunci.json",
        article("terkunci", "T", "2019-09-20", "Tempo", &body(51)),
    );
    fs::set_permissions(env.path("arsip/rahasia"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(
        env.path("arsip/terkunci.json"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    fs::create_dir(env.index_dir()).unwrap();
    fs::set_permissions(env.index_dir(), fs::Permissions::from_mode(0o777)).unwrap();
    let run = run_unprivileged(
        &env,
        &["index", "--quiet", env.path("arsip").to_str().unwrap()],
    );
    fs::set_permissions(env.path("arsip/rahasia"), fs::Permissions::from_mode(0o755)).unwrap();
    let Some(run) = run else { return };
    run.expect_code(2);
    no_panic(&run);
    for place in [
        "arsip/rahasia: permission denied",
        "arsip/terkunci.json: permission denied",
    ] {
        assert!(
            run.stderr.lines().any(|l| l.ends_with(place)),
            "no `{place}` in:\n{}",
            run.stderr
        );
    }
    assert_eq!(documents(&env), count);
}

#[test]
fn a_dangling_link_followed_is_reported_with_its_path_and_the_rest_indexed() {
    let env = TestEnv::new();
    let count = write_archive(&env, "arsip", 4, 0);
    std::os::unix::fs::symlink("tidak-ada.json", env.path("arsip/hilang.json")).unwrap();
    // A link to a folder that is gone, too.
    std::os::unix::fs::symlink("tidak-ada", env.path("arsip/folder-hilang")).unwrap();
    let run = env.run(&[
        "index",
        "--quiet",
        "--follow",
        env.path("arsip").to_str().unwrap(),
    ]);
    run.expect_code(2);
    no_panic(&run);
    for place in ["arsip/hilang.json: ", "arsip/folder-hilang: "] {
        let line = run.stderr.lines().find(|l| l.contains(place));
        let line = line.unwrap_or_else(|| panic!("no report of {place}:\n{}", run.stderr));
        assert!(line.ends_with("no such file or directory"), "{line}");
    }
    assert_eq!(documents(&env), count);
}

/// Indexes one generated file and reports how long it took, for the record.
fn index_large(env: &TestEnv, path: &std::path::Path, expected: u64) {
    let started = Instant::now();
    let run = env.run(&["index", path.to_str().unwrap()]);
    eprintln!(
        "{}: {:.1} s; {}",
        path.display(),
        started.elapsed().as_secs_f64(),
        run.stderr.trim()
    );
    run.expect_code(0);
    no_panic(&run);
    assert_eq!(documents(env), expected);
    assert_eq!(matching(env, EVERYWHERE), expected);
}

#[test]
#[ignore = "slow in debug builds: cargo test --release -- --ignored"]
fn a_50_mb_article_is_indexed() {
    let env = TestEnv::new();
    let sentence = format!("Warga di lereng {EVERYWHERE} Merapi mengungsi ke balai desa setelah hujan abu turun sejak pagi. ");
    let mut text = String::from("Gunung Merapi Kembali Erupsi\n\nYOGYAKARTA, KOMPAS.com - ");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&sentence);
    }
    let path = env.write("besar/merapi.txt", text);
    index_large(&env, &path, 1);
}

#[test]
#[ignore = "slow in debug builds: cargo test --release -- --ignored"]
fn a_100_mb_json_lines_file_is_indexed() {
    let env = TestEnv::new();
    let paragraph = "Pemerintah daerah membangun jembatan baru untuk warga desa yang selama ini menyeberang sungai dengan perahu. ".repeat(6);
    let mut text = String::new();
    let mut lines = 0;
    while text.len() < 100 * 1024 * 1024 {
        let body = format!("{} {paragraph}", body(lines));
        text.push_str(&article(
            &format!("l{lines}"),
            &format!("Baris {lines}"),
            "2020-01-02",
            "Tempo",
            &body,
        ));
        text.push('\n');
        lines += 1;
    }
    let path = env.write("besar/arsip.jsonl", text);
    index_large(&env, &path, lines as u64);
}

#[test]
fn a_deeply_nested_query_is_a_syntax_error_not_a_crash() {
    let env = TestEnv::new();
    write_archive(&env, "arsip", 2, 0);
    env.index(&[&env.path("arsip")]);
    let deep = format!("{}{EVERYWHERE}{}", "(".repeat(50_000), ")".repeat(50_000));
    let run = env.run(&["query", &deep]);
    run.expect_code(2);
    assert!(run.stderr.contains("syntax error"), "{}", run.stderr);
    // In a batch, it costs only its own line.
    let input = format!("1\t{}\n2\t{EVERYWHERE}\n", "(".repeat(50_000));
    let run = env.run_with_input(&["query", "--batch"], Some(&input));
    run.expect_code(2);
    let answers = run.json_lines();
    assert_eq!(answers.len(), 2, "{}", run.stderr);
    assert!(answers[0]["error"].is_string());
    assert_eq!(answers[1]["total"], 2);
}

#[test]
fn huge_limits_offsets_and_pages_are_not_a_crash() {
    let env = TestEnv::new();
    write_archive(&env, "arsip", 3, 0);
    env.index(&[&env.path("arsip")]);
    let max = usize::MAX.to_string();
    let half = (usize::MAX / 2).to_string();
    let cases: [&[&str]; 6] = [
        &["--limit", &max],
        &["--limit", "100000000000"],
        &["--offset", &max],
        &["--offset", &half],
        &["--page", &max],
        &["--page", &half, "--limit", "3"],
    ];
    for flags in cases {
        for sort in ["relevance", "newest"] {
            let mut args = vec!["query", EVERYWHERE, "--json", "--sort", sort];
            args.extend_from_slice(flags);
            let run = env.run(&args);
            no_panic(&run);
            assert!(run.code == 0 || run.code == 1, "{args:?}: {run:?}");
            assert_eq!(run.json()["total"], 3, "{args:?}");
        }
    }
}
