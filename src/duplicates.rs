//! Duplicate articles: syndicated news appears under several outlets and URLs, and
//! archives hold the same file twice. Each article carries two fingerprints (made in
//! [`crate::fingerprint`]): a hash of its normalised body (exact copies) and a MinHash
//! signature of its 3-word shingles (near copies). This module groups articles by them
//! and finds an article's copies in an index; nothing is ever dropped from the index,
//! and the canonical article of a group is its earliest (then smallest id).

use std::collections::{HashMap, HashSet};

use anyhow::Result;
use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, Searcher, SegmentReader, Term};

pub use crate::fingerprint::{
    fingerprint_of, fingerprint_with, signature_from_values, signature_of, signature_values,
    similarity, Fingerprint, Signature, SignatureKind, PERMUTATIONS, SAME_STORY,
};

/// Bands of the locality-sensitive grouping: 8 bands of 4 values catch pairs at
/// similarity 0.8 with probability 0.98.
const BANDS: usize = 8;
const ROWS: usize = PERMUTATIONS / BANDS;

/// One article as the grouping sees it.
#[derive(Clone, Debug)]
pub struct Member {
    /// The id; left empty by [`members`] until [`resolve_ids`] reads it.
    pub id: String,
    /// Sorts like the id (its first eight bytes); see `document::id_key`.
    pub id_key: u64,
    pub address: DocAddress,
    pub day: u64,
    pub fingerprint: Fingerprint,
}

/// A group of two or more copies of one story, canonical first.
#[derive(Clone, Debug)]
pub struct Group {
    pub members: Vec<Member>,
}

impl Group {
    pub fn canonical(&self) -> &Member {
        &self.members[0]
    }
}

/// Groups `members` into stories. Exact copies (one body hash) are one class, handled
/// as one article, so that 20,000 copies of one text cost 20,000 entries, not their
/// 200 million pairs. Near copies are found by locality-sensitive hashing: classes
/// whose signatures agree on a whole band are compared.
pub fn group(mut members: Vec<Member>) -> Vec<Group> {
    // Canonical order first: a group's leader is its earliest article.
    members.sort_by(|a, b| {
        (a.day, a.id_key, &a.id, a.address).cmp(&(b.day, b.id_key, &b.id, b.address))
    });
    // Classes in the order of their earliest member; an unknown hash is a class alone.
    let mut class_of_hash: HashMap<u64, usize> = HashMap::new();
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let hash = m.fingerprint.hash;
        let class = match class_of_hash.get(&hash) {
            Some(&class) if hash != 0 => class,
            _ => {
                classes.push(Vec::new());
                class_of_hash.insert(hash, classes.len() - 1);
                classes.len() - 1
            }
        };
        classes[class].push(i);
    }
    // Copies share their words, hence their signature: one member speaks for a class.
    let first = |class: usize| &members[classes[class][0]].fingerprint;
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); classes.len()];
    for band in 0..BANDS {
        let mut buckets: HashMap<[u32; ROWS], Vec<usize>> = HashMap::new();
        for class in 0..classes.len() {
            if let Some(sig) = &first(class).signature {
                buckets.entry(band_of(sig, band)).or_default().push(class);
            }
        }
        for bucket in buckets.values().filter(|b| b.len() > 1) {
            for (x, &a) in bucket.iter().enumerate() {
                for &b in &bucket[x + 1..] {
                    // (Two unknown hashes are not the same body: the old rule.)
                    let same_hash = first(a).hash == first(b).hash;
                    if !same_hash && first(a).same_story(first(b)) {
                        neighbours[a].push(b);
                        neighbours[b].push(a);
                    }
                }
            }
        }
    }
    // Each group is a leader, its exact copies, and the articles similar to the leader
    // itself, so that no chain of small differences joins two different stories.
    let mut taken = vec![false; classes.len()];
    let mut out = Vec::new();
    for leader in 0..classes.len() {
        if taken[leader] {
            continue;
        }
        let mut joined: Vec<usize> = neighbours[leader]
            .iter()
            .copied()
            .filter(|&c| !taken[c])
            .collect();
        joined.sort_unstable();
        joined.dedup();
        if joined.is_empty() && classes[leader].len() == 1 {
            continue;
        }
        taken[leader] = true;
        let mut followers: Vec<usize> = classes[leader][1..].to_vec();
        for class in joined {
            taken[class] = true;
            followers.extend_from_slice(&classes[class]);
        }
        followers.sort_unstable();
        let mut group = vec![members[classes[leader][0]].clone()];
        group.extend(followers.into_iter().map(|i| members[i].clone()));
        out.push(Group { members: group });
    }
    out.sort_by(|a, b| a.canonical().id.cmp(&b.canonical().id));
    out
}

/// The values of one band of a signature.
fn band_of(signature: &Signature, band: usize) -> [u32; ROWS] {
    signature[band * ROWS..(band + 1) * ROWS]
        .try_into()
        .expect("a band")
}

/// The keys under which an article is found with the articles that may be copies of
/// it: its body hash, and a hash of each band of its signature (the buckets of
/// [`group`]). Tagged in the top byte, so that a hash never meets a band.
pub fn story_keys(fingerprint: &Fingerprint) -> Vec<u64> {
    const LOW: u64 = (1 << 56) - 1;
    let mut keys = Vec::with_capacity(BANDS + 1);
    if fingerprint.hash != 0 {
        keys.push(fingerprint.hash & LOW);
    }
    if let Some(sig) = &fingerprint.signature {
        for band in 0..BANDS {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            for value in band_of(sig, band) {
                h = (h ^ u64::from(value)).wrapping_mul(0x0100_0000_01b3);
                h ^= h >> 29;
            }
            keys.push((band as u64 + 1) << 56 | (h & LOW));
        }
    }
    keys
}

/// Every live article of the index, with its fingerprints, read from numeric fast
/// fields (ids are strings, whose dictionary is slow to read for every article: only
/// articles whose day and id key tie are given their ids here, so that the order is
/// the same in every build of the index; [`resolve_ids`] reads the grouped rest).
pub fn members(searcher: &Searcher) -> Result<Vec<Member>> {
    let mut out = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let columns = Columns::of(segment);
        for doc in segment.doc_ids_alive() {
            out.push(columns.member(DocAddress::new(segment_ord as u32, doc)));
        }
    }
    with_tied_ids(searcher, out)
}

/// The fast-field columns a [`Member`] is read from, in one segment.
struct Columns {
    days: Option<Column<u64>>,
    id_keys: Option<Column<u64>>,
    hashes: Option<Column<u64>>,
    signatures: Option<Column<u64>>,
}

impl Columns {
    fn of(segment: &SegmentReader) -> Columns {
        let fast = segment.fast_fields();
        let [days, id_keys, hashes, signatures] =
            ["day", "id_key", "hash", "minhash"].map(|name| fast.u64(name).ok());
        Columns {
            days,
            id_keys,
            hashes,
            signatures,
        }
    }

    fn member(&self, address: DocAddress) -> Member {
        let doc = address.doc_id;
        let first = |column: &Option<Column<u64>>| column.as_ref().and_then(|c| c.first(doc));
        Member {
            id: String::new(),
            id_key: first(&self.id_keys).unwrap_or(0),
            address,
            day: first(&self.days).unwrap_or(u64::MAX),
            fingerprint: self.fingerprint(doc),
        }
    }

    fn fingerprint(&self, doc: DocId) -> Fingerprint {
        Fingerprint {
            hash: self.hashes.as_ref().and_then(|c| c.first(doc)).unwrap_or(0),
            signature: self.signatures.as_ref().and_then(|c| {
                let rows = c.index.value_row_ids(doc);
                if rows.len() != PERMUTATIONS {
                    return signature_from_values(c.values_for_doc(doc));
                }
                // A signature's values in one read, not one each.
                let mut values = [0u64; PERMUTATIONS];
                c.values.get_range(u64::from(rows.start), &mut values);
                signature_from_values(values.into_iter())
            }),
        }
    }
}

/// The group of the article at `address`, if it is in one: the same group that
/// [`group`] finds over the whole index. Only the articles that share a story key with
/// it, with those, and so on, are grouped (a group and its near neighbours, not the
/// index). An index whose declaration indexes the keys (schema version 2) finds them by
/// term lookups; a newer one, which keeps them out of its term dictionary, by reading
/// every article's fingerprint from the fast fields and computing its keys.
pub fn group_of(searcher: &Searcher, address: DocAddress) -> Result<Option<Group>> {
    let schema = searcher.schema();
    let columns: Vec<Columns> = searcher.segment_readers().iter().map(Columns::of).collect();
    let indexed_keys = schema
        .get_field("story_keys")
        .ok()
        .filter(|&field| schema.get_field_entry(field).is_indexed());
    let found = match indexed_keys {
        Some(field) => sharing_keys_by_terms(searcher, &columns, field, address)?,
        None => sharing_keys_by_scan(searcher, &columns, address),
    };
    let candidates = with_tied_ids(searcher, found)?;
    let Some(mut group) = group(candidates)
        .into_iter()
        .find(|g| g.members.iter().any(|m| m.address == address))
    else {
        return Ok(None);
    };
    resolve_ids(searcher, std::slice::from_mut(&mut group))?;
    Ok(Some(group))
}

/// The article at `address` and those that share a story key with it, with those, and
/// so on: found by looking the keys up in the index's `story_keys` field.
fn sharing_keys_by_terms(
    searcher: &Searcher,
    columns: &[Columns],
    field: Field,
    address: DocAddress,
) -> Result<Vec<Member>> {
    let member_at = |a: DocAddress| columns[a.segment_ord as usize].member(a);
    let mut found: HashSet<DocAddress> = HashSet::from([address]);
    let mut out = vec![member_at(address)];
    let mut keys: Vec<u64> = story_keys(&out[0].fingerprint);
    let mut asked: HashSet<u64> = keys.iter().copied().collect();
    while let Some(key) = keys.pop() {
        let query = TermQuery::new(Term::from_field_u64(field, key), IndexRecordOption::Basic);
        for a in searcher.search(&query, &DocSetCollector)? {
            if !found.insert(a) {
                continue;
            }
            let member = member_at(a);
            for key in story_keys(&member.fingerprint) {
                if asked.insert(key) {
                    keys.push(key);
                }
            }
            out.push(member);
        }
    }
    Ok(out)
}

/// No key: a key is below 2^56 in its low bits and tagged in its top byte by at most
/// `BANDS`, so no key is all ones.
const NO_KEY: u64 = u64::MAX;

/// The same articles as [`sharing_keys_by_terms`], found without a term dictionary:
/// every live article's keys are computed from its fingerprint's fast fields once,
/// then passes over them gather the articles sharing a key with those gathered, until
/// a pass gathers none (the chains of a group are short: two passes, mostly).
fn sharing_keys_by_scan(
    searcher: &Searcher,
    columns: &[Columns],
    address: DocAddress,
) -> Vec<Member> {
    let first = columns[address.segment_ord as usize].member(address);
    // Sorted: a few keys, or a few hundred for a large group of near copies, which a
    // binary search answers faster than a hash set hashes.
    let mut wanted: Vec<u64> = story_keys(&first.fingerprint);
    wanted.sort_unstable();
    wanted.dedup();
    let mut out = vec![first];
    if wanted.is_empty() {
        return out;
    }
    let mut keyed: Vec<(DocAddress, [u64; BANDS + 1])> = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let a = DocAddress::new(ord as u32, doc);
            if a == address {
                continue;
            }
            let mut keys = [NO_KEY; BANDS + 1];
            for (slot, key) in keys
                .iter_mut()
                .zip(story_keys(&columns[ord].fingerprint(doc)))
            {
                *slot = key;
            }
            keyed.push((a, keys));
        }
    }
    let mut taken = vec![false; keyed.len()];
    loop {
        let before = out.len();
        for ((a, keys), taken) in keyed.iter().zip(taken.iter_mut()) {
            if *taken || !keys.iter().any(|k| wanted.binary_search(k).is_ok()) {
                continue;
            }
            *taken = true;
            for &key in keys.iter().filter(|&&k| k != NO_KEY) {
                if let Err(at) = wanted.binary_search(&key) {
                    wanted.insert(at, key);
                }
            }
            out.push(columns[a.segment_ord as usize].member(*a));
        }
        if out.len() == before {
            return out;
        }
    }
}

/// Sorts `out` and reads the ids of the members whose day and id key tie, which only
/// their ids can order.
fn with_tied_ids(searcher: &Searcher, mut out: Vec<Member>) -> Result<Vec<Member>> {
    out.sort_by_key(|m| (m.day, m.id_key));
    let tied = tied(&out, |a, b| (a.day, a.id_key) == (b.day, b.id_key));
    let addresses: Vec<DocAddress> = tied.iter().map(|&i| out[i].address).collect();
    for (&i, id) in tied.iter().zip(ids_of(searcher, &addresses)?) {
        out[i].id = id;
    }
    Ok(out)
}

/// Positions in sorted `items` that are equal (by `same`) to a neighbour: the ones whose
/// order only their ids can settle.
pub fn tied<T>(items: &[T], same: impl Fn(&T, &T) -> bool) -> Vec<usize> {
    (0..items.len())
        .filter(|&i| {
            (i > 0 && same(&items[i - 1], &items[i]))
                || (i + 1 < items.len() && same(&items[i], &items[i + 1]))
        })
        .collect()
}

/// Fills in the ids of `members` from the `id` fast field.
fn read_ids(searcher: &Searcher, members: &mut [Member]) -> Result<()> {
    let addresses: Vec<DocAddress> = members.iter().map(|m| m.address).collect();
    for (member, id) in members.iter_mut().zip(ids_of(searcher, &addresses)?) {
        member.id = id;
    }
    Ok(())
}

/// The ids of the articles at `addresses` (empty where there is none), from the `id`
/// fast field, reading each segment's dictionary once, in order.
pub fn ids_of(searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<String>> {
    let mut out = vec![String::new(); addresses.len()];
    let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, address) in addresses.iter().enumerate() {
        by_segment.entry(address.segment_ord).or_default().push(i);
    }
    for (segment, indexes) in by_segment {
        let Some(ids) = searcher.segment_reader(segment).fast_fields().str("id")? else {
            continue;
        };
        let mut wanted: Vec<(u64, usize)> = indexes
            .into_iter()
            .filter_map(|i| Some((ids.term_ords(addresses[i].doc_id).next()?, i)))
            .collect();
        wanted.sort_unstable();
        let mut ords: Vec<u64> = wanted.iter().map(|w| w.0).collect();
        ords.dedup();
        let mut terms = Vec::with_capacity(ords.len());
        ids.dictionary().sorted_ords_to_term_cb(&ords, |term| {
            terms.push(String::from_utf8_lossy(term).into_owned());
        })?;
        for (ord, i) in wanted {
            if let Some(term) = ords.binary_search(&ord).ok().and_then(|at| terms.get(at)) {
                out[i].clone_from(term);
            }
        }
    }
    Ok(out)
}

/// Reads the ids of the grouped articles, then orders each group (earliest, then by
/// id) and the groups (by canonical id).
pub fn resolve_ids(searcher: &Searcher, groups: &mut [Group]) -> Result<()> {
    for group in groups.iter_mut() {
        read_ids(searcher, &mut group.members)?;
        group
            .members
            .sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.id.cmp(&b.id)));
    }
    groups.sort_by(|a, b| a.canonical().id.cmp(&b.canonical().id));
    Ok(())
}

#[cfg(test)]
#[path = "duplicates_tests.rs"]
mod tests;
