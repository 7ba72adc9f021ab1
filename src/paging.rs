//! From ranked hits to the page shown: hits ordered by score, ties broken as the
//! canonical article of a duplicate group is chosen (the earliest, then by id), and
//! the copies of a story folded into its best hit. Reads only fast fields, and the ids
//! of tied runs that reach the page; the search loads the page's documents.

use std::cmp::Ordering;

use tantivy::columnar::Column;
use tantivy::schema::Field;
use tantivy::DocAddress;

use crate::duplicates::{signature_from_values, Fingerprint};
use crate::stored::first_text;

/// A ranked hit and what orders it among equals.
pub(crate) struct Candidate {
    pub score: f32,
    pub address: DocAddress,
    key: Key,
}

/// What ranking needs of a hit, read from fast fields (numbers only: reading strings
/// from fast fields decompresses dictionary blocks).
struct Key {
    day: u64,
    id_key: u64,
    /// Read only to order equal keys.
    id: String,
}

/// Best first; equal scores (exact copies score alike) the earliest first, then by
/// the id's first eight bytes. Runs still equal are ordered by their whole ids when
/// they reach the page ([`Pager::page`]).
pub(crate) fn by_rank(a: &Candidate, b: &Candidate) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| a.key.day.cmp(&b.key.day))
        .then_with(|| a.key.id_key.cmp(&b.key.id_key))
}

/// Fast-field columns, opened once per segment: day, id key, body hash, MinHash values.
type Columns = [Option<Column<u64>>; 4];

/// Reads the keys and fingerprints of one search's hits.
pub(crate) struct Pager<'a> {
    searcher: &'a tantivy::Searcher,
    id: Field,
    /// By segment ordinal, opened when a hit of the segment is first read.
    segments: Vec<Option<Columns>>,
}

impl<'a> Pager<'a> {
    /// `id`: the stored field a tied run's ids are read from.
    pub fn new(searcher: &'a tantivy::Searcher, id: Field) -> Pager<'a> {
        Pager {
            searcher,
            id,
            segments: Vec::new(),
        }
    }

    /// The hits with their keys, in the order given.
    pub fn candidates(&mut self, hits: Vec<(f32, DocAddress)>) -> Vec<Candidate> {
        hits.into_iter()
            .map(|(score, address)| Candidate {
                score,
                address,
                key: self.key(address),
            })
            .collect()
    }

    /// The hits of the page, up to `page_end` from the first (the caller skips its
    /// offset), and how many copies were folded before it. Walks the runs of equal
    /// keys (`ranked`: the candidates are in [`by_rank`] order) until the page is full;
    /// when `collapsing`, on until the story after the page, so that the count of
    /// folded copies is the same whatever the page.
    pub fn page(
        &mut self,
        candidates: &mut [Candidate],
        ranked: bool,
        collapsing: bool,
        page_end: usize,
    ) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
        let mut kept: Vec<Fingerprint> = Vec::new();
        let mut folded = 0;
        let mut shown: Vec<(f32, DocAddress)> = Vec::new();
        let mut at = 0;
        let more = |kept: &Vec<Fingerprint>, shown: &Vec<(f32, DocAddress)>| {
            if collapsing {
                kept.len() <= page_end
            } else {
                shown.len() < page_end
            }
        };
        while at < candidates.len() && more(&kept, &shown) {
            let mut end = at + 1;
            while ranked
                && end < candidates.len()
                && by_rank(&candidates[at], &candidates[end]).is_eq()
            {
                end += 1;
            }
            if end - at > 1 {
                // Only the ids: most of a run of copies is folded, and the page reads
                // the documents it shows (their store blocks are cached by then).
                for candidate in &mut candidates[at..end] {
                    candidate.key.id =
                        first_text(self.searcher, candidate.address, self.id)?.unwrap_or_default();
                }
                candidates[at..end].sort_by(|a, b| a.key.id.cmp(&b.key.id));
            }
            for candidate in &candidates[at..end] {
                if !more(&kept, &shown) {
                    break;
                }
                if collapsing {
                    // Read here, for the candidates the walk reaches, not for all.
                    let fingerprint = self.fingerprint(candidate.address);
                    if kept.iter().any(|k| k.same_story(&fingerprint)) {
                        folded += 1;
                        continue;
                    }
                    kept.push(fingerprint);
                }
                if shown.len() < page_end {
                    shown.push((candidate.score, candidate.address));
                }
            }
            at = end;
        }
        Ok((shown, folded))
    }

    fn columns(&mut self, segment: u32) -> &Columns {
        let at = segment as usize;
        if self.segments.len() <= at {
            self.segments.resize_with(at + 1, || None);
        }
        let searcher = self.searcher;
        self.segments[at].get_or_insert_with(|| {
            let fast = searcher.segment_reader(segment).fast_fields();
            ["day", "id_key", "hash", "minhash"].map(|name| fast.u64(name).ok())
        })
    }

    fn key(&mut self, address: DocAddress) -> Key {
        let columns = self.columns(address.segment_ord);
        let first = |i: usize| columns[i].as_ref().and_then(|c| c.first(address.doc_id));
        Key {
            day: first(0).unwrap_or(u64::MAX),
            id_key: first(1).unwrap_or(0),
            id: String::new(),
        }
    }

    /// What collapsing copies compares: the body hash and the MinHash signature.
    fn fingerprint(&mut self, address: DocAddress) -> Fingerprint {
        let columns = self.columns(address.segment_ord);
        let doc = address.doc_id;
        Fingerprint {
            hash: columns[2].as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
            signature: columns[3]
                .as_ref()
                .and_then(|c| signature_from_values(c.values_for_doc(doc))),
        }
    }
}
