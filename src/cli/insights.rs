//! `mockloop insights focus`: rank the themes of a candidate's feedback history (the format of
//! `docs/history.schema.json`) and choose one or two focus areas.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use mockloop_core::bank::Bank;
use mockloop_core::feedback::ThemeSuggester;
use mockloop_core::insights::{parse_date, parse_history, render_focus_text, select_focus};

use super::{say, Failure};
use crate::content::{self, ContentSource};

#[derive(Debug, Args)]
pub struct InsightsArgs {
    #[command(subcommand)]
    command: InsightsCommand,
}

#[derive(Debug, Subcommand)]
enum InsightsCommand {
    /// Rank the themes of a feedback history with score, trend, evidence and reason, and choose at
    /// most two focus areas. JSON: {"focus": [theme, ...], "themes": [{"theme", "score", "trend",
    /// "evidence", "reason"}]}.
    Focus {
        /// A candidate's history, as written by `mockloop export --candidate` (docs/history.schema.json).
        #[arg(long, value_name = "FILE")]
        history: PathBuf,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Score as of this day (YYYY-MM-DD): later rounds are ignored and recency is measured from
        /// it. Default: the latest round's date.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// A content folder to use instead of the bundled bank.
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
}

pub fn run(args: InsightsArgs) -> Result<(), Failure> {
    match args.command {
        InsightsCommand::Focus { history, json, as_of, content } => focus(&history, json, as_of, content),
    }
}

fn focus(path: &PathBuf, json: bool, as_of: Option<String>, content: Option<PathBuf>) -> Result<(), Failure> {
    let as_of = match as_of.as_deref() {
        None => None,
        Some(text) => Some(parse_date(text).ok_or_else(|| {
            Failure::Usage(format!("--as-of {text:?} is not a date; write it as YYYY-MM-DD"))
        })?),
    };
    let bank = load_bank(content)?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("could not read {}: {e}", path.display())))?;
    let history = parse_history(&text, &bank.themes)
        .map_err(|e| Failure::Usage(format!("{} is not a usable history: {e}", path.display())))?;
    let suggester = ThemeSuggester::new(&bank.themes);
    let report = select_focus(&history, &bank.themes, &suggester, as_of);
    if json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| Failure::Runtime(e.to_string()))?;
        say(&json);
    } else {
        say(render_focus_text(&report, &history.candidate, &bank.themes).trim_end());
    }
    Ok(())
}

fn load_bank(content: Option<PathBuf>) -> Result<Bank, Failure> {
    let (bank, problems) = content::load(&ContentSource::from_option(content)).map_err(Failure::Runtime)?;
    if let Some(first) = problems.first() {
        return Err(Failure::Runtime(format!("the content has problems, the first: {first}")));
    }
    Ok(bank)
}
