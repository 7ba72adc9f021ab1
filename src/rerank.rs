//! The second stage on the local index: the best hits of an any-word query scored
//! again by the share of its words they hold (`query::coverage`) and, by default, by
//! the weights learned from the archive's headlines (`query::learned`); and how that
//! part of a score is explained, for the local index and the cluster alike. The search
//! chooses the window and reorders it; this scores it.

use std::collections::HashMap;

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::DocAddress;

use crate::query::coverage::{rescored, CoverageWords};
use crate::query::learned::{learned_score, Held, Kind, LearnedTerms, LEARNED};
use crate::schema::AnalyzerName;
use crate::store::Store;

/// One window of hits to score again.
pub(crate) struct Rescorer<'a> {
    pub store: &'a Store,
    pub searcher: &'a tantivy::Searcher,
    pub words: &'a CoverageWords,
    /// The first stage's query, when the learned weights score (its terms are the
    /// query's words as each field holds them); `None` for coverage alone.
    pub learned: Option<&'a dyn Query>,
    /// The coverage exponent, when coverage scores alone.
    pub coverage: f32,
}

impl Rescorer<'_> {
    /// The second stage of each hit, given its address and first-stage score, in the
    /// order given.
    pub fn rescore(
        &self,
        addresses: &[DocAddress],
        firsts: &[f32],
    ) -> tantivy::Result<Vec<SecondStage>> {
        let shares = self.words.shares(self.searcher, addresses)?;
        let learned = match self.learned {
            Some(query) => {
                let mut terms = Vec::new();
                query.query_terms(&mut |term, _| terms.push(term.clone()));
                let terms = LearnedTerms::new(terms, &learned_kinds(self.store));
                let (counts, any) = terms.held(self.searcher, addresses)?;
                let lengths = body_lengths(self.searcher, self.store.fields.body, addresses)?;
                Some((counts, any, lengths))
            }
            None => None,
        };
        Ok(firsts
            .iter()
            .zip(shares)
            .enumerate()
            .map(|(i, (&first, share))| match &learned {
                Some((counts, any, lengths)) => SecondStage {
                    score: learned_score(&LEARNED, first, share, lengths[i], counts[i], *any),
                    first,
                    share,
                    learned: Some((counts[i], *any, lengths[i])),
                },
                None => SecondStage {
                    score: rescored(first, share, self.coverage),
                    first,
                    share,
                    learned: None,
                },
            })
            .collect())
    }
}

/// What each text field's query terms count towards in the learned stage: the lede's
/// as lede stems, a separate exact-form field's as exact forms, the others' as stems
/// (or, marked `=form`, exact forms). Outlet, author and URL words are filters, not the
/// query's words.
fn learned_kinds(store: &Store) -> HashMap<Field, Kind> {
    let schema = store.index.schema();
    let mut kinds = HashMap::new();
    for decl in &store.decl.fields {
        let text = matches!(
            decl.analyzer,
            Some(AnalyzerName::Indonesian | AnalyzerName::IndonesianSurface)
        );
        if !text || !decl.indexed || decl.inline {
            continue;
        }
        let Ok(field) = schema.get_field(&decl.name) else {
            continue;
        };
        let kind = if decl.part_of.is_some() {
            Kind::Lede
        } else if decl.exact_of.is_some() {
            Kind::Exact
        } else {
            Kind::Stem
        };
        kinds.insert(field, kind);
    }
    kinds
}

/// The body's length in words of each article, as BM25 reads it (the field norm).
fn body_lengths(
    searcher: &tantivy::Searcher,
    body: Field,
    addresses: &[DocAddress],
) -> tantivy::Result<Vec<u32>> {
    let mut norms = HashMap::new();
    let mut lengths = Vec::with_capacity(addresses.len());
    for address in addresses {
        let norms = match norms.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                searcher
                    .segment_reader(address.segment_ord)
                    .get_fieldnorms_reader(body)?,
            ),
        };
        lengths.push(norms.fieldnorm(address.doc_id));
    }
    Ok(lengths)
}

/// What the second stage scored a hit by, for its explanation.
pub(crate) struct SecondStage {
    /// The score it ranks by after the second stage.
    pub score: f32,
    pub first: f32,
    pub share: f32,
    /// The learned stage's counts: the hit's, those of the best hits together, and the
    /// body's length.
    pub learned: Option<(Held, Held, u32)>,
}

/// The second stage's part of a score, around the first stage's explanation.
pub(crate) fn second_stage_explanation(
    first_stage: serde_json::Value,
    score: f32,
    second: &SecondStage,
    exponent: f32,
) -> serde_json::Value {
    let share = serde_json::json!({
        "description": "share of the query's words held (each weighted by the square root of its IDF)",
        "value": second.share,
    });
    let first = serde_json::json!({
        "description": "first-stage score",
        "value": second.first,
        "details": [first_stage],
    });
    let Some((held, any, length)) = second.learned else {
        return serde_json::json!({
            "description": format!("coverage: first-stage score x share^{exponent}"),
            "value": score,
            "details": [share, first],
        });
    };
    let w = LEARNED;
    let count = |description: String, n: u32, of: u32| serde_json::json!({"description": description, "value": n, "of": of});
    serde_json::json!({
        "description": format!(
            "learned: first-stage score x share^{} x length^{} x exp({} x stems held + {} x exact forms held + {} x lede stems held), each held as a share of those any of the best hits holds",
            w.share, w.length, w.held, w.held_exact, w.held_lede
        ),
        "value": score,
        "details": [
            share,
            {"description": "length of the body in words", "value": length},
            count(format!("query stems held, of {}", any.stems), held.stems, any.stems),
            count(format!("query exact forms held, of {}", any.exact), held.exact, any.exact),
            count(format!("query stems held in the lede, of {}", any.lede), held.lede, any.lede),
            first,
        ],
    })
}
