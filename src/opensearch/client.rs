//! Talking to an OpenSearch cluster over HTTP(S): where it is (`Target`, parsed from
//! `URL/INDEX` with credentials from the URL or the environment), and requests that
//! retry with back-off when the cluster is busy (429, 503) or briefly unreachable.
//! Credentials travel in a header only; no message this module makes contains them.

use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use serde_json::Value;

/// Environment variables holding the credentials when the URL has none.
pub const USER_VAR: &str = "WARTA_OPENSEARCH_USER";
pub const PASSWORD_VAR: &str = "WARTA_OPENSEARCH_PASSWORD";

/// An index on a cluster: `https://user:pass@host:9200/warta`.
#[derive(Clone)]
pub struct Target {
    /// Scheme, host and port (and any path prefix), without credentials or a final '/'.
    pub base: String,
    pub index: String,
    credentials: Option<(String, String)>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self)
    }
}

/// The target as people may see it: no credentials.
impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.base, self.index)
    }
}

impl Target {
    /// Parses `URL/INDEX`. The index is the last path segment; credentials come from
    /// the URL's user info or else `WARTA_OPENSEARCH_USER`/`_PASSWORD`.
    pub fn parse(text: &str) -> Result<Target> {
        let mut url = url::Url::parse(text).map_err(|e| {
            anyhow!(
                "--opensearch: expected http(s)://HOST:PORT/INDEX, got \"{}\": {e}",
                redact(text)
            )
        })?;
        if url.scheme() != "http" && url.scheme() != "https" {
            bail!("--opensearch: the URL must begin with http:// or https://");
        }
        let mut credentials = None;
        if !url.username().is_empty() {
            let decode = |s: &str| {
                percent_decode(s)
                    .ok_or_else(|| anyhow!("--opensearch: malformed credentials in the URL"))
            };
            let user = decode(url.username())?;
            let password = decode(url.password().unwrap_or(""))?;
            credentials = Some((user, password));
            let _ = url.set_username("");
            let _ = url.set_password(None);
        } else if let Ok(user) = std::env::var(USER_VAR) {
            let password = std::env::var(PASSWORD_VAR).unwrap_or_default();
            credentials = Some((user, password));
        }
        let path = url.path().trim_end_matches('/').to_string();
        let (prefix, index) = match path.rsplit_once('/') {
            Some((prefix, index)) if !index.is_empty() => (prefix.to_string(), index.to_string()),
            _ => bail!(
                "--opensearch: name the index after the host: {}/INDEX",
                url.origin().ascii_serialization()
            ),
        };
        check_index_name(&index)?;
        let base = format!("{}{}", url.origin().ascii_serialization(), prefix);
        Ok(Target {
            base,
            index,
            credentials,
        })
    }
}

/// OpenSearch's rules for index names, checked before any request.
fn check_index_name(name: &str) -> Result<()> {
    let bad = name.starts_with(['_', '-', '+'])
        || name == "."
        || name == ".."
        || name
            .chars()
            .any(|c| c.is_uppercase() || "\\/*?\"<>| ,#:".contains(c))
        || name.len() > 255;
    if bad {
        bail!("--opensearch: \"{name}\" is not a valid index name (lower case, no spaces or \\/*?\"<>|,#:)");
    }
    Ok(())
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `text` with any `user:password@` replaced by `***@`.
pub fn redact(text: &str) -> String {
    match (text.find("://"), text.find('@')) {
        (Some(scheme), Some(at)) if at > scheme && !text[scheme + 3..at].contains('/') => {
            format!("{}***{}", &text[..scheme + 3], &text[at..])
        }
        _ => text.to_string(),
    }
}

/// A connection to the cluster holding a target.
pub struct Client {
    agent: ureq::Agent,
    pub target: Target,
    authorization: Option<String>,
}

/// How many times a request is tried when the cluster is busy or unreachable.
const ATTEMPTS: u32 = 6;

impl Client {
    pub fn new(target: Target) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(300)))
            .build();
        let authorization = target.credentials.as_ref().map(|(user, password)| {
            let token =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            format!("Basic {token}")
        });
        Client {
            agent: config.into(),
            target,
            authorization,
        }
    }

    /// A path below the index: `index_path("_doc/1")`.
    pub fn index_path(&self, rest: &str) -> String {
        if rest.is_empty() {
            format!("/{}", self.target.index)
        } else {
            format!("/{}/{}", self.target.index, rest)
        }
    }

    /// Sends a request and returns the status and the JSON answer (Null when empty).
    /// 429 and 503 answers and connection failures are retried with back-off; any
    /// other status is returned for the caller to judge.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &str)>,
    ) -> Result<(u16, Value)> {
        let url = format!("{}{}", self.target.base, path);
        let mut delay = Duration::from_millis(250);
        let mut attempt = 1;
        loop {
            let answer = self.send_once(method, &url, body);
            let retry = match &answer {
                Ok((status, _)) => *status == 429 || *status == 503,
                Err(_) => true,
            };
            if !retry || attempt == ATTEMPTS {
                return answer.with_context(|| format!("{method} {}{path}", self.target.base));
            }
            std::thread::sleep(delay);
            delay = (delay * 2).min(Duration::from_secs(8));
            attempt += 1;
        }
    }

    fn send_once(
        &self,
        method: &str,
        url: &str,
        body: Option<(&str, &str)>,
    ) -> Result<(u16, Value)> {
        let request = ureq::http::Request::builder().method(method).uri(url);
        let request = match &self.authorization {
            Some(value) => request.header("Authorization", value),
            None => request,
        };
        let mut response = match body {
            Some((content_type, text)) => {
                let request = request
                    .header("Content-Type", content_type)
                    .body(text.to_string())?;
                self.agent.run(request)
            }
            None => self.agent.run(request.body(())?),
        }
        .map_err(|e| anyhow!("{}", redact(&e.to_string())))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .map_err(|e| anyhow!("{}", redact(&e.to_string())))?;
        let value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Ok((status, value))
    }

    /// Like [`send`](Self::send), and an error unless the status is 2xx.
    pub fn expect_ok(&self, method: &str, path: &str, body: Option<(&str, &str)>) -> Result<Value> {
        let (status, value) = self.send(method, path, body)?;
        if (200..300).contains(&status) {
            return Ok(value);
        }
        bail!(
            "{method} {}{path}: {status} {}",
            self.target.base,
            reason(&value)
        )
    }

    pub fn json(&self, method: &str, path: &str, body: &Value) -> Result<Value> {
        self.expect_ok(method, path, Some(("application/json", &body.to_string())))
    }
}

/// What an error answer says, in one line.
pub fn reason(value: &Value) -> String {
    let error = &value["error"];
    let text = match error {
        Value::Object(_) => {
            let root = &error["root_cause"][0];
            let (kind, why) = if root.is_object() {
                (&root["type"], &root["reason"])
            } else {
                (&error["type"], &error["reason"])
            };
            format!(
                "{}: {}",
                kind.as_str().unwrap_or("error"),
                why.as_str().unwrap_or("")
            )
        }
        Value::String(s) => s.clone(),
        Value::Null => value.to_string(),
        other => other.to_string(),
    };
    let text: String = text.chars().take(500).collect();
    redact(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_come_from_the_url_and_never_show() {
        let target = Target::parse("https://admin:s%40cret@search.example:9200/warta").unwrap();
        assert_eq!(target.base, "https://search.example:9200");
        assert_eq!(target.index, "warta");
        assert_eq!(
            target.credentials,
            Some(("admin".to_string(), "s@cret".to_string()))
        );
        assert_eq!(target.to_string(), "https://search.example:9200/warta");
        assert_eq!(format!("{target:?}"), "https://search.example:9200/warta");
    }

    #[test]
    fn a_path_prefix_is_kept_and_the_index_is_the_last_segment() {
        let target = Target::parse("http://127.0.0.1:9200/proxy/os/news-2024/").unwrap();
        assert_eq!(target.base, "http://127.0.0.1:9200/proxy/os");
        assert_eq!(target.index, "news-2024");
    }

    #[test]
    fn bad_targets_are_refused_without_showing_secrets() {
        for text in [
            "http://127.0.0.1:9200",
            "http://127.0.0.1:9200/",
            "ftp://x/y",
            "http://h/Upper",
        ] {
            assert!(Target::parse(text).is_err(), "{text}");
        }
        let err = Target::parse("http://u:hunter2@[bad/idx")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn redaction_hides_user_info_only() {
        assert_eq!(redact("https://u:p@h:1/i"), "https://***@h:1/i");
        assert_eq!(redact("http://h:1/i?q=a@b"), "http://h:1/i?q=a@b");
    }
}
