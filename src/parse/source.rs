//! Outlet names, made uniform.
//!
//! This owns the table of Indonesian news outlets and the rules that turn the
//! many spellings of one outlet ("TRIBUNNEWS.COM", "tribunnews.com",
//! "Tribunnews") into one display name. It does not find the outlet in an
//! article; datelines and credits are read in `dateline`.

use crate::spacing::normalize_spaces;

/// Each outlet's display name and the spellings (lowercased, without "www.") that mean it.
const OUTLETS: &[(&str, &[&str])] = &[
    (
        "Kompas.com",
        &["kompas.com", "kompas", "kompascom", "kompas com"],
    ),
    ("Kompas.tv", &["kompas.tv", "kompastv", "kompas tv"]),
    ("Kompas.id", &["kompas.id", "harian kompas"]),
    ("Okezone.com", &["okezone.com", "okezone", "okezonecom"]),
    (
        "Tempo.co",
        &[
            "tempo.co",
            "tempo",
            "tempo.co.id",
            "tempo.com",
            "koran tempo",
        ],
    ),
    (
        "Sindonews.com",
        &["sindonews.com", "sindonews", "sindo", "koran sindo"],
    ),
    ("WowKeren.com", &["wowkeren.com", "wowkeren"]),
    (
        "Tribunnews.com",
        &[
            "tribunnews.com",
            "tribunnews",
            "tribun news",
            "tribun",
            "tribunnewscom",
        ],
    ),
    (
        "KapanLagi.com",
        &["kapanlagi.com", "kapanlagi", "kapan lagi"],
    ),
    ("Fimela.com", &["fimela.com", "fimela"]),
    (
        "Liputan6.com",
        &["liputan6.com", "liputan6", "liputan 6", "liputan6com"],
    ),
    (
        "Posmetro-Medan.com",
        &[
            "posmetro-medan.com",
            "posmetro-medan",
            "posmetro medan",
            "posmetromedan.com",
            "posmetro",
        ],
    ),
    ("Merdeka.com", &["merdeka.com", "merdeka", "merdekacom"]),
    (
        "detik.com",
        &[
            "detik.com",
            "detik",
            "detikcom",
            "detiknews",
            "detiknews.com",
            "detik news",
        ],
    ),
    (
        "CNN Indonesia",
        &[
            "cnn indonesia",
            "cnnindonesia.com",
            "cnnindonesia",
            "cnn indonesia.com",
        ],
    ),
    (
        "Antaranews.com",
        &[
            "antaranews.com",
            "antara",
            "antaranews",
            "antara news",
            "lkbn antara",
            "ant",
        ],
    ),
    (
        "Republika",
        &[
            "republika",
            "republika.co.id",
            "republika.id",
            "republika online",
        ],
    ),
    ("Kumparan", &["kumparan", "kumparan.com", "kumparancom"]),
    ("Suara.com", &["suara.com", "suara", "suaracom"]),
    ("Tirto.id", &["tirto.id", "tirto"]),
    (
        "Viva.co.id",
        &["viva.co.id", "viva", "vivanews", "vivanews.com"],
    ),
    ("IDN Times", &["idn times", "idntimes", "idntimes.com"]),
    ("Bisnis.com", &["bisnis.com", "bisnis", "bisnis indonesia"]),
    ("Kontan.co.id", &["kontan.co.id", "kontan"]),
    ("Katadata.co.id", &["katadata.co.id", "katadata"]),
    ("JawaPos.com", &["jawapos.com", "jawapos", "jawa pos"]),
    ("Beritasatu.com", &["beritasatu.com", "beritasatu"]),
    (
        "Media Indonesia",
        &["media indonesia", "mediaindonesia.com", "mediaindonesia"],
    ),
    (
        "The Jakarta Post",
        &["the jakarta post", "thejakartapost.com", "jakarta post"],
    ),
    ("Jakarta Globe", &["jakarta globe", "jakartaglobe.id"]),
    ("iNews.id", &["inews.id", "inews"]),
    ("Medcom.id", &["medcom.id", "medcom", "metrotvnews.com"]),
    ("Metro TV", &["metro tv", "metrotv"]),
    ("Pikiran Rakyat", &["pikiran rakyat", "pikiran-rakyat.com"]),
    ("Grid.id", &["grid.id"]),
    ("Bola.com", &["bola.com"]),
    ("Bola.net", &["bola.net"]),
    ("BolaSport.com", &["bolasport.com", "bolasport"]),
    ("Inilah.com", &["inilah.com"]),
    ("Warta Ekonomi", &["warta ekonomi", "wartaekonomi.co.id"]),
    ("Okezone Celebrity", &["celebrity.okezone.com"]),
];

/// The uniform display name of an outlet; unknown names come back trimmed as given.
pub fn canonical_source(s: &str) -> String {
    let trimmed = normalize_spaces(s);
    known_outlet(&trimmed)
        .map(str::to_string)
        .unwrap_or(trimmed)
}

/// The display name when `s` names a known outlet, by name, domain or URL.
pub fn known_outlet(s: &str) -> Option<&'static str> {
    let key = lookup_key(s);
    if key.is_empty() {
        return None;
    }
    if let Some(name) = lookup(&key) {
        return Some(name);
    }
    // "regional.kompas.com" and "news.detik.com" are sections of a known outlet.
    let mut rest = key.as_str();
    while let Some((_, parent)) = rest.split_once('.') {
        if parent.contains('.') {
            if let Some(name) = lookup(parent) {
                return Some(name);
            }
        }
        rest = parent;
    }
    None
}

/// True for strings shaped like an outlet: known, or a domain such as "ayobandung.com".
pub fn looks_like_outlet(s: &str) -> bool {
    known_outlet(s).is_some() || is_domain_like(s.trim())
}

fn is_domain_like(s: &str) -> bool {
    let lower = s.to_lowercase();
    const SUFFIXES: &[&str] = &[
        ".com", ".co.id", ".co", ".id", ".net", ".tv", ".org", ".or.id", ".news",
    ];
    SUFFIXES.iter().any(|suffix| {
        lower.strip_suffix(suffix).is_some_and(|stem| {
            !stem.is_empty()
                && stem
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        })
    })
}

fn lookup(key: &str) -> Option<&'static str> {
    OUTLETS
        .iter()
        .find(|(_, spellings)| spellings.contains(&key))
        .map(|(name, _)| *name)
}

/// Lowercase, no scheme, no "www.", no path, single spaces.
fn lookup_key(s: &str) -> String {
    let mut key = s.trim().to_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = key.strip_prefix(scheme) {
            key = rest.split('/').next().unwrap_or("").to_string();
        }
    }
    let key = key.strip_prefix("www.").unwrap_or(&key);
    key.trim_end_matches(['/', '.'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_source_table() {
        let cases: &[(&str, &str)] = &[
            ("TRIBUNNEWS.COM", "Tribunnews.com"),
            ("tribunnews.com", "Tribunnews.com"),
            ("Tribunnews", "Tribunnews.com"),
            ("KOMPAS.com", "Kompas.com"),
            ("okezone.com", "Okezone.com"),
            ("tempo.co", "Tempo.co"),
            ("posmetro-medan.com", "Posmetro-Medan.com"),
            ("DETIK.COM", "detik.com"),
            ("detikNews", "detik.com"),
            ("https://www.cnnindonesia.com/nasional/123", "CNN Indonesia"),
            ("regional.kompas.com", "Kompas.com"),
            ("ANTARA", "Antaranews.com"),
            ("KOMPAS.TV", "Kompas.tv"),
            ("Liputan6.com", "Liputan6.com"),
            ("  Harian   Lokal  ", "Harian Lokal"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(canonical_source(input), *want, "{input:?}");
        }
    }

    #[test]
    fn outlet_shapes() {
        for (input, want) in [
            ("AYOBANDUNG.COM", true),
            ("Kompas.com", true),
            ("JAKARTA", false),
            ("Presiden Rusia", false),
            ("CNN Indonesia", true),
        ] {
            assert_eq!(looks_like_outlet(input), want, "{input:?}");
        }
    }
}
