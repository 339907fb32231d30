//! `mockloop match`: group a pool file (docs/pool.schema.json) into practice circles of 2-3 and
//! print each group with its common slots and reasons, and who was left out and why.

use std::path::PathBuf;

use clap::Args;
use mockloop_core::matching::{match_pool, parse_pool, MatchOutcome};

use super::{say, Failure};

#[derive(Debug, Args)]
pub struct MatchArgs {
    /// The pool: {"as_of": RFC 3339, "people": [...]} (docs/pool.schema.json).
    #[arg(long, value_name = "FILE")]
    pool: PathBuf,
    /// Print JSON: {"groups": [{"members", "score", "common_slots", "reasons"}], "unmatched": [{"id", "reason"}]}.
    #[arg(long)]
    json: bool,
    /// Breaks ties among equally placed candidates; the same seed gives the same groups.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

pub fn run(args: MatchArgs) -> Result<(), Failure> {
    let text = std::fs::read_to_string(&args.pool)
        .map_err(|e| Failure::Usage(format!("could not read {}: {e}", args.pool.display())))?;
    let pool = parse_pool(&text).map_err(|e| Failure::Usage(format!("{}: {e}", args.pool.display())))?;
    let outcome = match_pool(&pool, args.seed);
    if args.json {
        say(&serde_json::to_string_pretty(&outcome).map_err(|e| Failure::Runtime(e.to_string()))?);
    } else {
        say(render_text(&outcome).trim_end());
    }
    Ok(())
}

fn render_text(outcome: &MatchOutcome) -> String {
    let mut text = format!("{} groups, {} unmatched\n", outcome.groups.len(), outcome.unmatched.len());
    for group in &outcome.groups {
        text.push_str(&format!("\n{} (score {:.3})\n", group.members.join(" + "), group.score));
        for slot in group.common_slots.iter().take(3) {
            text.push_str(&format!("  common: {} .. {}\n", slot.start, slot.end));
        }
        if group.common_slots.len() > 3 {
            text.push_str(&format!("  ... and {} more common slots\n", group.common_slots.len() - 3));
        }
        for reason in &group.reasons {
            text.push_str(&format!("  - {reason}\n"));
        }
    }
    for person in &outcome.unmatched {
        text.push_str(&format!("\nunmatched {}: {}\n", person.id, person.reason));
    }
    text
}
