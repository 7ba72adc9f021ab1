//! `warta serve`: the real binary on a free loopback port, asked over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::env::{article, repo_path, TestEnv};

/// A running `warta serve`, stopped (SIGTERM) when dropped.
struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
    token: Option<String>,
    stderr: mpsc::Receiver<String>,
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[track_caller]
    fn expect(&self, status: u16) -> &Reply {
        assert_eq!(self.status, status, "body: {}", self.body);
        self
    }
}

impl Server {
    fn start(env: &TestEnv, extra: &[&str]) -> Server {
        Server::start_with(env, extra, None)
    }

    fn start_with(env: &TestEnv, extra: &[&str], token: Option<&str>) -> Server {
        let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut cmd = env.command(&args);
        cmd.env_remove("WARTA_TOKEN");
        if let Some(token) = token {
            cmd.env("WARTA_TOKEN", token);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("warta serve starts");
        let (send, stderr) = mpsc::channel();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        std::thread::spawn(move || {
            while let Some(Ok(line)) = lines.next() {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        let first = stderr
            .recv_timeout(Duration::from_secs(30))
            .expect("warta serve says where it listens");
        let base = first
            .strip_prefix("warta: listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first}"))
            .to_string();
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Server {
            child,
            base,
            agent,
            token: token.map(String::from),
            stderr,
        }
    }

    fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut response = response.expect("the server answers");
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        Reply {
            status: response.status().as_u16(),
            headers,
            body: response.body_mut().read_to_string().expect("a text body"),
        }
    }

    /// GET with the server's token, if it has one.
    fn get(&self, path: &str) -> Reply {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        Server::reply(request.call())
    }

    fn get_with_auth(&self, path: &str, auth: Option<&str>) -> Reply {
        let mut request = self.agent.get(format!("{}{path}", self.base));
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        Server::reply(request.call())
    }

    fn post(&self, path: &str, body: &str) -> Reply {
        Server::reply(
            self.agent
                .post(format!("{}{path}", self.base))
                .header("Content-Type", "application/x-ndjson")
                .send(body),
        )
    }

    /// Sends SIGTERM and waits for the exit; returns the exit code and the rest of stderr.
    fn stop(mut self) -> (Option<i32>, String) {
        terminate(&self.child);
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "warta serve did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut rest = String::new();
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_secs(2)) {
            rest.push_str(&line);
            rest.push('\n');
        }
        (status.code(), rest)
    }
}

fn terminate(child: &Child) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn sample_env() -> TestEnv {
    let env = TestEnv::new();
    env.index(&[&repo_path("sample_corpus")]);
    env
}

/// `k=v&k=v` with each value percent-encoded.
fn url_query(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let encoded: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={encoded}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// CLI flags and the URL parameters that ask the same.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);

#[test]
fn the_api_answers_as_the_command_line_does() {
    let env = sample_env();
    let server = Server::start(&env, &[]);
    // The same request through both faces: CLI flags and URL parameters.
    let cases: &[Case] = &[
        (&["Vostochny"], &[("q", "Vostochny")]),
        (&["korut"], &[("q", "korut")]),
        (&["kim putin"], &[("q", "kim putin")]),
        (&["bangun"], &[("q", "bangun")]),
        (
            &["bangun", "--limit", "3", "--page", "2"],
            &[("q", "bangun"), ("limit", "3"), ("page", "2")],
        ),
        (
            &["bangun", "--offset", "2", "--limit", "4"],
            &[("q", "bangun"), ("offset", "2"), ("limit", "4")],
        ),
        (&["rudal OR jembatan"], &[("q", "rudal OR jembatan")]),
        (&["\"Korea Utara\""], &[("q", "\"Korea Utara\"")]),
        (
            &["presiden jokowi", "--match", "any"],
            &[("q", "presiden jokowi"), ("match", "any")],
        ),
        (
            &["presiden", "--sort", "newest"],
            &[("q", "presiden"), ("sort", "newest")],
        ),
        (
            &["presiden", "--sort", "oldest"],
            &[("q", "presiden"), ("sort", "oldest")],
        ),
        (
            &["presiden", "--source", "kompas", "--source", "tempo"],
            &[("q", "presiden"), ("source", "kompas"), ("source", "tempo")],
        ),
        (
            &["presiden", "--since", "2019-09-01", "--until", "2019-09-30"],
            &[
                ("q", "presiden"),
                ("since", "2019-09-01"),
                ("until", "2019-09-30"),
            ],
        ),
        (
            &["presiden", "--fields", "title"],
            &[("q", "presiden"), ("fields", "title")],
        ),
        (
            &["presiden", "--include-duplicates"],
            &[("q", "presiden"), ("include_duplicates", "true")],
        ),
        (
            &["presiden jokowi", "--match", "any", "--proximity"],
            &[
                ("q", "presiden jokowi"),
                ("match", "any"),
                ("proximity", "true"),
            ],
        ),
        (
            &["presiden jokowi", "--match", "any", "--bm25-k1", "0.5"],
            &[
                ("q", "presiden jokowi"),
                ("match", "any"),
                ("bm25_k1", "0.5"),
            ],
        ),
        (
            &["presiden jokowi", "--match", "any", "--coverage", "0"],
            &[
                ("q", "presiden jokowi"),
                ("match", "any"),
                ("coverage", "0"),
            ],
        ),
        (
            &["presiden jokowi", "--match", "any", "--no-learned"],
            &[
                ("q", "presiden jokowi"),
                ("match", "any"),
                ("learned", "false"),
            ],
        ),
        (
            &["rudal", "--match", "any", "--expand"],
            &[("q", "rudal"), ("match", "any"), ("expand", "true")],
        ),
        (
            &["presiden", "--no-snippets"],
            &[("q", "presiden"), ("snippets", "false")],
        ),
        (&["zzzzqqq"], &[("q", "zzzzqqq")]),
        // No article has both words: relaxed to those with most of them, unless
        // every word is asked for.
        (&["korut zzzzqqq"], &[("q", "korut zzzzqqq")]),
        (
            &["korut zzzzqqq", "--match", "all"],
            &[("q", "korut zzzzqqq"), ("match", "all")],
        ),
    ];
    let mut found = 0;
    for (flags, params) in cases {
        let mut args = vec!["query", "--json"];
        args.extend_from_slice(flags);
        let cli = env.run(&args);
        assert!(cli.code == 0 || cli.code == 1, "{flags:?}: {cli:?}");
        let api = server.get(&format!("/api/search?{}", url_query(params)));
        api.expect(200);
        assert_eq!(api.json(), cli.json(), "{flags:?} vs {params:?}");
        found += (cli.json()["total"].as_u64().unwrap() > 0) as usize;
    }
    // Not a comparison of empty answers: most of the queries find something.
    assert!(found >= 14, "only {found} queries found anything");
    let vostochny = server.get("/api/search?q=Vostochny").json();
    assert_eq!(vostochny["total"], 1);
    assert_eq!(
        vostochny["hits"][0]["id"],
        "tribunnews/2023/putin-kim-vostochny.txt"
    );
    assert_eq!(vostochny["hits"][0]["author"], "Nuryanti");
    assert_eq!(vostochny["schema_version"], 1);
    let relaxed = server.get("/api/search?q=korut%20zzzzqqq").json();
    assert_eq!(
        (relaxed["relaxed"].as_bool(), relaxed["total"].as_u64()),
        (Some(true), Some(2))
    );
    let strict = server.get("/api/search?q=korut%20zzzzqqq&match=all").json();
    assert_eq!(strict["total"], 0);
}

#[test]
fn articles_facets_stats_and_batch_match_their_commands() {
    let env = sample_env();
    let server = Server::start(&env, &[]);
    // An id with slashes, as written and percent-encoded.
    let id = "tribunnews/2023/putin-kim-vostochny.txt";
    let cli = env.run(&["show", "--json", id]);
    cli.expect_code(0);
    let api = server.get(&format!("/api/articles/{id}"));
    api.expect(200);
    assert_eq!(api.json(), cli.json());
    let encoded = server.get("/api/articles/tribunnews%2F2023%2Fputin-kim-vostochny.txt");
    assert_eq!(encoded.expect(200).json(), cli.json());
    assert!(api.json()["body"]
        .as_str()
        .unwrap()
        .contains("Vostochny Cosmodrome"));

    for by in ["source", "month", "year"] {
        let cli = env.run(&["query", "--json", "korut", "--count-by", by]);
        let api = server.get(&format!("/api/facets?q=korut&by={by}"));
        assert_eq!(api.expect(200).json(), cli.json(), "{by}");
    }
    // Korut: the Tribunnews article of 2023 and one of 2019 (counted by hand in
    // sample_corpus: the two articles naming Korea Utara).
    let years = server.get("/api/facets?q=korut&by=year").json();
    assert_eq!(
        years["groups"],
        json!([{"key": "2019", "count": 1}, {"key": "2023", "count": 1}])
    );
    // Without a query: every article, per outlet, summing to the whole corpus.
    let all = server.get("/api/facets?by=source").json();
    let sum: u64 = all["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 42);

    let stats = server.get("/api/stats").expect(200).json();
    let cli_stats = env.run(&["stats", "--json"]).json();
    for key in [
        "documents",
        "sources",
        "first_date",
        "last_date",
        "segments",
        "schema_version",
    ] {
        assert_eq!(stats[key], cli_stats[key], "{key}");
    }
    assert_eq!(stats["documents"], 42);

    let duplicates = server.get("/api/duplicates").expect(200).json();
    assert_eq!(duplicates, json!({"schema_version": 1, "groups": []}));

    let batch = server.post(
        "/api/search/batch",
        "{\"q\": \"Vostochny\", \"qid\": \"v\"}\n\n{\"q\": \"korut\", \"limit\": 1}\n{\"q\": \"(rudal\"}\nnot json\n",
    );
    batch.expect(200);
    assert_eq!(batch.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = batch
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["qid"], "v");
    assert_eq!(lines[0]["hits"][0]["id"], id);
    assert!(lines[0]["took_ms"].as_f64().unwrap() >= 0.0);
    // qids default to the line number, blank lines counted.
    assert_eq!(lines[1]["qid"], "3");
    assert_eq!(lines[1]["hits"].as_array().unwrap().len(), 1);
    assert_eq!(lines[1]["total"], 2);
    assert_eq!(lines[2]["column"], 1);
    assert!(lines[2]["error"].as_str().unwrap().contains("unclosed"));
    assert_eq!(lines[3]["qid"], "5");
    assert!(lines[3]["error"].as_str().unwrap().contains("line 5"));
}

#[test]
fn bad_requests_are_clear_errors_and_never_server_errors() {
    let env = sample_env();
    let server = Server::start(&env, &[]);
    let syntax = server.get("/api/search?q=kim%20)");
    assert_eq!(syntax.expect(400).json()["column"], 5, "{}", syntax.body);
    assert!(syntax.json()["error"]
        .as_str()
        .unwrap()
        .contains("column 5"));
    let unclosed = server.get("/api/search?q=%22kim").expect(400).json();
    assert!(unclosed["column"].as_u64().is_some(), "{unclosed}");
    let missing = server.get("/api/articles/no/such/article");
    assert_eq!(
        missing.expect(404).json()["error"],
        "no article with id \"no/such/article\""
    );
    for (path, words) in [
        ("/api/search?q=x&limit=101", "limit"),
        ("/api/search?q=x&limit=-1", "limit"),
        ("/api/search?q=x&limit=ten", "limit"),
        ("/api/search?q=x&page=0", "page"),
        ("/api/search?q=x&page=2&offset=3", "page or offset"),
        ("/api/search?q=x&offset=9901", "offset"),
        ("/api/search?q=x&page=101", "page"),
        ("/api/search?q=x&sort=best", "sort"),
        ("/api/search?q=x&match=some", "match"),
        ("/api/search?q=x&fields=nosuch", "nosuch"),
        ("/api/search?q=x&since=someday", "someday"),
        (
            "/api/search?q=x&include_duplicates=maybe",
            "include_duplicates",
        ),
        ("/api/search?q=x&bm25_k1=0.2", "bm25_k1"),
        ("/api/search?q=x&coverage=9", "coverage"),
        ("/api/search?q=x&coverage=-1", "coverage"),
        ("/api/search?q=x&learned=maybe", "learned"),
        ("/api/facets?q=x", "by"),
        ("/api/facets?q=x&by=day", "by"),
    ] {
        let reply = server.get(path);
        reply.expect(400);
        let error = reply.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(words), "{path}: {error}");
    }
    let long = "a".repeat(1001);
    server.get(&format!("/api/search?q={long}")).expect(400);
    server
        .get(&format!("/api/search?q={}", "a".repeat(1000)))
        .expect(200);
    let unknown = server.get("/api/nothing");
    assert_eq!(unknown.expect(404).json()["error"], "no such page");
    // A body over the limit (1 MiB) is refused before it is read: the answer comes
    // while the client has sent only its headers.
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream
        .write_all(
            b"POST /api/search/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{",
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    let many = "{\"q\": \"x\"}\n".repeat(1001);
    server.post("/api/search/batch", &many).expect(400);
    // Deep nesting and odd bytes are answered, not crashed on.
    server
        .get(&format!("/api/search?q={}", "%28".repeat(500)))
        .expect(400);
    for q in [
        "%00",
        "%F0%9F%98%80~2",
        "*",
        "date:%5B*%20TO%20*%5D",
        "title:",
        "-",
        "a^999999999999",
    ] {
        let status = server.get(&format!("/api/search?q={q}")).status;
        assert!(status == 200 || status == 400, "{q}: {status}");
    }
    server.get("/healthz").expect(200);
}

#[test]
fn responses_carry_security_headers_and_hostile_text_is_data() {
    let env = TestEnv::new();
    let title = "<script>alert('judul')</script> Banjir";
    let body = "Banjir melanda. <img src=x onerror=\"alert('isi')\"> Warga mengungsi.";
    env.write(
        "c/hostile.json",
        article("hostile-1", title, "2024-01-02", "Kompas.com", body),
    );
    env.index(&[&env.path("c")]);
    let server = Server::start(&env, &[]);
    let page = server.get("/");
    page.expect(200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    server.get("/app.js").expect(200);
    server.get("/style.css").expect(200);

    let found = server.get("/api/search?q=banjir");
    assert_eq!(found.header("content-type"), Some("application/json"));
    assert_eq!(found.header("x-content-type-options"), Some("nosniff"));
    let hit = &found.json()["hits"][0];
    assert_eq!(hit["title"], title);
    let shown = server.get("/api/articles/hostile-1").expect(200).json();
    assert_eq!(shown["title"], title);
    assert_eq!(shown["body"], body);
}

#[test]
fn a_running_server_sees_what_index_commits() {
    let env = TestEnv::new();
    env.write(
        "c/a.json",
        article(
            "a",
            "Gempa di Ambon",
            "2024-01-02",
            "Kompas.com",
            "Gempa mengguncang Ambon pagi ini.",
        ),
    );
    env.index(&[&env.path("c")]);
    let server = Server::start(&env, &[]);
    assert_eq!(server.get("/api/search?q=tsunami").json()["total"], 0);
    env.write(
        "c/b.json",
        article(
            "b",
            "Tsunami di Palu",
            "2024-01-03",
            "Tempo.co",
            "Tsunami menerjang Palu.",
        ),
    );
    env.index(&[&env.path("c")]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let answer = server.get("/api/search?q=tsunami").json();
        if answer["total"] == 1 {
            assert_eq!(answer["hits"][0]["id"], "b");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the new article never appeared: {answer}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.get("/api/stats").json()["documents"], 2);
    assert_eq!(
        server.get("/api/articles/b").expect(200).json()["title"],
        "Tsunami di Palu"
    );

    // While a larger run indexes, the server keeps answering from the last commit.
    let mut indexing = env
        .command(&[
            "index",
            "--quiet",
            repo_path("sample_corpus").to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut answered = 0;
    let status = loop {
        server.get("/api/search?q=gempa").expect(200);
        answered += 1;
        if let Some(status) = indexing.try_wait().unwrap() {
            break status;
        }
    };
    assert!(status.success());
    assert!(answered >= 1);
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/api/stats").json()["documents"] != 44 {
        assert!(
            Instant::now() < deadline,
            "the sample corpus never appeared"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_token_rule() {
    let env = TestEnv::new();
    env.write(
        "c/a.json",
        article(
            "a",
            "Gempa di Ambon",
            "2024-01-02",
            "Kompas.com",
            "Gempa mengguncang Ambon.",
        ),
    );
    env.index(&[&env.path("c")]);
    // Beyond loopback without a token: refused before listening.
    let refused = env.run(&["serve", "--bind", "0.0.0.0:0"]);
    refused.expect_code(2);
    assert!(refused.stderr.contains("token"), "{}", refused.stderr);
    let short = env.run(&["serve", "--bind", "127.0.0.1:0", "--token", "short"]);
    short.expect_code(2);
    assert!(short.stderr.contains("16"), "{}", short.stderr);
    let bad = env.run(&["serve", "--bind", "nowhere"]);
    bad.expect_code(2);
    assert!(bad.stderr.contains("--bind nowhere"), "{}", bad.stderr);

    // With a token (here on loopback, from the environment) the API needs it.
    let token = "een-lang-geheim-0123456789";
    let server = Server::start_with(&env, &[], Some(token));
    let path = "/api/search?q=gempa";
    let missing = server.get_with_auth(path, None);
    missing.expect(401);
    assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
    assert!(missing.json()["error"].as_str().unwrap().contains("token"));
    server
        .get_with_auth(path, Some("Bearer wrong-token-0123456789"))
        .expect(401);
    server.get_with_auth(path, Some(token)).expect(401);
    server.get_with_auth("/api/articles/a", None).expect(401);
    let answer = server.get_with_auth(path, Some(&format!("Bearer {token}")));
    assert_eq!(answer.expect(200).json()["total"], 1);
    // The page and the health check are public.
    server.get_with_auth("/healthz", None).expect(200);
    server.get_with_auth("/", None).expect(200);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let env = TestEnv::new();
    env.write(
        "c/a.json",
        article("a", "Gempa", "2024-01-02", "Kompas.com", "Gempa."),
    );
    env.index(&[&env.path("c")]);
    let server = Server::start(&env, &[]);
    server.get("/healthz").expect(200);
    let base = server.base.clone();
    let (code, stderr) = server.stop();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("shutting down"), "{stderr}");
    let address = base.trim_start_matches("http://");
    assert!(
        TcpStream::connect(address).is_err(),
        "still listening after SIGTERM"
    );
}

#[test]
fn a_client_that_stops_sending_headers_is_cut_off() {
    let env = TestEnv::new();
    env.write(
        "c/a.json",
        article("a", "Gempa", "2024-01-02", "Kompas.com", "Gempa."),
    );
    env.index(&[&env.path("c")]);
    let server = Server::start(&env, &[]);
    let mut stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    // The server closes the connection (perhaps after a 408) instead of waiting forever.
    let _ = stream.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(35), "waited {waited:?}");
    assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
}

#[test]
fn the_openapi_document_describes_the_routes() {
    let env = sample_env();
    let server = Server::start(&env, &[]);
    let doc = server.get("/api/openapi.json").expect(200).json();
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 8);
    for (path, item) in paths {
        let path = path.replace("{id}", "tribunnews/2023/putin-kim-vostochny.txt");
        let (method, operation) = item.as_object().unwrap().iter().next().unwrap();
        // Each required query parameter, with the first value its schema allows.
        let mut query = Vec::new();
        for param in operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            if param["in"] == "query" && param["required"] == true {
                let value = param["schema"]["enum"][0]
                    .as_str()
                    .unwrap_or("korut")
                    .to_string();
                query.push(format!("{}={value}", param["name"].as_str().unwrap()));
            }
        }
        let url = format!("{path}?{}", query.join("&"));
        let reply = match method.as_str() {
            "get" => server.get(&url),
            "post" => server.post(&url, "{\"q\": \"korut\"}\n"),
            other => panic!("{path}: unexpected method {other}"),
        };
        assert_eq!(reply.status, 200, "{method} {url}: {}", reply.body);
        let content_type = reply.header("content-type").unwrap();
        let documented = operation["responses"]["200"]["content"]
            .as_object()
            .unwrap();
        assert!(
            documented.contains_key(content_type),
            "{url}: {content_type}"
        );
        // The documented required keys are there.
        if content_type == "application/json" {
            let schema = &operation["responses"]["200"]["content"][content_type]["schema"];
            let schema = match schema["$ref"].as_str() {
                Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
                None => schema,
            };
            let body = reply.json();
            for key in schema["required"].as_array().cloned().unwrap_or_default() {
                assert!(body.get(key.as_str().unwrap()).is_some(), "{url}: no {key}");
            }
        }
    }
}
