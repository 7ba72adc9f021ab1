//! The traps of real saved pages, each on a small page written for the test:
//! site names in titles, editors and publishers in bylines, malformed and
//! missing metadata, navigation around the story, wrong charsets.

use super::*;
use crate::parse::read_articles_from_bytes;

/// A portal page: menus, a section `<h1>`, the headline in an `<h2>`, a sidebar of
/// dated links, a related list with "LOAD MORE", and a footer of links.
const PORTAL: &str = r##"<!DOCTYPE html><html><head>
<meta charset="utf-8">
<title>Jembatan Gantung Cikadu Akhirnya Diperbaiki - Kabar Priangan Daerah</title>
<meta property="og:title" content="Jembatan Gantung Cikadu Akhirnya Diperbaiki - Kabar Priangan Daerah">
<meta property="og:site_name" content="KabarPriangan.id">
<meta name="author" content="PT Kabar Priangan Media">
<meta property="article:author" content="https://www.facebook.com/kabarpriangan">
<link rel="canonical" href="https://daerah.kabarpriangan.id/baca/2021/03/09/1234/jembatan-gantung">
</head><body>
<div class="topbar"><span>Selasa, 9 Maret 2021</span>
<a href="/">Beranda</a> <a href="/daerah">Daerah</a> <a href="/olahraga">Olahraga</a> <a href="/hiburan">Hiburan</a></div>
<h1 class="section">Daerah</h1>
<div class="sidebar-list"><ul>
<li><a href="/a">Harga Cabai Rawit di Pasar Cianjur Turun Lagi</a> Senin, 8 Maret 2021 10:00 WIB</li>
<li><a href="/b">Banjir Rendam Tiga Desa di Garut Selatan</a> Minggu, 7 Maret 2021 08:00 WIB</li>
</ul></div>
<div class="main-article">
  <h2>Jembatan Gantung Cikadu Akhirnya Diperbaiki</h2>
  <div class="info">Selasa, 9 Maret 2021 | 22:15 WIB</div>
  <figure><img src="x.jpg"><figcaption>Warga melintasi jembatan, Selasa (9/3/2021). (Foto: Dadang)</figcaption></figure>
  <div class="share-bar"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a></div>
  <div class="isi-berita">
    <p>CIANJUR, KABARPRIANGAN.ID - Jembatan gantung di Desa Cikadu, Kecamatan Cijati, akhirnya diperbaiki setelah dua tahun rusak.</p>
    <p>Kepala desa mengatakan, perbaikan dibiayai dana desa dan swadaya warga, dengan biaya sekitar Rp 150 juta.</p>
    <div class="baca-juga">Baca juga: <a href="/c">Jalan Provinsi Cianjur Selatan Mulus Tahun Ini</a></div>
    <p>"Anak-anak tidak perlu lagi menyeberangi sungai untuk pergi ke sekolah," kata dia, Selasa malam.</p>
    <blockquote class="pull-quote">Anak-anak tidak perlu lagi menyeberangi sungai</blockquote>
    <p>Perbaikan ditargetkan selesai dalam tiga bulan, sebelum musim hujan berikutnya tiba.</p>
  </div>
  <table class="credit"><tr><td>Reporter</td><td>: Kontributor Cianjur, Dadang Sukmana</td></tr>
  <tr><td>Editor</td><td>: Rina Marlina</td></tr></table>
  <div class="tags">Tag: <a href="/t/jembatan">jembatan</a> <a href="/t/cianjur">cianjur</a></div>
  <div class="more-news"><ul>
    <li><a href="/d">Pemkab Cianjur Bangun Lima Jembatan Baru Tahun Depan</a></li>
    <li><a href="/e">Warga Cikadu Gotong Royong Bersihkan Sungai Setelah Banjir</a></li>
    <li><a href="/f">Dana Desa Cianjur Naik Sepuluh Persen dari Tahun Lalu</a></li>
  </ul><a href="/more">LOAD MORE</a></div>
</div>
<footer><a href="/about">About Us</a> - <a href="/ads">Advertise</a> - <a href="/policy">Policy</a> - <a href="/career">Career</a>
<p>Copyright 2021 PT Kabar Priangan Media. All Rights Reserved.</p></footer>
</body></html>"##;

#[test]
fn portal_page_with_navigation_and_site_suffix() {
    let a = parse_html(PORTAL).unwrap();
    assert_eq!(a.title, "Jembatan Gantung Cikadu Akhirnya Diperbaiki");
    // No machine-readable date: the line beside the headline, not the top bar or the sidebar.
    assert_eq!(
        a.date.unwrap().to_rfc3339_or_date(),
        "2021-03-09T22:15:00+07:00"
    );
    assert_eq!(a.source.as_deref(), Some("KabarPriangan.id"));
    assert_eq!(a.author.as_deref(), Some("Dadang Sukmana"));
    assert_eq!(
        a.body,
        "Jembatan gantung di Desa Cikadu, Kecamatan Cijati, akhirnya diperbaiki setelah dua tahun rusak.\n\
         Kepala desa mengatakan, perbaikan dibiayai dana desa dan swadaya warga, dengan biaya sekitar Rp 150 juta.\n\
         \"Anak-anak tidak perlu lagi menyeberangi sungai untuk pergi ke sekolah,\" kata dia, Selasa malam.\n\
         Perbaikan ditargetkan selesai dalam tiga bulan, sebelum musim hujan berikutnya tiba."
    );
    assert_eq!(
        a.related,
        vec!["Jalan Provinsi Cianjur Selatan Mulus Tahun Ini".to_string()]
    );
}

/// A page with only metadata around a short story, for the title and byline checks.
fn page(head: &str, body_top: &str) -> String {
    format!(
        "<html><head>{head}</head><body>{body_top}<div class=\"content\">\
         <p>Pemerintah kota menambah armada bus sekolah gratis mulai bulan depan, kata wali kota.</p>\
         <p>Armada baru akan melayani rute pinggiran yang selama ini belum terjangkau angkutan umum.</p>\
         </div></body></html>"
    )
}

#[test]
fn site_names_are_cut_from_titles_by_comparison() {
    let cases: &[(&str, &str, &str)] = &[
        // Suffix with a section, found by the site's own name.
        (
            r#"<meta property="og:site_name" content="Warta Kota Kita"><title>Bus Sekolah Gratis Ditambah | Warta Kota Kita</title>"#,
            "",
            "Bus Sekolah Gratis Ditambah",
        ),
        // Prefix with a colon, found by the canonical host.
        (
            r#"<link rel="canonical" href="https://www.kotakita.co.id/news/1"><meta property="og:title" content="KotaKita.co.id: Bus Sekolah Gratis Ditambah">"#,
            "",
            "Bus Sekolah Gratis Ditambah",
        ),
        // Section and outlet after a double colon, resolved by the visible headline.
        (
            r#"<meta property="og:site_name" content="harian.example"><title>Bus Sekolah Gratis Ditambah - Kota :: Harian Lifestyle</title>"#,
            "<h1>Bus Sekolah Gratis Ditambah</h1>",
            "Bus Sekolah Gratis Ditambah",
        ),
        // A colon that belongs to the headline stays.
        (
            r#"<meta property="og:site_name" content="Warta Kota Kita"><meta property="og:title" content="Wali Kota: Bus Sekolah Gratis Ditambah - Warta Kota Kita">"#,
            "",
            "Wali Kota: Bus Sekolah Gratis Ditambah",
        ),
        // The visible headline keeps punctuation a metadata copy lost.
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Bus Sekolah Gratis Ditambah Cukupkah"}</script>"#,
            "<h1>Bus Sekolah Gratis Ditambah: Cukupkah?</h1>",
            "Bus Sekolah Gratis Ditambah: Cukupkah?",
        ),
    ];
    for (head, top, want) in cases {
        let a = parse_html(&page(head, top)).unwrap();
        assert_eq!(a.title, *want, "{head}");
    }
}

#[test]
fn bylines_name_the_writer_or_nobody() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        // Only an editor, a publisher and a profile URL: no author.
        (
            r#"<meta property="og:site_name" content="Warta Kota Kita"><meta name="author" content="Warta Kota Kita"><meta property="article:author" content="https://facebook.com/wartakota">"#,
            "<h1>Bus Sekolah Gratis Ditambah</h1><div>Editor: Rina Marlina</div>",
            None,
        ),
        // JSON-LD names as author the person the page labels editor.
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Rina Marlina"}}</script>"#,
            r#"<h1>Bus Sekolah Gratis Ditambah</h1><div class="info-author">Editor : <a class="author">Rina Marlina</a></div>"#,
            None,
        ),
        // An initials code in metadata and the full name in the byline box.
        (
            r#"<meta name="author" content="dsm"><meta property="og:site_name" content="detakkota.com">"#,
            r#"<h1>Bus Sekolah Gratis Ditambah</h1><div class="author">Dadang Sukmana - detakkota</div>"#,
            Some("Dadang Sukmana"),
        ),
        // "Oleh" before the name, a photographer credited in the picture.
        (
            "",
            r#"<h1>Bus Sekolah Gratis Ditambah</h1><div class="photo"><span class="author">Antara</span></div><div class="byline">Oleh : <b>Sri Wahyuni</b></div>"#,
            Some("Sri Wahyuni"),
        ),
        // A name with its role under it, a company in metadata.
        (
            r#"<meta name="author" content="PT Media Kota Digital">"#,
            "<h1>Bus Sekolah Gratis Ditambah</h1><div class=\"nm\"><div>Dewi Lestari</div><span>Jurnalis</span></div>",
            Some("Dewi Lestari"),
        ),
        // "Oleh" opening a sentence is not a byline.
        (
            "",
            "<h1>Bus Sekolah Gratis Ditambah</h1><div>Oleh karena itu, warga senang.</div>",
            None,
        ),
        // Writer and editor both named: the writer.
        (
            "",
            "<h1>Bus Sekolah Gratis Ditambah</h1><p>Penulis: Ahmad Fauzi</p><p>Editor: Rina Marlina</p>",
            Some("Ahmad Fauzi"),
        ),
    ];
    for (head, top, want) in cases {
        let a = parse_html(&page(head, top)).unwrap();
        assert_eq!(a.author.as_deref(), *want, "{head} {top}");
    }
}

#[test]
fn malformed_and_missing_dates() {
    // (head, top of the body, canonical URL, stored WIB day and time)
    let cases: &[(&str, &str, &str)] = &[
        // Dashes in the clock: the local time, not UTC (read as UTC it is the next day).
        (
            r#"<meta name="pubdate" content="2019-03-04T23-30-00Z">"#,
            "",
            "2019-03-04T23:30:00+07:00",
        ),
        // A space before the T: the same template bug.
        (
            r#"<meta name="pubdate" content="2019-03-04 T18:30:00Z">"#,
            "",
            "2019-03-04T18:30:00+07:00",
        ),
        // An offset with a Z glued on: the offset holds.
        (
            r#"<meta name="date" content="2019-03-05T03:40:00+07:00Z">"#,
            "",
            "2019-03-05T03:40:00+07:00",
        ),
        // Local time labelled UTC, caught by the date line beside the headline.
        (
            r#"<meta property="article:published_time" content="2019-03-04T18:30:00Z">"#,
            "<h1>Bus Sekolah Gratis Ditambah</h1><div>Senin, 4 Maret 2019 18:30 WIB</div>",
            "2019-03-04T18:30:00+07:00",
        ),
        // Real UTC agreeing with the page's WIB line stays as it is.
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-03-04T20:00:00Z"}</script>"#,
            "<h1>Bus Sekolah Gratis Ditambah</h1><div>Selasa, 5 Maret 2019 03:00 WIB</div>",
            "2019-03-04T20:00:00+00:00",
        ),
        // No metadata, a <time> without datetime beside the headline.
        (
            "",
            r#"<time class="tgl">Kamis, 5 November 2015 - 15:56 wib</time><h1>Bus Sekolah Gratis Ditambah</h1>"#,
            "2015-11-05T15:56:00+07:00",
        ),
        // Nothing but the URL.
        (
            r#"<link rel="canonical" href="https://kota.example.id/read/2015/11/04/21040031/bus">"#,
            "<h1>Bus Sekolah Gratis Ditambah</h1>",
            "2015-11-04",
        ),
    ];
    for (head, top, want) in cases {
        let a = parse_html(&page(head, top)).unwrap();
        assert_eq!(
            a.date.map(|d| d.to_rfc3339_or_date()).as_deref(),
            Some(*want),
            "{head} {top}"
        );
    }
}

#[test]
fn outlet_in_warta_spelling_from_site_name_publisher_or_host() {
    let cases: &[(&str, &str)] = &[
        (
            r#"<meta property="og:site_name" content="detikinet"><link rel="canonical" href="http://inet.detik.com/read/1">"#,
            "detik.com",
        ),
        (
            r#"<link rel="canonical" href="http://bola.kompas.com/read/2016/02/23/1">"#,
            "Kompas.com",
        ),
        (
            r#"<meta property="og:site_name" content="Tempo Gaya"><meta property="og:url" content="http://gaya.tempo.co/read/1">"#,
            "Tempo.co",
        ),
        (
            r#"<meta property="og:site_name" content="Kabar Kota">"#,
            "Kabar Kota",
        ),
    ];
    for (head, want) in cases {
        let a = parse_html(&page(head, "<h1>Bus Sekolah Gratis Ditambah</h1>")).unwrap();
        assert_eq!(a.source.as_deref(), Some(*want), "{head}");
    }
}

#[test]
fn wrong_declared_charsets() {
    let read = |bytes: &[u8]| {
        let mut got = Vec::new();
        read_articles_from_bytes(std::path::Path::new("page.html"), bytes, &mut |a| {
            got.push(a)
        })
        .unwrap();
        got.remove(0).unwrap()
    };
    // Declared ISO-8859-1, written in UTF-8.
    let utf8 = "<html><head><meta charset=\"iso-8859-1\"><title>Kafe \u{201c}Kopi\u{201d} Dibuka</title></head>\
                <body><p>Harga secangkir kopi naik \u{2013} kini Rp 25 ribu di kafe milik Andr\u{e9}.</p></body></html>";
    let a = read(utf8.as_bytes());
    assert_eq!(a.title, "Kafe \u{201c}Kopi\u{201d} Dibuka");
    assert!(a.body.contains("naik \u{2013} kini"), "{}", a.body);
    // Declared UTF-8, written in Windows-1252.
    let mut cp1252 = b"<html><head><meta charset=\"utf-8\"><title>Kafe \x93Kopi\x94 Dibuka</title></head><body><p>Harga secangkir kopi naik \x96 kini Rp 25 ribu di kafe milik Andr\xe9.</p></body></html>".to_vec();
    let a = read(&cp1252);
    assert_eq!(a.title, "Kafe \u{201c}Kopi\u{201d} Dibuka");
    assert!(a.body.contains("milik Andr\u{e9}."), "{}", a.body);
    // And no panic on bytes that are nothing in particular.
    cp1252.extend_from_slice(&[0xff, 0xfe, 0x81, 0x8d]);
    let _ = read(&cp1252);
}
