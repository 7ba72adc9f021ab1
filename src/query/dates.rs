//! Date bounds as people write them (`2019-09`, `13 September 2023`, `7d`, `kemarin`),
//! turned into calendar days (YYYYMMDD numbers) for range filters. A date-only bound is
//! a day in the article's own time zone, which is how the index stores days.

use chrono::{Duration, NaiveDate, Utc};

use crate::document::day_number;
use crate::parse::parse_date;

/// Today in Western Indonesian Time, the calendar Indonesian news is dated by.
pub fn today_wib() -> NaiveDate {
    (Utc::now() + Duration::hours(7)).date_naive()
}

/// A date bound that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "cannot read the date \"{text}\" (try 2019-09-30, 2019-09, 2019, \"13 September 2023\" or 7d)"
)]
pub struct DateError {
    pub text: String,
}

/// The first (`end == false`) or last (`end == true`) day a bound covers, or `None`
/// for an open bound (`*`).
pub fn day_bound(text: &str, end: bool, today: NaiveDate) -> Result<Option<u64>, DateError> {
    let text = text.trim();
    let lower = text.to_lowercase();
    if text == "*" {
        return Ok(None);
    }
    let day = match lower.as_str() {
        "today" | "hari ini" => Some(today),
        "yesterday" | "kemarin" => Some(today - Duration::days(1)),
        _ => None,
    };
    if let Some(day) = day.or_else(|| relative(&lower, today)) {
        return Ok(Some(day_number(day)));
    }
    if let Some((first, last)) = year_or_month(text) {
        return Ok(Some(day_number(if end { last } else { first })));
    }
    match parse_date(text) {
        Some(published) => Ok(Some(day_number(published.date))),
        None => Err(DateError {
            text: text.to_string(),
        }),
    }
}

/// `7d`, `2w`, `3m`, `1y`: that long before today.
fn relative(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let unit = text.chars().last()?;
    let n: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    let per_unit = match unit {
        'd' => 1,
        'w' => 7,
        'm' => 30,
        'y' => 365,
        _ => return None,
    };
    today.checked_sub_signed(Duration::try_days(n.checked_mul(per_unit)?)?)
}

/// `2019` or `2019-09`: the first and last day of that year or month.
fn year_or_month(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = text.split('-').collect();
    let all_digits = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits || parts[0].len() != 4 {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    match parts.as_slice() {
        [_] => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        )),
        [_, month] if month.len() <= 2 => {
            let month: u32 = month.parse().ok()?;
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        _ => None,
    }
}

/// The YYYYMMDD number back as a date string, for messages.
pub fn day_text(day: u64) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day / 10_000,
        day / 100 % 100,
        day % 100
    )
}

/// The month (YYYY-MM) of a day number.
pub fn month_of(day: u64) -> String {
    format!("{:04}-{:02}", day / 10_000, day / 100 % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        let today = NaiveDate::from_ymd_opt(2019, 10, 3).unwrap();
        let cases = [
            ("2019-09-30", false, Some(20190930)),
            ("2019-09", false, Some(20190901)),
            ("2019-09", true, Some(20190930)),
            ("2020-02", true, Some(20200229)),
            ("2019-12", true, Some(20191231)),
            ("2019", true, Some(20191231)),
            ("7d", false, Some(20190926)),
            ("kemarin", false, Some(20191002)),
            ("*", false, None),
        ];
        for (text, end, expected) in cases {
            assert_eq!(day_bound(text, end, today).unwrap(), expected, "{text}");
        }
        assert!(day_bound("minggu depan", false, today)
            .unwrap_err()
            .to_string()
            .contains("minggu depan"));
        assert_eq!(day_text(20190901), "2019-09-01");
        assert_eq!(month_of(20190901), "2019-09");
    }
}
