//! Any text as a date field and as running text: no panic, and only real dates.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use warta::parse::{find_date_in_text, parse_date, Published};

fn check(published: Option<Published>) {
    if let Some(p) = published {
        assert!((1945..=2100).contains(&p.date.year()), "{p:?}");
        assert!(p.utc_offset_minutes.abs() <= 14 * 60, "{p:?}");
        let _ = p.to_rfc3339_or_date();
        let _ = p.timestamp_utc();
    }
}

fuzz_target!(|text: &str| {
    check(parse_date(text));
    check(find_date_in_text(text));
});
