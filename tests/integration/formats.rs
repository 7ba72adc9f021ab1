//! Each article format's fields come out right (files written inline, expectations
//! read off them by hand).

use std::io::Write;

use crate::env::TestEnv;

fn shown(env: &TestEnv, id: &str) -> serde_json::Value {
    let run = env.run(&["show", id, "--json"]);
    run.expect_code(0);
    run.json()
}

#[test]
fn raw_text_with_datelines_and_credits() {
    let env = TestEnv::new();
    env.write(
        "t/kompas.txt",
        "Banjir Rendam Ribuan Rumah di Bekasi\n\nBEKASI, KOMPAS.com - Banjir merendam ribuan rumah di Bekasi pada Senin (16/9/2019).\nWarga mengungsi ke masjid.\nBaca juga: Tanggul Jebol di Karawang\nHujan diperkirakan berlanjut.\n",
    );
    env.write(
        "t/liputan6.txt",
        "Liputan6.com, Jakarta - Harga cabai naik tajam di pasar induk. Pedagang mengeluh.\nSenin, 16/9/2019 10:15 WIB\n",
    );
    env.index(&[&env.path("t")]);
    let v = shown(&env, "kompas.txt");
    assert_eq!(v["title"], "Banjir Rendam Ribuan Rumah di Bekasi");
    assert_eq!(v["source"], "Kompas.com");
    assert_eq!(v["date"], "2019-09-16");
    assert!(v["body"]
        .as_str()
        .unwrap()
        .contains("Warga mengungsi ke masjid."));
    assert!(!v["body"].as_str().unwrap().contains("Karawang"));
    assert_eq!(
        v["related"],
        serde_json::json!(["Tanggul Jebol di Karawang"])
    );
    let v = shown(&env, "liputan6.txt");
    assert_eq!(v["source"], "Liputan6.com");
    assert_eq!(v["title"], "Harga cabai naik tajam di pasar induk");
    assert_eq!(v["date"], "2019-09-16T10:15:00+07:00");
}

#[test]
fn json_json_lines_and_gzip_with_aliases() {
    let env = TestEnv::new();
    env.write(
        "j/one.json",
        r#"{"headline": "Gempa Guncang Ambon", "content": "Gempa berkekuatan 6,5 mengguncang Ambon.", "published": "2019-09-26T08:46:00+07:00", "publisher": "Tempo.co", "author": "Rina", "url": "https://example.test/gempa"}"#,
    );
    env.write(
        "j/many.jsonl",
        "{\"id\": \"k-1\", \"title\": \"Satu\", \"date\": \"2019-09-01\", \"source\": \"Kompas.com\", \"body\": \"Isi pertama tentang sawah.\"}\n{\"title\": \"Dua\", \"text\": \"Isi kedua tentang sawah.\", \"date\": \"25 Okt 2019\"}\n",
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"id\": \"g-1\", \"title\": \"Terkompresi\", \"date\": \"13 September 2023\", \"body\": \"Isi yang dikompresi dengan gzip.\"}\n").unwrap();
    env.write("j/packed.jsonl.gz", gz.finish().unwrap());
    env.index(&[&env.path("j")]);

    let v = shown(&env, "one.json");
    assert_eq!(v["title"], "Gempa Guncang Ambon");
    assert_eq!(v["source"], "Tempo.co");
    assert_eq!(v["author"], "Rina");
    assert_eq!(v["url"], "https://example.test/gempa");
    assert_eq!(v["date"], "2019-09-26T08:46:00+07:00");
    assert_eq!(shown(&env, "k-1")["title"], "Satu");
    let second = shown(&env, "many.jsonl:2");
    assert_eq!(second["title"], "Dua");
    assert_eq!(second["date"], "2019-10-25");
    assert_eq!(shown(&env, "g-1")["date"], "2023-09-13");
    assert_eq!(env.ids(&["sawah"]).len(), 2);
}

#[test]
fn markdown_with_front_matter() {
    let env = TestEnv::new();
    env.write(
        "m/a.md",
        "---\ntitle: \"Jokowi Resmikan Bendungan\"\ndate: 2019-09-14\nsource: Kompas.com\nauthor: Ihsanuddin\nurl: https://example.test/bendungan\nid: kompas-9\n---\n\nPresiden **Jokowi** meresmikan [bendungan](https://example.test/b) baru.\n\nBendungan itu mengairi sawah.\n",
    );
    env.write(
        "m/b.md",
        "# Judul Dari Heading\n\nIsi artikel tanpa front matter tentang irigasi.\n",
    );
    env.index(&[&env.path("m")]);
    let v = shown(&env, "kompas-9");
    assert_eq!(v["title"], "Jokowi Resmikan Bendungan");
    assert_eq!(v["date"], "2019-09-14");
    assert_eq!(v["author"], "Ihsanuddin");
    assert!(
        v["body"]
            .as_str()
            .unwrap()
            .contains("Presiden Jokowi meresmikan bendungan baru."),
        "{}",
        v["body"]
    );
    assert_eq!(shown(&env, "b.md")["title"], "Judul Dari Heading");
}

#[test]
fn html_pages_with_json_ld_or_meta_tags() {
    let env = TestEnv::new();
    env.write(
        "h/ld.html",
        r#"<html><head><title>Judul Situs | Detik</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Timnas Menang Tipis","datePublished":"2019-09-10T19:30:00+07:00","author":{"@type":"Person","name":"Budi"},"publisher":{"@type":"Organization","name":"detik.com"}}</script>
<script>var tracking = "jangan diindeks";</script><style>.x{color:red}</style></head>
<body><nav><a href="/">Beranda</a> Menu navigasi</nav>
<article><h1>Timnas Menang Tipis</h1><p>Timnas Indonesia menang tipis atas Malaysia di Jakarta.</p><p>Gol tunggal dicetak pada menit akhir.</p></article>
<footer>Hak cipta detik.com</footer></body></html>"#,
    );
    env.write(
        "h/og.html",
        r#"<html><head><meta property="og:title" content="Harga Beras Stabil"><meta property="og:site_name" content="Kompas.com"><meta property="article:published_time" content="2019-09-12T07:00:00+07:00"><meta name="author" content="Sari"></head>
<body><div class="read__content"><p>Harga beras di pasar tradisional stabil pekan ini.</p><p>Pasokan dari Karawang lancar.</p></div></body></html>"#,
    );
    env.index(&[&env.path("h")]);
    let v = shown(&env, "ld.html");
    assert_eq!(v["title"], "Timnas Menang Tipis");
    assert_eq!(v["source"].as_str().unwrap().to_lowercase(), "detik.com");
    assert_eq!(v["author"], "Budi");
    assert_eq!(v["date"], "2019-09-10T19:30:00+07:00");
    assert!(v["body"].as_str().unwrap().contains("Gol tunggal"));
    env.run(&["query", "tracking"]).expect_code(1);
    env.run(&["query", "navigasi"]).expect_code(1);
    let v = shown(&env, "og.html");
    assert_eq!(v["title"], "Harga Beras Stabil");
    assert_eq!(v["source"], "Kompas.com");
    assert_eq!(v["author"], "Sari");
    assert_eq!(v["date"], "2019-09-12T07:00:00+07:00");
}
