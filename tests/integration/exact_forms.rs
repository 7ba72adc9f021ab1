//! How words as written are indexed: marked terms beside the stems (schema version 2 on),
//! and indexes of version 1 (exact forms in fields of their own, the older MinHash)
//! still read and updated as they were built.

use crate::env::{article, repo_path, sorted, TestEnv};

/// Three articles on one stem, makan, in three forms; and a fourth on another word.
fn meals(schema: Option<&str>) -> TestEnv {
    meals_in(TestEnv::new(), schema.map(repo_path))
}

/// [`meals`] indexed with the shipped declaration under another format version.
fn meals_of_version(version: u32) -> TestEnv {
    let env = TestEnv::new();
    let shipped = std::fs::read_to_string(repo_path("index_schema.json")).unwrap();
    let current = "\"version\": 4,";
    assert!(shipped.contains(current), "the shipped declaration changed");
    env.write(
        "schema.json",
        shipped.replace(current, &format!("\"version\": {version},")),
    );
    let schema = env.path("schema.json");
    meals_in(env, Some(schema))
}

fn meals_in(env: TestEnv, schema: Option<std::path::PathBuf>) -> TestEnv {
    let docs = [
        (
            "m1",
            "Ikan dimakan kucing",
            "Ikan itu dimakan kucing liar di pasar.",
        ),
        (
            "m2",
            "Kucing makan ikan",
            "Seekor kucing makan ikan di dapur warga.",
        ),
        (
            "m3",
            "Makanan kucing mahal",
            "Harga makanan kucing naik di pasar.",
        ),
        ("m4", "Anjing tidur", "Anjing itu tidur di teras rumah."),
    ];
    for (id, title, body) in docs {
        env.write(
            &format!("news/{id}.json"),
            article(id, title, "2019-09-01", "Kompas.com", body),
        );
    }
    let mut args = vec!["index".to_string(), "--quiet".to_string()];
    if let Some(schema) = schema {
        args.push("--schema".to_string());
        args.push(schema.display().to_string());
    }
    args.push(env.path("news").display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    env.run(&args).expect_code(0);
    env
}

/// A body of 98 words; its near copy changes one word, three of its 96 shingles.
const RICE: &str = "Harga beras di pasar tradisional naik tajam sejak awal pekan karena \
    pasokan dari sentra produksi di Jawa Tengah berkurang akibat kemarau panjang. \
    Pedagang mengatakan harga kini mencapai lima belas ribu rupiah per kilogram dan \
    pemerintah daerah berjanji menggelar operasi pasar pekan depan untuk menekan \
    harga di tingkat konsumen. Sejumlah ibu rumah tangga mengaku mengurangi belanja \
    dan beralih ke beras kualitas medium yang lebih murah. Pemilik warung makan di \
    kawasan Cawang juga menaikkan harga nasi karena biaya bahan baku meningkat. Kepala \
    dinas perdagangan menjelaskan bahwa stok di gudang Bulog masih cukup untuk dua \
    bulan dan meminta warga tidak panik.";

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The answers that do not depend on how exact forms are stored.
fn forms_are_told_apart(env: &TestEnv) {
    // Every form finds every article on the stem; the query's own form ranks first.
    assert_eq!(env.ids(&["dimakan"])[0], "m1");
    assert_eq!(sorted(env.ids(&["dimakan"])), ids(&["m1", "m2", "m3"]));
    assert_eq!(env.ids(&["makanan"])[0], "m3");
    assert_eq!(env.ids(&["title:makanan"])[0], "m3");
    // Excluding a derived form excludes that form only.
    assert_eq!(sorted(env.ids(&["kucing -dimakan"])), ids(&["m2", "m3"]));
    assert_eq!(sorted(env.ids(&["kucing -makanan"])), ids(&["m1", "m2"]));
    // A phrase matches on stems ("makanan kucing" too); its own forms rank first.
    assert_eq!(env.ids(&["\"dimakan kucing\""]), ids(&["m1", "m3"]));
    assert_eq!(sorted(env.ids(&["dimak*"])), ids(&["m1"]));
    assert_eq!(env.ids(&["anjing"]), ids(&["m4"]));
}

#[test]
fn word_forms_are_told_apart_in_a_new_index() {
    let env = meals(None);
    let kept = std::fs::read_to_string(env.index_dir().join("warta_schema.json")).unwrap();
    assert!(kept.contains("\"version\": 4"), "{kept}");
    forms_are_told_apart(&env);
    // A word written as its stem is indexed as the stem alone: excluding it excludes
    // every form of it (a version 1 index tells them apart, below).
    assert_eq!(env.ids(&["kucing -makan"]), Vec::<String>::new());
    // The explanation names the marked form in the body field.
    let run = env.run(&["query", "dimakan", "--json", "--explain", "--limit", "1"]);
    run.expect_code(0);
    let explained = run.json()["hits"][0]["explanation"].to_string();
    assert!(explained.contains("=dimakan"), "{explained}");
}

#[test]
fn a_version_one_index_is_read_and_updated_as_built() {
    let env = meals(Some("tests/fixtures/schema_v1.json"));
    forms_are_told_apart(&env);
    // The base form as written is told apart too in a version 1 index.
    assert_eq!(sorted(env.ids(&["kucing -makan"])), ids(&["m1", "m3"]));
    // Added articles are fingerprinted as the index's were: the copy is found.
    add_near_copies(&env);
    let kept = std::fs::read_to_string(env.index_dir().join("warta_schema.json")).unwrap();
    assert!(kept.contains("\"version\": 1"), "{kept}");
    expect_one_copy(&env);
}

#[test]
fn near_copies_are_found_in_a_new_index() {
    let env = meals(None);
    add_near_copies(&env);
    expect_one_copy(&env);
    // A version 4 signature is stored two values to a fast-field number, in order:
    // merging the segments must keep the order.
    env.run(&["optimize"]).expect_code(0);
    expect_one_copy(&env);
}

#[test]
fn a_version_three_index_fingerprints_added_articles_as_built() {
    let env = meals_of_version(3);
    add_near_copies(&env);
    let kept = std::fs::read_to_string(env.index_dir().join("warta_schema.json")).unwrap();
    assert!(kept.contains("\"version\": 3"), "{kept}");
    expect_one_copy(&env);
    env.run(&["optimize"]).expect_code(0);
    expect_one_copy(&env);
}

#[test]
fn an_index_of_a_newer_format_is_refused_with_the_way_out() {
    let env = meals(None);
    let path = env.index_dir().join("warta_schema.json");
    let kept = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, kept.replace("\"version\": 4", "\"version\": 5")).unwrap();
    let run = env.run(&["query", "kucing"]);
    run.expect_code(2);
    assert!(run.stderr.contains("warta_schema.json"), "{}", run.stderr);
    assert!(
        run.stderr.contains("unsupported schema version 5")
            && run.stderr.contains("warta index --rebuild"),
        "{}",
        run.stderr
    );
}

/// Adds two reports of the same story, one number apart, and indexes them.
fn add_near_copies(env: &TestEnv) {
    let body = RICE;
    env.write(
        "more/b1.json",
        article("b1", "Harga beras naik", "2019-09-02", "Kompas.com", body),
    );
    env.write(
        "more/b2.json",
        article(
            "b2",
            "Beras naik",
            "2019-09-03",
            "Tempo.co",
            &body.replace("lima belas", "enam belas"),
        ),
    );
    env.index(&[&env.path("more")]);
}

/// `warta duplicates` finds exactly one copy.
fn expect_one_copy(env: &TestEnv) {
    let run = env.run(&["duplicates"]);
    run.expect_code(0);
    assert_eq!(
        run.stderr,
        "1 group of duplicates; 1 article is a copy of another\n"
    );
}
