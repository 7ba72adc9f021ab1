//! The index's field declaration (`index_schema.json`) and its translation into a
//! tantivy schema.
//!
//! The declaration is data: which article attribute feeds each field, how it is
//! analysed, whether it is stored, fast, searched by default and with what boost. The
//! binary embeds the top-level `index_schema.json` as the default; an index keeps a copy
//! of the declaration it was built with, so queries always analyse text the way the
//! index did. This module does not read articles or run queries.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions,
};

/// The declaration shipped with warta.
pub const DEFAULT_SCHEMA: &str = include_str!("../index_schema.json");

/// The file an index directory keeps its declaration in.
pub const SCHEMA_FILE_NAME: &str = "warta_schema.json";

/// The article attribute a field is filled from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Id,
    Path,
    Line,
    Title,
    Lede,
    Body,
    Related,
    Source,
    Author,
    Url,
    Date,
    Day,
    Published,
    Hash,
    IdKey,
    Minhash,
    StoryKeys,
    FileHash,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    String,
    U64,
    Date,
}

/// Analysers a text field can name; see `tokenizer.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnalyzerName {
    /// Indonesian stems: the recall field.
    Indonesian,
    /// Folded surface forms, unstemmed: rewards the query's own word forms.
    IndonesianSurface,
    /// Lower-cased, folded words: names, outlets, URLs.
    Words,
}

impl AnalyzerName {
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            AnalyzerName::Indonesian => "warta_indonesian",
            AnalyzerName::IndonesianSurface => "warta_surface",
            AnalyzerName::Words => "warta_words",
        }
    }
}

fn yes() -> bool {
    true
}

fn one() -> f32 {
    1.0
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDecl {
    pub name: String,
    pub from: Source,
    #[serde(rename = "type")]
    pub kind: FieldType,
    #[serde(default)]
    pub analyzer: Option<AnalyzerName>,
    #[serde(default)]
    pub stored: bool,
    #[serde(default)]
    pub fast: bool,
    #[serde(default = "yes")]
    pub indexed: bool,
    #[serde(default = "one")]
    pub boost: f32,
    /// Searched when a query names no field.
    #[serde(default)]
    pub search: bool,
    /// This field holds the unstemmed forms of the named field.
    #[serde(default)]
    pub exact_of: Option<String>,
    /// This field is a weighted part of the named field (the lede of the body).
    #[serde(default)]
    pub part_of: Option<String>,
    #[serde(default)]
    pub doc: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaDecl {
    pub version: u32,
    pub fields: Vec<FieldDecl>,
}

/// Fields every warta index must have, by name and attribute.
const REQUIRED: &[(&str, Source)] = &[
    ("id", Source::Id),
    ("path", Source::Path),
    ("title", Source::Title),
    ("body", Source::Body),
    ("source", Source::Source),
    ("date", Source::Date),
    ("day", Source::Day),
    ("published", Source::Published),
    ("file_hash", Source::FileHash),
];

impl SchemaDecl {
    pub fn parse(text: &str, origin: &str) -> Result<SchemaDecl> {
        let decl: SchemaDecl = serde_json::from_str(text).map_err(|e| {
            let hint = if origin.ends_with(SCHEMA_FILE_NAME) {
                " (was the index built by another version of warta? rebuild it with `warta index --rebuild`)"
            } else {
                ""
            };
            anyhow::anyhow!("{origin}: malformed schema: {e}{hint}")
        })?;
        decl.validate()
            .with_context(|| format!("{origin}: invalid schema"))?;
        Ok(decl)
    }

    pub fn default_decl() -> SchemaDecl {
        SchemaDecl::parse(DEFAULT_SCHEMA, "built-in index_schema.json")
            .expect("the built-in schema is valid")
    }

    pub fn load(path: &Path) -> Result<SchemaDecl> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read schema", path.display()))?;
        SchemaDecl::parse(&text, &path.display().to_string())
    }

    fn validate(&self) -> Result<()> {
        if self.version != 1 {
            bail!("unsupported schema version {}", self.version);
        }
        let mut names = HashSet::new();
        for f in &self.fields {
            if !names.insert(f.name.as_str()) {
                bail!("field \"{}\" is declared twice", f.name);
            }
            let valid_name = !f.name.is_empty()
                && f.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_name {
                bail!(
                    "field name \"{}\" must be lowercase letters, digits and _",
                    f.name
                );
            }
            match (f.kind, f.analyzer) {
                (FieldType::Text, None) => bail!("text field \"{}\" needs an analyzer", f.name),
                (FieldType::Text, Some(_)) => {}
                (_, Some(_)) => bail!("only text fields take an analyzer (\"{}\")", f.name),
                _ => {}
            }
            if !(f.boost.is_finite() && f.boost > 0.0) {
                bail!("field \"{}\": boost must be a positive number", f.name);
            }
        }
        for f in &self.fields {
            for target in [&f.exact_of, &f.part_of].into_iter().flatten() {
                let ok = self
                    .fields
                    .iter()
                    .any(|g| &g.name == target && g.kind == FieldType::Text);
                if !ok {
                    bail!(
                        "field \"{}\" refers to \"{target}\", which is not a text field",
                        f.name
                    );
                }
            }
        }
        for (name, from) in REQUIRED {
            match self.fields.iter().find(|f| f.name == *name) {
                None => bail!("required field \"{name}\" is missing"),
                Some(f) if f.from != *from => {
                    bail!("field \"{name}\" must be filled from \"{from:?}\"")
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The tantivy schema this declaration describes.
    pub fn build(&self) -> Schema {
        let mut builder = Schema::builder();
        for f in &self.fields {
            match f.kind {
                FieldType::Text => {
                    let analyzer = f.analyzer.expect("validated");
                    let mut opts = TextOptions::default().set_indexing_options(
                        TextFieldIndexing::default()
                            .set_tokenizer(analyzer.tokenizer_name())
                            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                    );
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        opts = opts.set_fast("raw");
                    }
                    builder.add_text_field(&f.name, opts);
                }
                FieldType::String => {
                    let mut opts = TextOptions::default();
                    if f.indexed {
                        opts = opts.set_indexing_options(
                            TextFieldIndexing::default()
                                .set_tokenizer("raw")
                                .set_index_option(IndexRecordOption::Basic),
                        );
                    }
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        opts = opts.set_fast("raw");
                    }
                    builder.add_text_field(&f.name, opts);
                }
                FieldType::U64 => {
                    let mut opts = NumericOptions::default();
                    if f.indexed {
                        opts = opts.set_indexed();
                    }
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        opts = opts.set_fast();
                    }
                    builder.add_u64_field(&f.name, opts);
                }
                FieldType::Date => {
                    let mut opts = DateOptions::default().set_precision(DateTimePrecision::Seconds);
                    if f.indexed {
                        opts = opts.set_indexed();
                    }
                    if f.stored {
                        opts = opts.set_stored();
                    }
                    if f.fast {
                        opts = opts.set_fast();
                    }
                    builder.add_date_field(&f.name, opts);
                }
            }
        }
        builder.build()
    }

    pub fn field(&self, name: &str) -> Option<&FieldDecl> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Text fields searched when a query names none.
    pub fn default_search_fields(&self) -> Vec<&FieldDecl> {
        self.fields.iter().filter(|f| f.search).collect()
    }

    /// Fields whose terms count towards a match on `name`: the field itself, its
    /// unstemmed twin and its weighted parts.
    pub fn companions(&self, name: &str) -> Vec<&FieldDecl> {
        self.fields
            .iter()
            .filter(|f| {
                f.name == name
                    || f.exact_of.as_deref() == Some(name)
                    || f.part_of.as_deref() == Some(name)
            })
            .collect()
    }
}

/// Handles to the fields the program itself needs, looked up once.
#[derive(Clone, Copy, Debug)]
pub struct CoreFields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub body: Field,
    pub source: Field,
    pub date: Field,
    pub day: Field,
    pub published: Field,
}

impl CoreFields {
    pub fn new(schema: &Schema) -> Result<CoreFields> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| anyhow::anyhow!("the index has no field \"{name}\""))
        };
        Ok(CoreFields {
            id: get("id")?,
            path: get("path")?,
            title: get("title")?,
            body: get("body")?,
            source: get("source")?,
            date: get("date")?,
            day: get("day")?,
            published: get("published")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_is_valid_and_builds() {
        let decl = SchemaDecl::default_decl();
        let schema = decl.build();
        assert!(CoreFields::new(&schema).is_ok());
        let searched: Vec<_> = decl
            .default_search_fields()
            .iter()
            .map(|f| f.name.clone())
            .collect();
        assert_eq!(searched, ["title", "body"]);
        let body: Vec<_> = decl
            .companions("body")
            .iter()
            .map(|f| f.name.clone())
            .collect();
        assert_eq!(body, ["lede", "body", "body_exact"]);
    }

    #[test]
    fn malformed_schemas_are_clear_errors() {
        let cases = [
            ("{", "malformed schema"),
            (r#"{"version": 1, "fields": [], "x": 1}"#, "unknown field"),
            (
                r#"{"version": 2, "fields": []}"#,
                "unsupported schema version 2",
            ),
            (
                r#"{"version": 1, "fields": []}"#,
                "required field \"id\" is missing",
            ),
            (
                r#"{"version": 1, "fields": [{"name": "title", "from": "title", "type": "text"}]}"#,
                "needs an analyzer",
            ),
        ];
        for (text, expected) in cases {
            let err = SchemaDecl::parse(text, "s.json").unwrap_err();
            let msg = format!("{err:#}");
            assert!(msg.contains(expected), "{text}: got {msg}");
            assert!(msg.starts_with("s.json"), "{msg}");
        }
    }
}
