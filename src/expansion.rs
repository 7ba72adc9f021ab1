//! Query expansion from the archive itself: pseudo-relevance feedback in the manner of
//! RM3 (Lavrenko and Croft's relevance model, interpolated with the query). The first
//! answer's best articles are read, each term of their bodies is weighted by its share
//! of each article times that article's share of the top scores (the relevance model)
//! and by its rarity in the archive, and the heaviest terms the query does not already
//! have join it as optional body terms. Owns choosing those terms; running queries is
//! `search`'s business.

use std::collections::{HashMap, HashSet};

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Result, Searcher, TantivyDocument, Term};

use crate::analysis::{is_stop_word, Analyzer};

/// How much feedback: the articles read, the terms added and their weight beside the
/// query (the heaviest added term is worth `weight` of one query term).
#[derive(Clone, Copy, Debug)]
pub struct Feedback {
    pub articles: usize,
    pub terms: usize,
    pub weight: f32,
}

impl Default for Feedback {
    fn default() -> Feedback {
        Feedback {
            articles: 10,
            terms: 10,
            weight: 0.3,
        }
    }
}

/// The expansion of a query whose own stems are `query_terms`, from its top hits
/// (score, address), as optional weighted terms on `field`; `None` when the hits
/// offer no term.
pub fn expansion(
    searcher: &Searcher,
    analyzer: &Analyzer,
    field: Field,
    top: &[(f32, DocAddress)],
    query_terms: &HashSet<String>,
    feedback: Feedback,
) -> Result<Option<Box<dyn Query>>> {
    let terms = expansion_terms(searcher, analyzer, field, top, query_terms, feedback)?;
    if terms.is_empty() {
        return Ok(None);
    }
    let clauses = terms
        .into_iter()
        .map(|(term, weight)| {
            let query = TermQuery::new(
                Term::from_field_text(field, &term),
                IndexRecordOption::WithFreqs,
            );
            let boosted: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(query), weight));
            (Occur::Should, boosted)
        })
        .collect();
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// The added terms with their weights, heaviest first.
pub fn expansion_terms(
    searcher: &Searcher,
    analyzer: &Analyzer,
    field: Field,
    top: &[(f32, DocAddress)],
    query_terms: &HashSet<String>,
    feedback: Feedback,
) -> Result<Vec<(String, f32)>> {
    let top = &top[..top.len().min(feedback.articles)];
    let total_score: f32 = top.iter().map(|(s, _)| s.max(0.0)).sum();
    if top.is_empty() || total_score <= 0.0 {
        return Ok(Vec::new());
    }
    let mut model: HashMap<String, f32> = HashMap::new();
    for &(score, address) in top {
        let doc: TantivyDocument = searcher.doc(address)?;
        let Some(body) = crate::search::text_of(&doc, field) else {
            continue;
        };
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut length = 0u32;
        analyzer.analyze(&body, &mut |token| {
            length += 1;
            if token.text.len() >= 3
                && !is_stop_word(&token.text)
                && !token.text.bytes().all(|b| b.is_ascii_digit())
                && !query_terms.contains(&token.text)
            {
                *counts.entry(token.text).or_default() += 1;
            }
        });
        let share = score.max(0.0) / total_score;
        for (term, count) in counts {
            *model.entry(term).or_default() += share * count as f32 / length.max(1) as f32;
        }
    }
    let articles = searcher.num_docs() as f32;
    let mut weighted: Vec<(String, f32)> = Vec::with_capacity(model.len());
    for (term, p) in model {
        let df = searcher.doc_freq(&Term::from_field_text(field, &term))? as f32;
        // A term of one article only finds that article again.
        if df < 2.0 {
            continue;
        }
        weighted.push((term, p * (articles / df).ln()));
    }
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weighted.truncate(feedback.terms);
    let heaviest = weighted.first().map(|(_, w)| *w).unwrap_or(1.0);
    Ok(weighted
        .into_iter()
        .map(|(term, w)| (term, feedback.weight * w / heaviest))
        .collect())
}
