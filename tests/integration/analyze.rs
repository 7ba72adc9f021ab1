//! `warta analyze`: one line of terms per input line, as the stemmer evaluation reads.

use crate::env::TestEnv;

#[test]
fn one_output_line_per_input_line() {
    let env = TestEnv::new();
    let input = "membangun\npembangunan\nnegara-negara\n\nmenyetujui\nkeluarga\n";
    let run = env.run_with_input(&["analyze", "--no-stop"], Some(input));
    run.expect_code(0);
    assert_eq!(run.stdout, "bangun\nbangun\nnegara\n\nsetuju\nkeluarga\n");
}

#[test]
fn text_argument_and_explain() {
    let env = TestEnv::new();
    let run = env.run(&["analyze", "Pembangunan jembatan-jembatan"]);
    assert_eq!(run.stdout, "bangun jembatan\n");
    // As the title and body index it: the form as written beside a stem it differs from.
    let run = env.run(&[
        "analyze",
        "--indexed",
        "Pembangunan jembatan-jembatan di Bekasi",
    ]);
    assert_eq!(
        run.stdout,
        "bangun =pembangunan jembatan =jembatan-jembatan di bekasi\n"
    );
    let run = env.run(&["analyze", "--explain", "Pembangunan"]);
    let cols: Vec<&str> = run.stdout.lines().next().unwrap().split('\t').collect();
    assert_eq!(&cols[..3], ["Pembangunan", "pembangunan", "bangun"]);
    assert!(!cols[3].is_empty(), "explain says why: {}", run.stdout);
}

#[test]
fn protected_words_are_kept_whole_at_index_and_query_time() {
    let body = "Harga ikan di pelabuhan parakan turun karena tangkapan melimpah.";
    let plain = TestEnv::new();
    plain.write(
        "a/x.json",
        crate::env::article("x", "Ikan murah", "2019-09-01", "Kompas.com", body),
    );
    plain.index(&[&plain.path("a")]);
    // Without the list, lowercase "parakan" is read as para + -kan.
    assert_eq!(plain.ids(&["para"]), ["x"]);

    let env = TestEnv::new();
    env.write(
        "a/x.json",
        crate::env::article("x", "Ikan murah", "2019-09-01", "Kompas.com", body),
    );
    let list = env.write("protect.txt", "# names of places\nParakan\n");
    let run = env.run(&["index", "--quiet", "--protect", list.to_str().unwrap(), "a"]);
    run.expect_code(0);
    assert!(env.ids(&["para"]).is_empty());
    assert_eq!(env.ids(&["parakan"]), ["x"]);
    let other = env.write("other.txt", "Bekasi\n");
    let run = env.run(&["index", "--protect", other.to_str().unwrap(), "a"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--rebuild"), "{}", run.stderr);
    let explained = env.run(&["analyze", "--protect", list.to_str().unwrap(), "tarakan"]);
    assert_eq!(explained.stdout, "tarakan\n");
}
