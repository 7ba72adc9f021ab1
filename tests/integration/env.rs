//! A temporary workspace with its own index, and a runner for the real binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            code: out.status.code().unwrap_or(-1),
        }
    }
}

impl Run {
    /// Fails with both streams shown when the exit code is not `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        if self.code != code {
            panic!(
                "expected exit code {code}, got {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.code, self.stdout, self.stderr
            );
        }
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }
}

/// The committed fixtures and sample corpus.
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn index_dir(&self) -> PathBuf {
        self.path("index")
    }

    /// Writes a file below the workspace, creating folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_input(args, None)
    }

    /// `warta --index INDEX ARGS` in the workspace, not yet started.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_warta"));
        cmd.arg("--index")
            .arg(self.index_dir())
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("WARTA_INDEX");
        cmd
    }

    pub fn run_with_input(&self, args: &[&str], input: Option<&str>) -> Run {
        let mut cmd = self.command(args);
        cmd.env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("warta runs");
        {
            let mut stdin = child.stdin.take().unwrap();
            if let Some(input) = input {
                // A warta that refuses its arguments exits without reading stdin; it
                // may be gone before the input is written.
                if let Err(e) = stdin.write_all(input.as_bytes()) {
                    assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
                }
            }
        }
        Run::from(child.wait_with_output().unwrap())
    }

    /// Indexes `paths` and insists that it worked.
    pub fn index(&self, paths: &[&Path]) -> Run {
        let mut args = vec!["index".to_string(), "--quiet".to_string()];
        args.extend(paths.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = self.run(&args);
        run.expect_code(0);
        run
    }

    /// Ids of the hits of a JSON query, in order.
    pub fn ids(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["query", "--json", "--limit", "100"];
        all.extend_from_slice(args);
        let run = self.run(&all);
        assert!(run.code == 0 || run.code == 1, "query failed: {run:?}");
        run.json()["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Sorted copy, for comparing sets of ids.
pub fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// One JSON article file's content.
pub fn article(id: &str, title: &str, date: &str, source: &str, body: &str) -> String {
    serde_json::json!({"id": id, "title": title, "date": date, "source": source, "body": body})
        .to_string()
}
