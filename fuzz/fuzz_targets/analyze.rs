//! Any text through the Indonesian analyser, in both modes: tokens point at whole
//! characters of the input, in order.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use warta::analysis::{Analyzer, AnalyzerOptions, Mode};

fn analyzers() -> &'static [Analyzer; 2] {
    static ANALYZERS: OnceLock<[Analyzer; 2]> = OnceLock::new();
    ANALYZERS.get_or_init(|| {
        [
            Analyzer::new(AnalyzerOptions::default()),
            Analyzer::new(AnalyzerOptions {
                mode: Mode::Surface,
                remove_stop_words: true,
                ..AnalyzerOptions::default()
            }),
        ]
    })
}

fuzz_target!(|text: &str| {
    for analyzer in analyzers() {
        let mut last = None;
        analyzer.analyze(text, &mut |token| {
            assert!(
                token.start <= token.end && token.end <= text.len(),
                "{token:?}"
            );
            assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            assert!(last.is_none_or(|p| token.position > p), "{token:?}");
            last = Some(token.position);
        });
        let _ = analyzer.explain(text);
    }
});
