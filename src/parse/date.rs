//! Publication dates as Indonesian news writes them.
//!
//! This owns turning one date string ("Senin, 16/9/2019 10:15 WIB",
//! "Oktober 07, 2019", "2023-09-13T10:15:00+07:00") into a [`Published`], and
//! finding the first plausible date in running text. It does not decide which
//! date of an article is the publication date; the format readers do that.
//! Tokens come from [`super::datelex`]; month and zone names live there too.

use chrono::{NaiveDate, NaiveTime};

use super::datelex::{is_time_word, lex, month_number, zone_offset_minutes, Tok};

/// Western Indonesian Time, the zone of Jakarta and most of the archives.
pub const WIB_OFFSET_MINUTES: i32 = 7 * 60;

/// Strings longer than this are running text, not a date field.
const MAX_DATE_FIELD_CHARS: usize = 200;

/// When an article was published, in the local time the outlet wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub date: NaiveDate,
    pub time: Option<NaiveTime>,
    /// Offset of `date`/`time` from UTC; WIB (+420) unless the source said otherwise.
    pub utc_offset_minutes: i32,
}

impl Published {
    /// `"2023-09-13"` for a bare date, `"2023-09-13T10:15:00+07:00"` with a time.
    pub fn to_rfc3339_or_date(&self) -> String {
        let date = self.date.format("%Y-%m-%d");
        match self.time {
            None => date.to_string(),
            Some(time) => {
                let sign = if self.utc_offset_minutes < 0 {
                    '-'
                } else {
                    '+'
                };
                let abs = self.utc_offset_minutes.unsigned_abs();
                format!(
                    "{date}T{}{sign}{:02}:{:02}",
                    time.format("%H:%M:%S"),
                    abs / 60,
                    abs % 60
                )
            }
        }
    }

    /// Seconds since the Unix epoch; a bare date counts from local midnight.
    pub fn timestamp_utc(&self) -> i64 {
        let local = self.date.and_time(self.time.unwrap_or(NaiveTime::MIN));
        local.and_utc().timestamp() - i64::from(self.utc_offset_minutes) * 60
    }

    /// An instant given as Unix seconds, shown in WIB as the archives are Indonesian.
    pub fn from_unix_seconds(secs: i64) -> Option<Published> {
        let local = chrono::DateTime::from_timestamp(
            secs.checked_add(i64::from(WIB_OFFSET_MINUTES) * 60)?,
            0,
        )?
        .naive_utc();
        plausible(local.date()).then(|| Published {
            date: local.date(),
            time: Some(local.time()),
            utc_offset_minutes: WIB_OFFSET_MINUTES,
        })
    }
}

/// Parses one date string, tolerating a weekday, brackets and trailing words.
pub fn parse_date(s: &str) -> Option<Published> {
    let s = s.trim();
    if s.is_empty() || s.chars().count() > MAX_DATE_FIELD_CHARS {
        return None;
    }
    if s.len() >= 9 && s.len() <= 11 && s.bytes().all(|b| b.is_ascii_digit()) {
        return Published::from_unix_seconds(s.parse().ok()?);
    }
    find_date_in_text(s)
}

/// The first plausible date in running text (a real calendar day, 1945..=2100).
pub fn find_date_in_text(text: &str) -> Option<Published> {
    // Every date the matcher reads holds a year: a number of four digits, or of two
    // after a hyphen ("10-Sep-19"); and it starts at most four tokens before it. So
    // only stretches around such numbers are lexed, which is a small part of an
    // article without a date near its top (most of a plain-text one was lexed before).
    // A stretch reaches two tokens further back, which the matcher also reads, and
    // further ahead than the matcher reads past a date's start; so every position in
    // it is matched as it would be in the whole text.
    let mut windows = year_numbers(text).map(|(start, end)| {
        (
            token_start_before(text, start, TOKENS_BEFORE_YEAR),
            token_end_after(text, end, MATCH_REACH_TOKENS),
        )
    });
    let mut current = windows.next()?;
    loop {
        let next = windows.next();
        match next {
            // Overlapping stretches are lexed as one: each cut is a token boundary.
            Some((start, end)) if start <= current.1 => current.1 = current.1.max(end),
            _ => {
                let toks = lex(&text[current.0..current.1]);
                if let Some(found) = (0..toks.len()).find_map(|i| match_date_at(&toks, i)) {
                    return Some(found.0);
                }
                current = next?;
            }
        }
    }
}

/// A date's first token is at most this many before its year ("Sep. 26, 2019",
/// "16/9/2019"), and the matcher reads two more before that.
const TOKENS_BEFORE_YEAR: usize = 4 + 2;
/// More tokens than the matcher reads past a date's start (19, for a date with a
/// time to the fraction of a second and a zone such as "+07:00").
const MATCH_REACH_TOKENS: usize = 24;

/// Byte ranges of the numbers that can be a date's year, in order: runs of exactly
/// four ASCII digits, and runs of two after a hyphen (whitespace between allowed, as
/// the lexer drops it).
fn year_numbers(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + bytes[at..].iter().position(u8::is_ascii_digit)?;
        let end = start
            + bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(bytes.len() - start);
        at = end;
        let digits = end - start;
        if digits == 4 || (digits == 2 && text[..start].trim_end().ends_with('-')) {
            return Some((start, end));
        }
    })
}

/// How the lexer sees a character: runs of digits and runs of letters are tokens,
/// every other character that is not whitespace is one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Space,
    Digit,
    Letter,
    Punct,
}

fn char_class(c: char) -> CharClass {
    if c.is_ascii_digit() {
        CharClass::Digit
    } else if c.is_alphabetic() {
        CharClass::Letter
    } else if c.is_whitespace() {
        CharClass::Space
    } else {
        CharClass::Punct
    }
}

/// The first character, with its byte offset, of the token after the first `tokens`
/// tokens of `chars` (read forwards or backwards: a token is opened by a character
/// of punctuation, or by one of another class than the character before it).
fn past_tokens(
    mut chars: impl Iterator<Item = (usize, char)>,
    tokens: usize,
) -> Option<(usize, char)> {
    let (mut seen, mut prev) = (0, None);
    chars.find(|&(_, c)| {
        let class = char_class(c);
        if class == CharClass::Space {
            prev = None;
            return false;
        }
        if class == CharClass::Punct || prev != Some(class) {
            seen += 1;
        }
        prev = Some(class);
        seen > tokens
    })
}

/// The start of the `tokens`th token before byte `at` (a token boundary), or 0.
fn token_start_before(text: &str, at: usize, tokens: usize) -> usize {
    past_tokens(text[..at].char_indices().rev(), tokens).map_or(0, |(i, c)| i + c.len_utf8())
}

/// The end of the `tokens`th token after byte `at` (a token boundary), or the text's end.
fn token_end_after(text: &str, at: usize, tokens: usize) -> usize {
    past_tokens(text[at..].char_indices(), tokens).map_or(text.len(), |(i, _)| at + i)
}

/// The date starting at token `i`, if any (for tests that read a text whole).
#[cfg(test)]
pub(crate) fn first_date_at(t: &[Tok], i: usize) -> Option<Published> {
    match_date_at(t, i).map(|(p, _)| p)
}

/// A date starting at token `i`, with any time and zone that follow it.
fn match_date_at(t: &[Tok], i: usize) -> Option<(Published, usize)> {
    let (date, next) = match_day(t, i)?;
    if !plausible(date) {
        return None;
    }
    let mut published = Published {
        date,
        time: None,
        utc_offset_minutes: WIB_OFFSET_MINUTES,
    };
    let mut end = next;
    if let Some((time, offset, after)) = match_time(t, next) {
        published.time = Some(time);
        if let Some(offset) = offset {
            published.utc_offset_minutes = offset;
        }
        end = after;
    }
    Some((published, end))
}

fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1945..=2100).contains(&date.year())
}

/// The calendar day at token `i`: ISO, d/m/y, "13 September 2023", "Sep 26, 2019".
fn match_day(t: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    // A date glued to a longer number ("123/9/2019") is not a date.
    if i >= 2
        && matches!(t[i - 1], Tok::Punct('/' | '-' | '.' | ':'))
        && matches!(t[i - 2], Tok::Num(..))
    {
        return None;
    }
    match t.get(i)? {
        Tok::Num(first, digits) => {
            let (first, digits) = (*first, *digits);
            // 2023-09-13, 2023/09/13
            if digits == 4 {
                if let (
                    Some(Tok::Punct(s1 @ ('-' | '/'))),
                    Some(Tok::Num(m, 1..=2)),
                    Some(Tok::Punct(s2)),
                    Some(Tok::Num(d, 1..=2)),
                ) = (t.get(i + 1), t.get(i + 2), t.get(i + 3), t.get(i + 4))
                {
                    if s1 == s2 && !follows_number(t, i + 5) {
                        return Some((ymd(first, *m, *d)?, i + 5));
                    }
                }
                return None;
            }
            if digits > 2 {
                return None;
            }
            match (t.get(i + 1), t.get(i + 2)) {
                // 16/9/2019, 16-09-2019, 16.09.2019, 10-Sep-19
                (Some(Tok::Punct(s1 @ ('/' | '-' | '.'))), Some(Tok::Num(m, 1..=2))) => {
                    if let (Some(Tok::Punct(s2)), Some(Tok::Num(y, 4))) =
                        (t.get(i + 3), t.get(i + 4))
                    {
                        if s1 == s2 && !follows_number(t, i + 5) {
                            return Some((ymd(*y, *m, first)?, i + 5));
                        }
                    }
                    None
                }
                (Some(Tok::Punct('-')), Some(Tok::Word(w))) => {
                    let m = month_number(w)?;
                    let (year, next) = match (t.get(i + 3), t.get(i + 4)) {
                        (Some(Tok::Punct('-')), Some(Tok::Num(y, 2 | 4))) => (*y, i + 5),
                        _ => return None,
                    };
                    Some((ymd(full_year(year), m, first)?, next))
                }
                // 13 September 2023, 25 Okt 2019, 13 Sep. 2019
                (Some(Tok::Word(w)), _) => {
                    let m = month_number(w)?;
                    let mut j = i + 2;
                    if matches!(t.get(j), Some(Tok::Punct('.' | ','))) {
                        j += 1;
                    }
                    match t.get(j) {
                        Some(Tok::Num(y, 4)) if !follows_number(t, j + 1) => {
                            Some((ymd(*y, m, first)?, j + 1))
                        }
                        _ => None,
                    }
                }
                _ => None,
            }
        }
        // Oktober 07, 2019 / Sep 26, 2019
        Tok::Word(w) => {
            let m = month_number(w)?;
            let mut j = i + 1;
            if matches!(t.get(j), Some(Tok::Punct('.'))) {
                j += 1;
            }
            let Some(Tok::Num(d, 1..=2)) = t.get(j) else {
                return None;
            };
            j += 1;
            if matches!(t.get(j), Some(Tok::Punct(','))) {
                j += 1;
            }
            match t.get(j) {
                Some(Tok::Num(y, 4)) if !follows_number(t, j + 1) => Some((ymd(*y, m, *d)?, j + 1)),
                _ => None,
            }
        }
        Tok::Punct(_) => None,
    }
}

/// True when token `j` continues a number ("2019.5", "2019/20"), so the match was a slice of it.
fn follows_number(t: &[Tok], j: usize) -> bool {
    matches!(
        (t.get(j), t.get(j + 1)),
        (Some(Tok::Punct('/' | '-' | '.')), Some(Tok::Num(..)))
    )
}

fn full_year(y: u32) -> u32 {
    match y {
        0..=69 => 2000 + y,
        70..=99 => 1900 + y,
        _ => y,
    }
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A time after a date: "10:15", "pukul 10.15 WIB", "T10:15:00.000+07:00", "10:15:00 Z".
fn match_time(t: &[Tok], mut j: usize) -> Option<(NaiveTime, Option<i32>, usize)> {
    let mut introduced = false;
    // Separators and words that may sit between a date and its time.
    for _ in 0..3 {
        match t.get(j) {
            Some(Tok::Punct(',' | '|' | '-' | ')' | '(' | '/')) => j += 1,
            Some(Tok::Word(w)) if is_time_word(w) => {
                introduced = true;
                j += 1;
            }
            _ => break,
        }
    }
    let Some(Tok::Num(h, 1..=2)) = t.get(j) else {
        return None;
    };
    let sep = match t.get(j + 1) {
        Some(Tok::Punct(c @ (':' | '.'))) => *c,
        _ => return None,
    };
    let Some(Tok::Num(mi, 2)) = t.get(j + 2) else {
        return None;
    };
    j += 3;
    let mut sec = 0;
    if let (Some(Tok::Punct(':')), Some(Tok::Num(s, 2))) = (t.get(j), t.get(j + 1)) {
        sec = *s;
        j += 2;
        if let (Some(Tok::Punct('.' | ',')), Some(Tok::Num(..))) = (t.get(j), t.get(j + 1)) {
            j += 2; // fractional seconds are dropped
        }
    }
    let time = NaiveTime::from_hms_opt(*h, *mi, sec)?;
    let (offset, end) = match match_zone(t, j) {
        Some((offset, end)) => (Some(offset), end),
        None => (None, j),
    };
    // "10.15" alone is as likely a score or an amount as a time.
    if sep == '.' && offset.is_none() && !introduced {
        return None;
    }
    Some((time, offset, end))
}

/// A zone after a time: WIB/WITA/WIT, UTC/GMT/Z (optionally with an offset), or "+07:00".
fn match_zone(t: &[Tok], j: usize) -> Option<(i32, usize)> {
    match t.get(j) {
        Some(Tok::Word(w)) => {
            let base = zone_offset_minutes(w)?;
            if base == 0 {
                if let Some((offset, end)) = match_numeric_offset(t, j + 1) {
                    return Some((offset, end));
                }
            }
            Some((base, j + 1))
        }
        _ => match_numeric_offset(t, j),
    }
}

fn match_numeric_offset(t: &[Tok], j: usize) -> Option<(i32, usize)> {
    let sign = match t.get(j) {
        Some(Tok::Punct('+')) => 1,
        Some(Tok::Punct('-')) => -1,
        _ => return None,
    };
    let (hours, minutes, end) = match (t.get(j + 1), t.get(j + 2), t.get(j + 3)) {
        (Some(Tok::Num(h, 2)), Some(Tok::Punct(':')), Some(Tok::Num(m, 2))) => (*h, *m, j + 4),
        (Some(Tok::Num(hm, 4)), _, _) => (hm / 100, hm % 100, j + 2),
        (Some(Tok::Num(h, 1..=2)), _, _) => (*h, 0, j + 2),
        _ => return None,
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    Some((sign * i32::try_from(hours * 60 + minutes).ok()?, end))
}

/// Parses a time cell such as "21:13 WIB", "14:10" or "-".
pub fn parse_time_cell(s: &str) -> Option<(NaiveTime, Option<i32>)> {
    let toks = lex(s);
    let (time, offset, _) = match_time(&toks, 0)?;
    Some((time, offset))
}

#[cfg(test)]
#[path = "date_tests.rs"]
mod tests;
