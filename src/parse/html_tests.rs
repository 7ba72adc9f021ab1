//! Tests for the HTML reader, on small inline pages.

use super::*;

const KOMPAS_LIKE: &str = r#"<!DOCTYPE html>
<html><head>
<title>Banjir Rendam Bekasi - Kompas.com</title>
<meta property="og:title" content="Banjir Rendam Bekasi, Warga Mengungsi">
<meta property="og:site_name" content="KOMPAS.com">
<meta property="article:published_time" content="2019-09-16T10:15:00+07:00">
<meta name="author" content="Ahmad Naufal">
<link rel="canonical" href="https://megapolitan.kompas.com/read/2019/09/16/x">
<style>.read__content { color: red }</style>
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/news">News</a></nav></header>
<h1>Banjir Rendam Bekasi, Warga Mengungsi</h1>
<div class="read__content">
  <p><strong>BEKASI, KOMPAS.com</strong> - Banjir merendam ratusan rumah di Bekasi, Senin (16/9/2019).</p>
  <p>Warga mengungsi ke masjid terdekat sejak pagi hari karena air terus naik.</p>
  <p><strong>Baca juga: </strong><a href="/b">Taeyangho, Kereta Lapis Baja</a></p>
  <script>var ads = 1;</script>
  <div class="ads">IKLAN</div>
  <h2>Bantuan Datang</h2>
  <p>Petugas membagikan makanan dan selimut kepada warga yang mengungsi di lokasi.<br>Bantuan terus berdatangan.</p>
  <div class="related-box"><ul><li><a href="/c">Hujan Deras Guyur Jakarta</a></li></ul></div>
</div>
<aside>Terpopuler: Berita lain</aside>
<footer>Hak cipta</footer>
</body></html>"#;

#[test]
fn kompas_like_page() {
    let a = parse_html(KOMPAS_LIKE).unwrap();
    assert_eq!(a.title, "Banjir Rendam Bekasi, Warga Mengungsi");
    assert_eq!(
        a.date.unwrap().to_rfc3339_or_date(),
        "2019-09-16T10:15:00+07:00"
    );
    assert_eq!(a.source.as_deref(), Some("Kompas.com"));
    assert_eq!(a.author.as_deref(), Some("Ahmad Naufal"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://megapolitan.kompas.com/read/2019/09/16/x")
    );
    assert_eq!(
        a.body,
        "Banjir merendam ratusan rumah di Bekasi, Senin (16/9/2019).\n\
         Warga mengungsi ke masjid terdekat sejak pagi hari karena air terus naik.\n\
         Bantuan Datang\n\
         Petugas membagikan makanan dan selimut kepada warga yang mengungsi di lokasi.\n\
         Bantuan terus berdatangan."
    );
    assert_eq!(
        a.related,
        vec![
            "Taeyangho, Kereta Lapis Baja".to_string(),
            "Hujan Deras Guyur Jakarta".to_string()
        ]
    );
}

#[test]
fn json_ld_wins_and_densest_paragraphs_found() {
    let page = r#"<html><head><title>Judul Halaman | detikNews</title>
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul LD","datePublished":"2019-09-11",
      "author":{"name":"Sri"},"publisher":{"name":"detikcom"}}</script></head>
    <body><div class="menu"><p>Menu satu</p></div>
    <div class="x"><p>Paragraf pertama yang cukup panjang.</p><p>Paragraf kedua juga.</p></div></body></html>"#;
    let a = parse_html(page).unwrap();
    assert_eq!(a.title, "Judul LD");
    assert_eq!(a.date.unwrap().to_rfc3339_or_date(), "2019-09-11");
    assert_eq!(a.source.as_deref(), Some("detik.com"));
    assert_eq!(a.author.as_deref(), Some("Sri"));
    assert_eq!(
        a.body,
        "Paragraf pertama yang cukup panjang.\nParagraf kedua juga."
    );
}

#[test]
fn title_tag_loses_site_suffix() {
    let page = "<html><head><title>Gempa Guncang Palu - Tribunnews.com</title><meta name=pubdate content=\"2018-09-28\"></head><body><article><p>Gempa terjadi.</p></article></body></html>";
    let a = parse_html(page).unwrap();
    assert_eq!(a.title, "Gempa Guncang Palu");
    assert_eq!(a.date.unwrap().to_rfc3339_or_date(), "2018-09-28");
}

#[test]
fn page_without_article_text() {
    for page in [
        "<html><head><title>Kosong</title></head><body><nav><p>Menu</p></nav></body></html>",
        "<html></html>",
        "<<<>>>",
    ] {
        assert_eq!(
            parse_html(page).unwrap_err(),
            "no article text found",
            "{page}"
        );
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let page = format!(
        "<html><body>{}<p>Isi dalam.</p>{}</body></html>",
        "<div>".repeat(3_000),
        "</div>".repeat(3_000)
    );
    let a = parse_html(&page).unwrap();
    assert_eq!(a.body, "Isi dalam.");
    let page = format!(
        "<html><body>{}<p>Isi.</p></body></html>",
        "<div><span>".repeat(50_000)
    );
    assert!(parse_html(&page)
        .unwrap_err()
        .starts_with("page nested too deeply"));
}
