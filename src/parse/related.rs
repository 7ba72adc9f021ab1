//! "Baca juga:" cross-links and the other cleaning every body gets.
//!
//! This owns taking "Baca juga: <headline>" links out of article text (whole
//! lines, or inline in bodies whose paragraphs a scraper joined with commas),
//! whitespace normalisation, and finding a lede's first sentence. It knows
//! nothing of file formats.

/// The longest headline we will cut out of running text; past this the end is a guess.
const MAX_INLINE_HEADLINE: usize = 300;

/// Removes "Baca juga" links from `text`, returning the text left and their headlines.
///
/// A link runs to the end of its line, or inline to the next paragraph join
/// (a comma not followed by a space), to a sentence glued to the next one, or
/// to the closing bracket of "(Baca juga: ...)". When no such end is near,
/// only the "Baca juga:" marker is removed.
pub fn strip_related(text: &str) -> (String, Vec<String>) {
    let text = strip_link_templates(text);
    let mut out = String::with_capacity(text.len());
    let mut related = Vec::new();
    let mut rest = text.as_ref();
    while let Some(marker) = find_marker(rest) {
        out.push_str(&rest[..marker.start]);
        let after_marker = &rest[marker.end..];
        let mut next = after_marker;
        if let Some(len) = headline_end(after_marker, marker.in_brackets) {
            let headline = after_marker[..len].trim().trim_end_matches(',').trim();
            if !headline.is_empty() {
                related.push(headline.to_string());
            }
            next = &after_marker[len..];
            if marker.in_brackets {
                next = next.strip_prefix(')').unwrap_or(next);
            }
        }
        // Keep one paragraph join where the link sat, not the link's own and the next.
        if out.ends_with(',') {
            next = next.trim_start_matches(',');
        }
        rest = next;
    }
    out.push_str(rest);
    (out, related)
}

/// Drops a site template's unrendered link block: `[bacajuga:Baca Juga](4035268 4016750)`.
fn strip_link_templates(text: &str) -> std::borrow::Cow<'_, str> {
    const TEMPLATE: &str = "[bacajuga:";
    if !text.contains(TEMPLATE) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(TEMPLATE) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let label_end = tail.find(']').map_or(tail.len(), |i| i + 1);
        let mut after = &tail[label_end..];
        if let Some(ids) = after.strip_prefix('(') {
            let stop = ids.find([')', ',', '\n']).unwrap_or(ids.len());
            after = ids[stop..].strip_prefix(')').unwrap_or(&ids[stop..]);
        }
        if out.ends_with(',') {
            after = after.trim_start_matches(',');
        }
        rest = after;
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Where a "Baca juga" marker (with its colon) sits, and whether it opened with "(".
struct Marker {
    start: usize,
    end: usize,
    in_brackets: bool,
}

/// The next "Baca juga" marker, if any.
fn find_marker(s: &str) -> Option<Marker> {
    let mut from = 0;
    while let Some(pos) = find_ascii_ci(&s[from..], "baca juga").map(|p| p + from) {
        let word = &s[pos..pos + "baca juga".len()];
        let before = s[..pos].chars().next_back();
        let in_brackets = before == Some('(');
        // Also "...Getty ImagesBaca juga:", where a caption was glued on without a space.
        let at_boundary = before
            .is_none_or(|c| !c.is_alphanumeric() || (c.is_lowercase() && word.starts_with('B')));
        // Lower-case "baca juga" inside a sentence is an ordinary verb phrase.
        if at_boundary && (word.starts_with('B') || in_brackets) {
            let start = if in_brackets { pos - 1 } else { pos };
            let tail = &s[pos + word.len()..];
            let after_space = tail.trim_start_matches([' ', '\u{a0}', '\t']);
            let consumed = tail.len() - after_space.len();
            if let Some(after_colon) = after_space.strip_prefix([':', ';']) {
                let gap =
                    after_colon.len() - after_colon.trim_start_matches([' ', '\u{a0}', '\t']).len();
                return Some(Marker {
                    start,
                    end: pos + word.len() + consumed + 1 + gap,
                    in_brackets,
                });
            }
            if after_space.is_empty() || after_space.starts_with([',', '\n', '\r']) {
                return Some(Marker {
                    start,
                    end: pos + word.len() + consumed,
                    in_brackets,
                });
            }
        }
        from = pos + word.len();
    }
    None
}

/// Where `needle` (not empty, beginning with a letter) first occurs in `haystack`,
/// ASCII case ignored. Every article's body is searched, so a window is compared only
/// where its first letter stands, found with `memchr` in either case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    memchr::memchr2_iter(first.to_ascii_lowercase(), first.to_ascii_uppercase(), h).find(|&i| {
        h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
    })
}

/// Length of the headline at the start of `s`, or None when its end cannot be told.
fn headline_end(s: &str, in_brackets: bool) -> Option<usize> {
    if in_brackets {
        return s.find(')').filter(|&end| end <= MAX_INLINE_HEADLINE);
    }
    let chars: Vec<(usize, char)> = s
        .char_indices()
        .take_while(|&(i, _)| i <= MAX_INLINE_HEADLINE + 4)
        .collect();
    let mut lower_run = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if i > MAX_INLINE_HEADLINE {
            return None;
        }
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, n)| n);
        match c {
            '\n' | '\r' => return Some(i),
            // "0,1 detik" is a decimal comma, not a paragraph join.
            ',' if prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit()) => {}
            ',' if next.is_none_or(|n| n != ' ') => return Some(i),
            // "...Dunia 2019\"Buat saya": a quotation glued on starts the next paragraph.
            '"' | '“'
                if prev.is_some_and(|p| p.is_alphanumeric() || ".!?".contains(p))
                    && next.is_some_and(char::is_uppercase) =>
            {
                return Some(i)
            }
            '.' | '!' | '?' if next.is_some_and(char::is_uppercase) => return Some(i + 1),
            // Paragraphs joined with nothing: "...MotoGP AustraliaSementara itu". A long
            // lower-case run keeps "YouTube" and "McLaren" whole.
            _ if c.is_uppercase() && lower_run >= 4 && next.is_some_and(char::is_lowercase) => {
                return Some(i)
            }
            ' ' if s[i..].starts_with(" Simak Video") => return Some(i),
            _ => {}
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
    }
    Some(s.len())
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "dr", "drs", "dra", "ir", "prof", "h", "hj", "st", "no", "tn", "ny", "sdr", "kol", "jl", "jln",
    "mr", "mrs", "ms", "dll", "dsb", "dkk", "bpk", "kh", "kec", "kab", "pt", "tbk", "cv", "sh",
    "se", "mh", "mm", "a.n", "u.p", "vs", "jend", "brigjen", "kombes", "ipda", "iptu", "akp",
    "kompol", "ajb", "hlm", "tgl",
];

/// The first sentence of a lede, without its final period (kept: ? and !).
pub fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let ends = match next {
            None => true,
            Some(n) => n.is_whitespace() || (n == ',' && c == '.'),
        };
        if !ends || (c == '.' && is_abbreviation(&text[..i])) {
            continue;
        }
        let end = if c == '.' { i } else { i + 1 };
        return text[..end].trim_end();
    }
    text
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_related_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "Satu.\nBaca juga: Taeyangho, Kereta Lapis Baja\nDua.",
                "Satu.\n\nDua.",
                &["Taeyangho, Kereta Lapis Baja"],
            ),
            (
                "tersebut.,Baca juga:,,Pada laga",
                "tersebut.,Pada laga",
                &[],
            ),
            (
                "Madrid.,Baca Juga: Musim 2019-2020 Jadi Musim Pengharapan,\"Semua bisa",
                "Madrid.,\"Semua bisa",
                &["Musim 2019-2020 Jadi Musim Pengharapan"],
            ),
            ("Azis.,Baca Juga :,,Sebelum", "Azis.,Sebelum", &[]),
            (
                "Eko.Baca juga: Angkat Besi Kirim Delapan Atlet\"Buat saya",
                "Eko.\"Buat saya",
                &["Angkat Besi Kirim Delapan Atlet"],
            ),
            ("James.,Baca juga,,Pada laga", "James.,Pada laga", &[]),
            (
                "Anda bisa baca juga: buku ini",
                "Anda bisa baca juga: buku ini",
                &[],
            ),
            ("Bacaan juga penting", "Bacaan juga penting", &[]),
            (
                "Foto: Getty ImagesBaca juga: Sepeda LipatAwalnya, Ritchie",
                "Foto: Getty ImagesAwalnya, Ritchie",
                &["Sepeda Lipat"],
            ),
            ("membaca juga", "membaca juga", &[]),
            (
                "BACA JUGA: Hasil Akhir\nLanjut",
                "\nLanjut",
                &["Hasil Akhir"],
            ),
            (
                "Australia.Baca juga: Vinales Tercepat di FP1 MotoGP AustraliaSementara itu Marc",
                "Australia.Sementara itu Marc",
                &["Vinales Tercepat di FP1 MotoGP Australia"],
            ),
            (
                "Baca juga: Jagoan YouTube dan McLaren Menang 0,1 Detik,Lanjut",
                ",Lanjut",
                &["Jagoan YouTube dan McLaren Menang 0,1 Detik"],
            ),
            (
                "lolos.Baca juga: Jonatan Menang Simak Video \"X\"",
                "lolos. Simak Video \"X\"",
                &["Jonatan Menang"],
            ),
            (
                "dunia. (baca juga: Habibie Wafat) Sebelum",
                "dunia.  Sebelum",
                &["Habibie Wafat"],
            ),
            (
                "pelayaran.,Baca juga;,,\"Karena",
                "pelayaran.,\"Karena",
                &[],
            ),
            (
                "Boldsky,[bacajuga:Baca Juga](3809787 3617927),Kulit",
                "Boldsky,Kulit",
                &[],
            ),
            (
                "laman,[bacajuga:Baca Juga](4035268 4016838,Mengutip",
                "laman,Mengutip",
                &[],
            ),
        ];
        for (input, body, related) in cases {
            let (got_body, got_related) = strip_related(input);
            let got_body = got_body.as_str();
            let want: Vec<String> = related.iter().map(|s| s.to_string()).collect();
            assert_eq!((got_body, got_related), (*body, want), "{input:?}");
        }
    }

    #[test]
    fn unbounded_inline_link_keeps_text() {
        let long = format!("lolos.Baca juga: Bertarung Tiga Gim {}", "kata ".repeat(80));
        let (body, related) = strip_related(&long);
        assert!(body.starts_with("lolos.Bertarung Tiga Gim"), "{body}");
        assert!(related.is_empty());
    }

    #[test]
    fn first_sentence_table() {
        let cases: &[(&str, &str)] = &[
            (
                "Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un.",
                "Presiden Rusia, Vladimir Putin, bertemu Pemimpin Korea Utara, Kim Jong Un",
            ),
            (
                "Prof. Dr. Budi datang. Lalu pergi.",
                "Prof. Dr. Budi datang",
            ),
            (
                "Annesa K. Ramadhany menulis. Lagi.",
                "Annesa K. Ramadhany menulis",
            ),
            (
                "Harga naik 1.000 rupiah. Lalu turun.",
                "Harga naik 1.000 rupiah",
            ),
            ("Siapa dia? Tidak tahu.", "Siapa dia?"),
            ("Tanpa titik", "Tanpa titik"),
        ];
        for (input, want) in cases {
            assert_eq!(first_sentence(input), *want, "{input:?}");
        }
    }
}
