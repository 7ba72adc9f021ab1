//! The command line as plain data (clap derive). Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::{ColorChoice, Format};
use crate::search::Sort;

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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the articles in folders or files (txt, json, jsonl, md, html; .gz too).
    Index(IndexArgs),
    /// Search the index.
    Query(QueryArgs),
    /// Show the terms the Indonesian analyser makes of some text.
    Analyze(AnalyzeArgs),
    /// Print one stored article in full.
    Show(ShowArgs),
    /// Describe the index: articles, outlets, dates, size.
    Stats(StatsArgs),
    /// List groups of duplicate articles (exact and near copies), canonical first.
    Duplicates(DuplicatesArgs),
    /// Serve the archive over HTTP: a JSON API and a search page.
    Serve(ServeArgs),
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
    /// Delete the index and build it anew.
    #[arg(long)]
    pub rebuild: bool,
    /// Threads for parsing and indexing (default: the number of cores).
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
    /// Every word must match (articles with the most words are shown when none has all).
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

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query (see the README's "Searching"); several words are one query. Not
    /// needed with --batch.
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
    /// Whether all words or any word must match.
    #[arg(long = "match", value_enum, default_value_t = Match::All)]
    pub match_mode: Match,
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
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,
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
    /// Count matching articles per outlet, month or year instead of listing hits.
    #[arg(long, value_enum)]
    pub count_by: Option<CountBy>,
    /// Read queries from stdin, one a line (`qid<TAB>query` or the query), and print
    /// one JSON line per query.
    #[arg(long)]
    pub batch: bool,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Text to analyse; without it, each line of stdin gives one line of terms.
    pub text: Option<String>,
    /// Keep stop words (the default for indexing; this flag is kept for clarity).
    #[arg(long)]
    pub no_stop: bool,
    /// Drop stop words, as the snippet and query helpers may.
    #[arg(long, conflicts_with = "no_stop")]
    pub stop: bool,
    /// Print the folded surface forms instead of stems.
    #[arg(long)]
    pub surface: bool,
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
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
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
