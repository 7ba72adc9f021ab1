//! The command line as plain data (clap derive). Doc comments are the help text.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::engine::{FacetBy, Sort};
use crate::output::{ColorChoice, Format};

/// Full-text search for archives of Indonesian news.
#[derive(Debug, Parser)]
#[command(name = "warta", version, about, max_term_width = 100)]
pub struct Cli {
    /// Index directory.
    #[arg(
        long,
        global = true,
        env = "WARTA_INDEX",
        default_value = "warta-index"
    )]
    pub index: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Parses the process's arguments; query words that begin with `-` (`hutan
    /// -kebakaran`) are taken as words rather than flags. Exits on a usage error.
    pub fn parse_args() -> Cli {
        Cli::parse_from(words_after_flags(std::env::args_os().collect()))
    }
}

/// Subcommands whose positional words are text, where `-word` excludes a word.
const TEXT_SUBCOMMANDS: &[&str] = &["query", "analyze"];

/// Rewrites `warta query hutan -kebakaran --json` as `warta query --json -- hutan
/// -kebakaran`: an argument that starts with `-` but is none of the subcommand's flags
/// is a query word, and everything after `--` is positional. The flags are read from
/// the clap definition, so this follows it as flags are added.
pub fn words_after_flags(args: Vec<OsString>) -> Vec<OsString> {
    let mut command = Cli::command();
    command.build();
    let mut at = 1;
    // Global flags before the subcommand's name.
    while at < args.len() {
        let arg = args[at].to_string_lossy();
        if !arg.starts_with('-') {
            break;
        }
        at += 1 + usize::from(takes_separate_value(&command, &arg));
    }
    let Some(name) = args.get(at).map(|a| a.to_string_lossy().into_owned()) else {
        return args;
    };
    let Some(sub) = command
        .get_subcommands()
        .find(|s| s.get_name() == name && TEXT_SUBCOMMANDS.contains(&s.get_name()))
    else {
        return args;
    };
    let mut flags: Vec<OsString> = args[..=at].to_vec();
    let mut words: Vec<OsString> = Vec::new();
    let mut rest = args[at + 1..].iter();
    while let Some(arg) = rest.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            words.extend(rest.by_ref().cloned());
        } else if is_flag(sub, &text) {
            flags.push(arg.clone());
            if takes_separate_value(sub, &text) {
                flags.extend(rest.next().cloned());
            }
        } else {
            words.push(arg.clone());
        }
    }
    if !words.is_empty() {
        flags.push("--".into());
        flags.extend(words);
    }
    flags
}

/// True when `arg` is for clap to read: any `--long` (an unknown one is clap's usage
/// error, not a word), `-s`, or a short flag with its value attached (`-n5`);
/// `-kebakaran` and `-` are words.
fn is_flag(command: &clap::Command, arg: &str) -> bool {
    if arg.starts_with("--") {
        return true;
    }
    let Some(short) = arg.strip_prefix('-') else {
        return false;
    };
    let mut chars = short.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    command.get_arguments().any(|a| {
        a.get_short() == Some(first)
            && (rest.is_empty()
                || (a.get_action().takes_values() && rest.chars().all(|c| c.is_ascii_digit())))
    })
}

/// True when `arg` is a flag of `command` whose value is the next argument.
fn takes_separate_value(command: &clap::Command, arg: &str) -> bool {
    if arg.contains('=') {
        return false;
    }
    command.get_arguments().any(|a| {
        let named = match arg.strip_prefix("--") {
            Some(long) => a.get_long() == Some(long),
            None => arg.len() == 2 && a.get_short() == arg.chars().nth(1),
        };
        named && a.get_action().takes_values() && !a.is_positional()
    })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the articles in folders or files (txt, json, jsonl, md, html; .gz too).
    Index(IndexArgs),
    /// Search the index.
    #[command(after_long_help = QUERY_SYNTAX)]
    Query(QueryArgs),
    /// Show the terms the Indonesian analyser makes of some text.
    Analyze(AnalyzeArgs),
    /// Print one stored article in full.
    Show(ShowArgs),
    /// Describe the index: articles, outlets, dates, size.
    Stats(StatsArgs),
    /// List groups of duplicate articles (exact and near copies), canonical first.
    Duplicates(DuplicatesArgs),
    /// Load the index into OpenSearch (or write the requests to files).
    Export(ExportArgs),
    /// Serve the archive over HTTP: a JSON API and a search page.
    Serve(ServeArgs),
    /// Print a shell completion script (e.g. `warta completions bash >
    /// ~/.local/share/bash-completion/completions/warta`).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), e.g. `warta man > warta.1 && man ./warta.1`.
    Man,
    /// Merge the index's segments into one and drop replaced articles: a query in a
    /// new process each time starts faster (a single-threaded pass over the index).
    Optimize(OptimizeArgs),
}

/// The query language, for `warta query --help` (the README's table, in short).
const QUERY_SYNTAX: &str = "\
Query syntax:
  kim putin              every word, in any inflected form (bangun finds membangun,
                         pembangunan); when no article has them all, those with the
                         most are shown, with a notice on stderr
  kim AND putin          every word, never fewer (as --match all)
  rudal OR jembatan      either word
  \"kereta lapis baja\"    the phrase; \"kereta baja\"~1 lets one word stand between
  hutan -kebakaran       without that exact word; -\"kebakaran hutan\" without the phrase;
                         NOT x too
  (rudal OR nuklir) korut  grouping
  title:gempa            one field: title, body, source, author, url, related, ...
                         (source:kompas, author:nuryanti); an unknown one is an error
  date:2019-09           publication days: date:2019-09-13,
                         date:[2019-09-01 TO 2019-09-30], date:[2019-10-01 TO *]
  pemba*                 words beginning so
  vostocny~              words within one typo (~2: two)
  kpk^3 revisi           weighs a word more
  Korut, KPK, Jabar      also their expansions (Korea Utara, ...) and back

Words that begin with '-' need no quotes: warta query hutan -kebakaran --json.

Examples:
  warta query korut --source kompas --source tempo
  warta query gempa --since 2019-09-01 --until 2019-09-30
  warta query banjir --sort newest --limit 20 --page 2
  warta query korut --count-by month
  printf 'q1\\tkorut\\nq2\\tgempa\\n' | warta query --batch

Exit status: 0 something found, 1 nothing found, 2 error.";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders or files to index.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Schema declaration to build a new index with (default: the built-in one).
    #[arg(long)]
    pub schema: Option<PathBuf>,
    /// Words never to stem (names, brands), one a line, for a new index.
    #[arg(long, value_name = "FILE")]
    pub protect: Option<PathBuf>,
    /// Extra root words the stemmer may reduce to, one a line, for a new index.
    #[arg(long, value_name = "FILE")]
    pub roots: Option<PathBuf>,
    /// Build the index anew (the old one answers queries until the new one is done).
    #[arg(long)]
    pub rebuild: bool,
    /// Follow symbolic links below the given paths (by default they are skipped, so
    /// that a link cannot bring files from outside the archive into the index).
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Threads that index (default: the number of cores); half as many parse files,
    /// or as many when web pages are among them.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Memory for the indexer's buffers, in MB.
    #[arg(long, default_value_t = 256)]
    pub memory: usize,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Match {
    /// Every word must match, always.
    All,
    /// Any word may match; articles with more of them rank higher.
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CountBy {
    Source,
    Month,
    Year,
}

impl From<CountBy> for FacetBy {
    fn from(by: CountBy) -> FacetBy {
        match by {
            CountBy::Source => FacetBy::Source,
            CountBy::Month => FacetBy::Month,
            CountBy::Year => FacetBy::Year,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortOrder {
    Relevance,
    Newest,
    Oldest,
}

impl From<SortOrder> for Sort {
    fn from(order: SortOrder) -> Sort {
        match order {
            SortOrder::Relevance => Sort::Relevance,
            SortOrder::Newest => Sort::Newest,
            SortOrder::Oldest => Sort::Oldest,
        }
    }
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query; several words are one query (see the syntax below, or `--help`).
    /// Not needed with --batch.
    #[arg(required_unless_present = "batch")]
    pub query: Vec<String>,
    /// Number of hits to print.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip before printing.
    #[arg(long, default_value_t = 0, conflicts_with = "page")]
    pub offset: usize,
    /// Page number (1-based) of --limit hits.
    #[arg(long)]
    pub page: Option<usize>,
    /// Fields searched by words without `field:` (comma-separated; default title,body).
    #[arg(long, value_delimiter = ',')]
    pub fields: Option<Vec<String>>,
    /// Whether all words or any word must match. Without it, every word must match,
    /// but when no article has them all, the articles with the most are shown (with a
    /// notice on stderr); `--match all` never relaxes so.
    #[arg(long = "match", value_enum)]
    pub match_mode: Option<Match>,
    /// Only articles from this outlet (repeatable; `kompas` matches Kompas.com).
    #[arg(long)]
    pub source: Vec<String>,
    /// Only articles published on or after this day (2019-09-01, "13 September 2023", 7d).
    #[arg(long)]
    pub since: Option<String>,
    /// Only articles published on or before this day (the whole day is included).
    #[arg(long)]
    pub until: Option<String>,
    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
    pub sort: SortOrder,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Short for --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Leave snippets out (faster).
    #[arg(long)]
    pub no_snippets: bool,
    /// Add each hit's score breakdown.
    #[arg(long)]
    pub explain: bool,
    /// Show every copy of a story; by default exact duplicates (the same body under
    /// several files or outlets) are shown once.
    #[arg(long)]
    pub include_duplicates: bool,
    /// Add to the query the terms that weigh most in its first answer's best articles
    /// (pseudo-relevance feedback); finds articles that word the story differently.
    #[arg(long)]
    pub expand: bool,
    /// With --match any, also score neighbouring query words found close together in
    /// an article (within two words), so articles that keep the query's wording rank
    /// higher.
    #[arg(long)]
    pub proximity: bool,
    /// With --match any, weigh each word by BM25's full IDF; by default the square root
    /// of it, so that articles sharing more of a long query's words rank higher than
    /// ones sharing only its rarest word.
    #[arg(long)]
    pub full_idf: bool,
    /// BM25's k1: how fast a word's repeats in an article stop adding to its score; b,
    /// how much a long article's words count for less, follows as 1 - 0.3/k1 (tantivy
    /// keeps k1 x (1 - b) at 0.3). By default 1.0 (b 0.7); 1.2 is tantivy's and
    /// Lucene's own (b 0.75). More than 0.3, at most 5. A local index only: OpenSearch's
    /// is set at export.
    #[arg(long, value_name = "K1")]
    pub bm25_k1: Option<f32>,
    /// With --match any (or when an all-words query is relaxed), the best 50 hits are
    /// scored again: each score times the share of the query's words the article holds
    /// (weighted by the square root of their IDF), to this power. By default 0.2; 0
    /// turns the second stage off; at most 4. With --opensearch too (the cluster's
    /// `rescore`).
    #[arg(long, value_name = "EXPONENT")]
    pub coverage: Option<f32>,
    /// Score the second stage by --coverage's exponent alone instead of the weights
    /// learned from the archive's own headlines (by default: the share, the body's
    /// length, and how many of the query's stems, exact forms and lede words the hit
    /// holds; with --opensearch too, scored by warta over the cluster's best 50).
    /// --coverage 0 turns either off.
    #[arg(long)]
    pub no_learned: bool,
    /// Count matching articles per outlet, month or year instead of listing hits.
    #[arg(long, value_enum)]
    pub count_by: Option<CountBy>,
    /// Read queries from stdin, one a line (`qid<TAB>query` or the query), and print
    /// one JSON line per query (so not with a query, --count-by or --format tsv/paths).
    #[arg(long, conflicts_with_all = ["query", "count_by"])]
    pub batch: bool,
    /// Ask an OpenSearch index made by `warta export` instead of the local index:
    /// http(s)://[USER:PASSWORD@]HOST:PORT/INDEX.
    #[arg(long, value_name = "URL/INDEX")]
    pub opensearch: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Text to analyse (several words are one text); without it, each line of stdin
    /// gives one line of terms.
    pub text: Vec<String>,
    /// Keep stop words (the default for indexing; this flag is kept for clarity).
    #[arg(long)]
    pub no_stop: bool,
    /// Drop stop words, as the snippet and query helpers may.
    #[arg(long, conflicts_with = "no_stop")]
    pub stop: bool,
    /// Print the folded surface forms instead of stems.
    #[arg(long)]
    pub surface: bool,
    /// Print the terms the title and body fields index: each stem, followed by
    /// `=form` where the word as written differs from it.
    #[arg(long, conflicts_with_all = ["surface", "explain"])]
    pub indexed: bool,
    /// Show every step for each word: token, folded, stem, why.
    #[arg(long)]
    pub explain: bool,
    /// Words never to stem, one a line (as `warta index --protect`).
    #[arg(long, value_name = "FILE")]
    pub protect: Option<PathBuf>,
    /// Extra root words, one a line (as `warta index --roots`).
    #[arg(long, value_name = "FILE")]
    pub roots: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as printed by `warta query`.
    pub id: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Ask an OpenSearch index made by `warta export` instead of the local index:
    /// http(s)://[USER:PASSWORD@]HOST:PORT/INDEX.
    #[arg(long, value_name = "URL/INDEX")]
    pub opensearch: Option<String>,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// No summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Ask an OpenSearch index made by `warta export` instead of the local index:
    /// http(s)://[USER:PASSWORD@]HOST:PORT/INDEX.
    #[arg(long, value_name = "URL/INDEX")]
    pub opensearch: Option<String>,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// Print one JSON object per group.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, printed on stderr).
    /// Anything but loopback needs --token.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub bind: String,
    /// Token API clients must send as `Authorization: Bearer TOKEN` (at least 16
    /// characters; required when --bind is not a loopback address).
    #[arg(long, env = "WARTA_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(args: &str) -> String {
        let args = args.split(' ').map(OsString::from).collect();
        let out: Vec<String> = words_after_flags(args)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        out.join(" ")
    }

    #[test]
    fn query_words_that_begin_with_a_hyphen_are_words() {
        let cases = [
            (
                "warta query hutan -kebakaran",
                "warta query -- hutan -kebakaran",
            ),
            (
                "warta query hutan -kebakaran --json",
                "warta query --json -- hutan -kebakaran",
            ),
            (
                "warta query korut --limit 3",
                "warta query --limit 3 -- korut",
            ),
            ("warta query korut -n 3 -x", "warta query -n 3 -- korut -x"),
            ("warta query korut -n3", "warta query -n3 -- korut"),
            (
                "warta query korut --limt 3",
                "warta query --limt -- korut 3",
            ),
            ("warta query -nuklir", "warta query -- -nuklir"),
            (
                "warta query a --source=kompas -b",
                "warta query --source=kompas -- a -b",
            ),
            (
                "warta --index ix query -a -- --json",
                "warta --index ix query -- -a --json",
            ),
            ("warta --index=ix query -a", "warta --index=ix query -- -a"),
            ("warta query --batch", "warta query --batch"),
            ("warta analyze -x y", "warta analyze -- -x y"),
            ("warta show -x", "warta show -x"),
            ("warta index -q a", "warta index -q a"),
        ];
        for (args, expected) in cases {
            assert_eq!(rewrite(args), expected, "{args}");
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The OpenSearch index to load: http(s)://[USER:PASSWORD@]HOST:PORT/INDEX
    /// (credentials also from WARTA_OPENSEARCH_USER and WARTA_OPENSEARCH_PASSWORD).
    #[arg(
        long,
        value_name = "URL/INDEX",
        required_unless_present = "to",
        conflicts_with = "to"
    )]
    pub opensearch: Option<String>,
    /// Write the bulk NDJSON to FILE and the index's settings and mappings to
    /// FILE.index.json instead of sending them.
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
    /// Primary shards of a new index.
    #[arg(long, default_value_t = 1)]
    pub shards: u32,
    /// Replicas of each shard in a new index.
    #[arg(long, default_value_t = 0)]
    pub replicas: u32,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}
