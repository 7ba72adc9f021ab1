//! `warta analyze`: the terms the Indonesian analyser makes, for people checking a
//! word and for scripts measuring the stemmer (one output line per input line).

use std::io::{self, BufRead, Write};

use anyhow::Result;

use crate::analysis::{Analyzer, AnalyzerOptions, Mode};
use crate::cli::AnalyzeArgs;
use crate::store::UserWords;
use crate::tokenizer::{form_to_mark, marked};
use crate::Outcome;

pub fn run(args: AnalyzeArgs) -> Result<Outcome> {
    let words = UserWords::from_files(args.protect.as_deref(), args.roots.as_deref())?;
    let analyzer = Analyzer::new(AnalyzerOptions {
        mode: if args.surface {
            Mode::Surface
        } else {
            Mode::Stem
        },
        remove_stop_words: args.stop,
        ..words.unwrap_or_default().options()
    });
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let style = match (args.explain, args.indexed) {
        (true, _) => Style::Explain,
        (_, true) => Style::Indexed,
        _ => Style::Terms,
    };
    if args.text.is_empty() {
        for line in io::stdin().lock().lines() {
            write_line(&mut out, &analyzer, &line?, style)?;
        }
    } else {
        write_line(&mut out, &analyzer, &args.text.join(" "), style)?;
    }
    out.flush()?;
    Ok(Outcome::Found)
}

/// What a line of output shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Terms,
    /// Stems with the marked forms beside them, as a stemmed field indexes them.
    Indexed,
    Explain,
}

fn write_line(out: &mut dyn Write, analyzer: &Analyzer, text: &str, style: Style) -> Result<()> {
    if style == Style::Indexed {
        let mut terms = Vec::new();
        analyzer.analyze_with_surface(text, &mut |token, form| {
            let to_mark = form_to_mark(&token.text, form).map(marked);
            terms.push(token.text);
            terms.extend(to_mark);
        });
        writeln!(out, "{}", terms.join(" "))?;
        return Ok(());
    }
    if style == Style::Explain {
        for e in analyzer.explain(text) {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                e.original,
                e.folded,
                e.stem,
                e.steps.join("; ")
            )?;
        }
        return Ok(());
    }
    let terms: Vec<String> = analyzer
        .analyze_to_vec(text)
        .into_iter()
        .map(|t| t.text)
        .collect();
    writeln!(out, "{}", terms.join(" "))?;
    Ok(())
}
