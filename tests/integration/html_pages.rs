//! Saved news pages through the real binary: `warta index` a folder of pages
//! written here, then `warta show ID` prints every field read off them.

use crate::env::TestEnv;

/// A portal page: menus, a section `<h1>`, a sidebar of dated links, the
/// headline with a site suffix, no machine-readable date, reporter and editor
/// in a table, related links and a footer of links.
const PORTAL: &str = r##"<html><head><meta charset="iso-8859-1">
<title>Jembatan Gantung Cikadu Akhirnya Diperbaiki - Kabar Priangan Daerah</title>
<meta property="og:site_name" content="KabarPriangan.id">
<meta name="author" content="PT Kabar Priangan Media">
<link rel="canonical" href="https://daerah.kabarpriangan.id/baca/1234/jembatan-gantung">
</head><body>
<div class="topbar"><a href="/">Beranda</a> <a href="/daerah">Daerah</a> <a href="/olahraga">Olahraga</a></div>
<h1>Daerah</h1>
<ul class="sidebar"><li><a href="/a">Harga Cabai Rawit di Pasar Cianjur Turun Lagi</a> Senin, 8 Maret 2021 10:00 WIB</li></ul>
<div class="main-article">
  <h2>Jembatan Gantung Cikadu Akhirnya Diperbaiki</h2>
  <div class="info">Selasa, 9 Maret 2021 | 22:15 WIB</div>
  <div class="isi">
    <p>CIANJUR, KABARPRIANGAN.ID – Jembatan gantung di Desa Cikadu akhirnya diperbaiki setelah dua tahun rusak.</p>
    <p>Perbaikan dibiayai dana desa dan swadaya warga, dengan biaya sekitar Rp 150 juta, kata kepala desa.</p>
  </div>
  <table><tr><td>Reporter</td><td>: Dadang Sukmana</td></tr><tr><td>Editor</td><td>: Rina Marlina</td></tr></table>
  <div class="more"><a href="/d">Pemkab Cianjur Bangun Lima Jembatan Baru</a> <a href="/more">LOAD MORE</a></div>
</div>
<footer><a href="/about">About Us</a> - <a href="/ads">Advertise</a> - <a href="/career">Career</a></footer>
</body></html>"##;

/// Metadata that is wrong: local time labelled UTC with dashes in the clock, the
/// editor as author, the title prefixed with the site's name.
const MISLABELLED: &str = r#"<html><head>
<meta property="og:title" content="Kabarkota.co.id: Pasar Malam Kembali Dibuka">
<meta name="pubdate" content="2020-01-31T23-45-00Z">
<meta name="author" content="Rina Marlina">
<meta property="og:url" content="https://kabarkota.co.id/pasar-malam">
</head><body><h1>Pasar Malam Kembali Dibuka</h1>
<div class="artikel"><p>Pasar malam di alun-alun kota kembali dibuka setelah setahun tutup, dan ramai dikunjungi warga.</p>
<p>Pedagang berharap penjualan kembali naik menjelang akhir pekan, kata ketua paguyuban.</p>
<p>Editor: Rina Marlina</p></div></body></html>"#;

#[test]
fn show_prints_every_field_read_off_real_shaped_pages() {
    let env = TestEnv::new();
    env.write("arsip/portal.html", PORTAL);
    env.write("arsip/mislabelled.html", MISLABELLED);
    env.index(&[&env.path("arsip")]);

    let run = env.run(&["show", "portal.html"]);
    run.expect_code(0);
    let head: Vec<&str> = run.stdout.lines().take(6).collect();
    assert_eq!(
        head,
        [
            "Jembatan Gantung Cikadu Akhirnya Diperbaiki",
            "id: portal.html",
            "date: 2021-03-09T22:15:00+07:00",
            "source: KabarPriangan.id",
            "author: Dadang Sukmana",
            "url: https://daerah.kabarpriangan.id/baca/1234/jembatan-gantung",
        ],
        "{}",
        run.stdout
    );
    let body = run.stdout.split("\n\n").nth(1).unwrap_or_default();
    assert_eq!(
        body.trim_end(),
        "Jembatan gantung di Desa Cikadu akhirnya diperbaiki setelah dua tahun rusak.\n\
         Perbaikan dibiayai dana desa dan swadaya warga, dengan biaya sekitar Rp 150 juta, kata kepala desa.",
        "{}",
        run.stdout
    );

    let run = env.run(&["show", "mislabelled.html"]);
    run.expect_code(0);
    let head: Vec<&str> = run.stdout.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "Pasar Malam Kembali Dibuka",
            "id: mislabelled.html",
            "date: 2020-01-31T23:45:00+07:00",
            "source: kabarkota.co.id",
            "url: https://kabarkota.co.id/pasar-malam",
        ],
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("author:"), "{}", run.stdout);

    // Navigation, related links and the editor's line are not searchable as the story.
    env.run(&["query", "advertise"]).expect_code(1);
    env.run(&["query", "\"load more\""]).expect_code(1);
}
