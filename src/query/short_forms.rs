//! The abbreviation table in queries: a short form also finds its spelled-out name and
//! the name its short form (`korut` and `Korea Utara`), as alternatives the compilers
//! (local and OpenSearch) turn into clauses.

use super::syntax::{Expr, Occur};
use crate::analysis::{abbreviations, fold};

/// Words without field or operator, as a run an abbreviation may span.
fn plain_word(item: &(Occur, Expr)) -> Option<&str> {
    match item {
        (
            Occur::Default,
            Expr::Word {
                field: None,
                text,
                prefix: false,
                fuzzy: None,
                ..
            },
        ) => Some(text),
        _ => None,
    }
}

pub(crate) fn key(text: &str) -> String {
    fold(text)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

fn word(text: &str) -> Expr {
    Expr::Word {
        field: None,
        text: text.to_string(),
        prefix: false,
        fuzzy: None,
        boost: 1.0,
    }
}

/// Rewrites short forms and their expansions into alternatives: `korut` becomes
/// `(korut OR "korea utara")`, and `Korea Utara` becomes `((Korea Utara) OR korut)`.
/// With `indexed_short_forms` (the index holds `kpk` wherever "Komisi Pemberantasan
/// Korupsi" is written), a one-word short form needs no expansion.
pub(crate) fn with_abbreviations(
    items: &[(Occur, Expr)],
    indexed_short_forms: bool,
) -> Vec<(Occur, Expr)> {
    let longest = abbreviations::longest_expansion();
    let mut out = Vec::with_capacity(items.len());
    let mut i = 0;
    'items: while i < items.len() {
        let run_len = items[i..]
            .iter()
            .take_while(|it| plain_word(it).is_some())
            .count();
        // The phrase looked up begins with this word's key, as `short_forms_of` folds
        // and splits it (an empty key leaves the next word first: tried as before).
        let can_begin = run_len >= 2
            && plain_word(&items[i]).is_some_and(|w| {
                fold(&key(w))
                    .split_whitespace()
                    .next()
                    .is_none_or(abbreviations::may_begin_expansion)
            });
        let longest_run = if can_begin { run_len.min(longest) } else { 1 };
        for n in (2..=longest_run).rev() {
            let words: Vec<&str> = items[i..i + n].iter().filter_map(plain_word).collect();
            let phrase = words.iter().map(|w| key(w)).collect::<Vec<_>>().join(" ");
            let shorts: Vec<String> = abbreviations::short_forms_of(&phrase)
                .into_iter()
                .map(|s| s.to_string())
                .collect();
            if !shorts.is_empty() {
                // Must, not Default: the alternatives are not rewritten again.
                let together = Expr::And(
                    items[i..i + n]
                        .iter()
                        .map(|(_, e)| (Occur::Must, e.clone()))
                        .collect(),
                );
                let mut alternatives = vec![together];
                alternatives.extend(
                    shorts
                        .iter()
                        .map(|s| Expr::And(vec![(Occur::Must, word(s))])),
                );
                out.push((Occur::Default, Expr::Or(alternatives)));
                i += n;
                continue 'items;
            }
        }
        if let (
            Occur::Default,
            Expr::Phrase {
                field: None,
                text,
                slop: 0,
                ..
            },
        ) = &items[i]
        {
            let shorts = abbreviations::short_forms_of(&key(text));
            let expansions = abbreviations::expansions_of(&key(text));
            if !shorts.is_empty() || !expansions.is_empty() {
                let mut alternatives = vec![Expr::And(vec![(Occur::Must, items[i].1.clone())])];
                alternatives.extend(
                    shorts
                        .iter()
                        .map(|s| Expr::And(vec![(Occur::Must, word(s))])),
                );
                alternatives.extend(expansions.iter().map(|e| {
                    let phrase = Expr::Phrase {
                        field: None,
                        text: e.to_string(),
                        slop: 0,
                        boost: 1.0,
                    };
                    Expr::And(vec![(Occur::Must, phrase)])
                }));
                out.push((Occur::Default, Expr::Or(alternatives)));
                i += 1;
                continue;
            }
        }
        if let Some(text) = plain_word(&items[i])
            .filter(|t| !(indexed_short_forms && abbreviations::is_one_term(&key(t))))
        {
            let expansions: Vec<String> = abbreviations::expansions_of(&key(text))
                .into_iter()
                .map(|s| s.to_string())
                .collect();
            if !expansions.is_empty() {
                let mut alternatives = vec![Expr::And(vec![(Occur::Must, items[i].1.clone())])];
                alternatives.extend(expansions.iter().map(|e| {
                    Expr::And(vec![(
                        Occur::Must,
                        Expr::Phrase {
                            field: None,
                            text: e.clone(),
                            slop: 0,
                            boost: 1.0,
                        },
                    )])
                }));
                out.push((Occur::Default, Expr::Or(alternatives)));
                i += 1;
                continue;
            }
        }
        out.push(items[i].clone());
        i += 1;
    }
    out
}
