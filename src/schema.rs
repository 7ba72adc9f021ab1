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

/// The declaration format this warta writes. Version 1 indexes (exact forms in fields
/// of their own, a MinHash of 32 hash functions), version 2 indexes (the body stored
/// among the other fields, see [`body_stored_last`]) and version 3 indexes (fingerprints
/// hashed from the folded text, see [`crate::duplicates::SignatureKind`]) are still
/// read and updated as they were built.
pub const SCHEMA_VERSION: u32 = 4;

/// Whether an index of this declaration version stores each article's path and then
/// its body after every other field, so that a hit shown without a snippet is read
/// from the store up to its path and never copies the body (version 3 on).
pub fn body_stored_last(version: u32) -> bool {
    version >= 3
}

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

/// The tokenizer of a stemmed field whose exact-form twin is inline: stems and the
/// marked forms that differ from them.
pub const MARKED_TOKENIZER: &str = "warta_marked";

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
    /// For an `exact_of` twin: the local index has no field of its own for it. The
    /// forms that differ from their stems are marked terms inside the twinned field,
    /// at the stems' positions (see `tokenizer.rs`); a word written as its stem is
    /// its stem. Half the postings of a full second copy, for the same clauses. An
    /// OpenSearch cluster still keeps the twin as a field of its own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inline: bool,
    /// Positions are indexed, so phrases can be matched (text fields; default true).
    /// Without, a phrase query scores the field by its words alone.
    #[serde(default = "yes")]
    pub phrases: bool,
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
        if !(1..=SCHEMA_VERSION).contains(&self.version) {
            bail!(
                "unsupported schema version {} (this warta reads versions 1 to {SCHEMA_VERSION}; \
                 rebuild the index with `warta index --rebuild`)",
                self.version
            );
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
            if f.inline {
                if self.version < 2 {
                    bail!("field \"{}\": inline twins need schema version 2", f.name);
                }
                let twinned = f.exact_of.as_deref().and_then(|name| self.field(name));
                match twinned {
                    Some(g) if g.analyzer == Some(AnalyzerName::Indonesian) => {}
                    _ => bail!(
                        "field \"{}\": only the exact-form twin of a field with the \
                         indonesian analyzer can be inline",
                        f.name
                    ),
                }
                if f.stored || f.fast || f.analyzer != Some(AnalyzerName::IndonesianSurface) {
                    bail!(
                        "field \"{}\": an inline twin is neither stored nor fast and uses \
                         the indonesian_surface analyzer",
                        f.name
                    );
                }
                if self
                    .fields
                    .iter()
                    .any(|g| g.exact_of == f.exact_of && g.name != f.name)
                {
                    bail!("field \"{}\" is one of two twins of one field", f.name);
                }
            }
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

    /// The tantivy schema this declaration describes. A field that is part of another
    /// (the lede of the body) comes after all others: tantivy tokenizes a document's
    /// fields in the order of the schema, so the body's analysis is done when the
    /// lede's turn comes, and the lede takes its stems from it (`tokenizer.rs`).
    /// Indexes built before keep their order and analyse the lede alone.
    pub fn build(&self) -> Schema {
        let mut builder = Schema::builder();
        let wholes = self.fields.iter().filter(|f| f.part_of.is_none());
        let parts = self.fields.iter().filter(|f| f.part_of.is_some());
        for f in wholes.chain(parts) {
            if f.inline {
                continue;
            }
            match f.kind {
                FieldType::Text => {
                    let analyzer = f.analyzer.expect("validated");
                    let tokenizer = if self.inline_twin_of(&f.name).is_some() {
                        MARKED_TOKENIZER
                    } else {
                        analyzer.tokenizer_name()
                    };
                    // Positions serve phrases; a field only ever scored by its words
                    // (the lede) does without.
                    let record = if f.phrases {
                        IndexRecordOption::WithFreqsAndPositions
                    } else {
                        IndexRecordOption::WithFreqs
                    };
                    let mut opts = TextOptions::default().set_indexing_options(
                        TextFieldIndexing::default()
                            .set_tokenizer(tokenizer)
                            .set_index_option(record),
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

    /// The inline exact-form twin of the field `name`, if it has one.
    pub fn inline_twin_of(&self, name: &str) -> Option<&FieldDecl> {
        self.fields
            .iter()
            .find(|f| f.inline && f.exact_of.as_deref() == Some(name))
    }

    /// The name of the index field `decl`'s terms are in: its own, or for an inline
    /// twin the field it twins.
    pub fn index_field_name<'d>(&self, decl: &'d FieldDecl) -> &'d str {
        match (&decl.exact_of, decl.inline) {
            (Some(twinned), true) => twinned,
            _ => &decl.name,
        }
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
        // A file's hash is read from its fast field only: no term per file.
        let file_hash = schema.get_field_entry(schema.get_field("file_hash").unwrap());
        assert!(file_hash.is_fast() && !file_hash.is_indexed());
        // Nor a term per JSON Lines line, nor nine story keys per article (`show` finds
        // copies from the fingerprints' fast fields).
        let line = schema.get_field_entry(schema.get_field("line").unwrap());
        assert!(line.is_stored() && !line.is_indexed());
        assert!(schema.get_field("story_keys").is_err());
        // The lede is tokenized after the body, whose analysis it takes its stems from.
        let id = |name| schema.get_field(name).unwrap().field_id();
        assert!(id("lede") > id("body"));
        assert_eq!(id("lede") as usize, schema.fields().count() - 1);
    }

    #[test]
    fn inline_twins_have_no_field_of_their_own_and_mark_their_field() {
        let decl = SchemaDecl::default_decl();
        assert_eq!(decl.version, SCHEMA_VERSION);
        let schema = decl.build();
        for (twin, field) in [("title_exact", "title"), ("body_exact", "body")] {
            assert!(schema.get_field(twin).is_err(), "{twin}");
            let entry = schema.get_field_entry(schema.get_field(field).unwrap());
            let indexing = match entry.field_type() {
                tantivy::schema::FieldType::Str(o) => o.get_indexing_options().unwrap(),
                other => panic!("{field}: {other:?}"),
            };
            assert_eq!(indexing.tokenizer(), MARKED_TOKENIZER);
            assert!(indexing.index_option().has_positions());
            let twin = decl.field(twin).unwrap();
            assert_eq!(decl.index_field_name(twin), field);
            assert_eq!(decl.inline_twin_of(field).unwrap().name, twin.name);
        }
        // The lede is scored by its words only.
        let lede = schema.get_field_entry(schema.get_field("lede").unwrap());
        let tantivy::schema::FieldType::Str(o) = lede.field_type() else {
            panic!("lede is text")
        };
        assert!(!o
            .get_indexing_options()
            .unwrap()
            .index_option()
            .has_positions());
        assert_eq!(
            o.get_indexing_options().unwrap().tokenizer(),
            "warta_indonesian"
        );
    }

    #[test]
    fn version_one_declarations_keep_their_twin_fields() {
        let v1 = DEFAULT_SCHEMA
            .replace("\"version\": 4", "\"version\": 1")
            .replace(", \"inline\": true", "");
        let decl = SchemaDecl::parse(&v1, "v1.json").unwrap();
        let schema = decl.build();
        assert!(schema.get_field("body_exact").is_ok());
        assert!(decl.inline_twin_of("body").is_none());
        // Inline twins are a version 2 format.
        let mixed = DEFAULT_SCHEMA.replace("\"version\": 4", "\"version\": 1");
        let err = SchemaDecl::parse(&mixed, "m.json").unwrap_err();
        assert!(
            format!("{err:#}").contains("need schema version 2"),
            "{err:#}"
        );
    }

    #[test]
    fn inline_twins_must_twin_a_stemmed_field() {
        let bad = DEFAULT_SCHEMA.replace(
            "\"exact_of\": \"title\", \"inline\": true",
            "\"exact_of\": \"source\", \"inline\": true",
        );
        let err = SchemaDecl::parse(&bad, "b.json").unwrap_err();
        assert!(format!("{err:#}").contains("can be inline"), "{err:#}");
    }

    #[test]
    fn malformed_schemas_are_clear_errors() {
        let cases = [
            ("{", "malformed schema"),
            (r#"{"version": 1, "fields": [], "x": 1}"#, "unknown field"),
            (
                r#"{"version": 5, "fields": []}"#,
                "unsupported schema version 5 (this warta reads versions 1 to 4; rebuild the index with `warta index --rebuild`)",
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
