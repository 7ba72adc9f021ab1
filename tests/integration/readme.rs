//! The README's examples, run as written against an index of `sample_corpus`, so that
//! the README and the binary cannot drift apart: every command in a `sh` block (with
//! `cargo run --release --` standing for `warta`), the output shown after a `$ `
//! command, and every query in the "you write" table.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::env::{repo_path, Run, TestEnv};

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A shell command line run by bash in `dir`, with `warta` on the PATH.
fn shell(dir: &Path, line: &str) -> Run {
    let bin = Path::new(env!("CARGO_BIN_EXE_warta")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .arg("-c")
        .arg(line)
        .current_dir(dir)
        .env("PATH", path)
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .env_remove("WARTA_INDEX")
        .stdin(Stdio::null())
        .output()
        .unwrap()
        .into()
}

/// A command is an example when it found something (0) or nothing (1); 2 is an error.
#[track_caller]
fn assert_example_runs(line: &str, run: &Run) {
    assert!(
        run.code == 0 || run.code == 1,
        "README example `{line}` exits {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        run.code,
        run.stdout,
        run.stderr
    );
}

/// The lines of each fenced block whose info string is `lang`.
fn blocks(readme: &str, lang: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // Inside a block: whether it is one of `lang`'s, and its lines.
    let mut open: Option<(bool, Vec<String>)> = None;
    for line in readme.lines() {
        if let Some(info) = line.strip_prefix("```") {
            match open.take() {
                Some((true, block)) => out.push(block),
                Some((false, _)) => {}
                None => open = Some((info.trim() == lang, Vec::new())),
            }
        } else if let Some((_, block)) = open.as_mut() {
            block.push(line.to_string());
        }
    }
    out
}

#[test]
fn every_readme_example_runs_on_the_sample_corpus() {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let env = TestEnv::new();
    copy_tree(&repo_path("sample_corpus"), &env.path("sample_corpus"));
    let dir = env.dir.path();
    let mut ran = 0;
    for block in blocks(&readme, "sh") {
        let mut lines = block.iter().peekable();
        while let Some(line) = lines.next() {
            let (command, shown) = match line.strip_prefix("$ ") {
                Some(command) => {
                    let mut shown = String::new();
                    while let Some(next) = lines.next_if(|l| !l.starts_with("$ ")) {
                        shown.push_str(next);
                        shown.push('\n');
                    }
                    (command.to_string(), Some(shown))
                }
                None => (line.clone(), None),
            };
            let command = command.replace("cargo run --release -- ", "warta ");
            // Building and installing are cargo's business, not examples of warta.
            if command.trim().is_empty() || command.starts_with("cargo ") {
                continue;
            }
            let run = shell(dir, &command);
            assert_example_runs(&command, &run);
            if command.starts_with("warta show ") {
                // Exit 1 would mean that the README names an article the corpus lacks.
                run.expect_code(0);
            }
            if let Some(shown) = shown {
                assert_eq!(run.stdout, shown, "README shows the output of `{command}`");
            }
            ran += 1;
        }
    }
    assert!(ran >= 10, "only {ran} README commands found");

    // The query table: each `query` in the first column, with its flags.
    let mut queries = 0;
    let table = readme
        .split("| you write |")
        .nth(1)
        .expect("the README's query table");
    for row in table.lines().skip(2).take_while(|l| l.starts_with('|')) {
        let cell = row.split('|').nth(1).unwrap();
        for example in cell.split('`').skip(1).step_by(2) {
            let (query, flags) = match example.find(" --") {
                Some(at) => (&example[..at], example[at..].split_whitespace().collect()),
                None => (example, Vec::new()),
            };
            let run: Run = Command::new(env!("CARGO_BIN_EXE_warta"))
                .arg("query")
                .arg(query)
                .args(flags)
                .current_dir(dir)
                .env_remove("WARTA_INDEX")
                .output()
                .unwrap()
                .into();
            let line = format!("warta query {example}");
            assert_example_runs(&line, &run);
            queries += 1;
        }
    }
    assert!(queries >= 20, "only {queries} table queries found");
}
