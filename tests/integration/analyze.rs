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
    let run = env.run(&["analyze", "--explain", "Pembangunan"]);
    let cols: Vec<&str> = run.stdout.lines().next().unwrap().split('\t').collect();
    assert_eq!(&cols[..3], ["Pembangunan", "pembangunan", "bangun"]);
    assert!(!cols[3].is_empty(), "explain says why: {}", run.stdout);
}
