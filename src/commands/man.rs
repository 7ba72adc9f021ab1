//! `warta man`: the manual page in roff, generated from the command line's own
//! definition (clap_mangen): one page with every subcommand and its flags, and the
//! query syntax that `warta query --help` shows.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::roff::{roman, Roff};
use clap_mangen::Man;

use crate::cli::Cli;
use crate::Outcome;

pub fn run() -> Result<Outcome> {
    let command = Cli::command();
    let mut out = io::stdout().lock();
    let man = Man::new(command.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut section = Roff::new();
        section.control(
            "SH",
            [format!("WARTA {}", sub.get_name().to_uppercase()).as_str()],
        );
        if let Some(about) = sub.get_long_about().or(sub.get_about()) {
            section.text([roman(about.to_string())]);
        }
        section.to_writer(&mut out)?;
        let page = Man::new(sub.clone().bin_name(format!("warta {}", sub.get_name())));
        page.render_synopsis_section(&mut out)?;
        page.render_options_section(&mut out)?;
        if let Some(after) = sub.get_after_long_help() {
            // Laid out by hand (a table of syntax), so printed as written.
            let mut extra = Roff::new();
            extra.control("nf", []);
            for line in after.to_string().lines() {
                extra.text([roman(line)]);
            }
            extra.control("fi", []);
            extra.to_writer(&mut out)?;
        }
    }
    man.render_version_section(&mut out)?;
    out.flush()?;
    Ok(Outcome::Found)
}
