//! `mockloop plan`: plan a loop offline and print it as a text agenda, JSON or an ICS calendar.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use mockloop_core::bank::ThemeId;
use mockloop_core::planner::{plan_loop, render_ics, render_text, PlanRequest, QuestionSummary};

use super::{say, Failure};
use crate::content::{self, ContentSource};

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Loop template id (see content/templates/): staff-ds, staff-mle, ...
    #[arg(long)]
    template: String,
    /// 1-4 comma-separated participant names, e.g. "Ana,Ben,Chen".
    #[arg(long)]
    participants: String,
    /// Local start of the first day, e.g. 2026-12-05T09:00.
    #[arg(long)]
    start: String,
    /// IANA time zone of the start and of every time in the plan, e.g. America/New_York.
    #[arg(long)]
    tz: String,
    /// Longest day, first round to last feedback, in hours.
    #[arg(long, default_value_t = 6.0)]
    max_hours_per_day: f64,
    /// Same seed, same plan.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Focus themes per participant: "Ana=tradeoff_justification,time_management" (repeat the flag
    /// or separate participants with ';').
    #[arg(long)]
    focus: Vec<String>,
    /// JSON file {"Ana": ["question-id", ...], ...} of questions each participant has seen.
    #[arg(long)]
    seen: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    format: PlanFormat,
    /// With --format ics: the participant whose calendar this is (their rounds only; question
    /// titles only where they interview).
    #[arg(long)]
    ics_for: Option<String>,
    /// A content folder to use instead of the bundled bank.
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PlanFormat {
    Text,
    Json,
    Ics,
}

fn parse_focus(entries: &[String]) -> Result<BTreeMap<String, Vec<ThemeId>>, Failure> {
    let mut focus: BTreeMap<String, Vec<ThemeId>> = BTreeMap::new();
    for entry in entries.iter().flat_map(|flag| flag.split(';')).filter(|e| !e.trim().is_empty()) {
        let (name, themes) = entry
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--focus {entry:?}: write NAME=theme,theme")))?;
        let themes = themes
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(|t| ThemeId::parse(t.trim()).map_err(|m| Failure::Usage(format!("--focus: {m}"))))
            .collect::<Result<Vec<_>, _>>()?;
        focus.entry(name.trim().to_owned()).or_default().extend(themes);
    }
    Ok(focus)
}

fn parse_seen(path: Option<&PathBuf>) -> Result<BTreeMap<String, BTreeSet<String>>, Failure> {
    let Some(path) = path else { return Ok(BTreeMap::new()) };
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("--seen {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| {
        Failure::Usage(format!(
            "--seen {}: expected {{\"name\": [\"question-id\", ...]}}: {e}",
            path.display()
        ))
    })
}

pub fn run(args: PlanArgs) -> Result<(), Failure> {
    let start: jiff::civil::DateTime = args.start.parse().map_err(|e| {
        Failure::Usage(format!(
            "--start {:?} is not a local date-time like 2026-12-05T09:00: {e}",
            args.start
        ))
    })?;
    let (bank, _) = content::load(&ContentSource::from_option(args.content.clone()))?;
    let template = bank.template(&args.template).cloned().ok_or_else(|| {
        let known: Vec<&str> = bank.templates.iter().map(|t| t.id.as_str()).collect();
        Failure::Usage(format!("unknown template {:?}; known: {}", args.template, known.join(", ")))
    })?;
    let focus = parse_focus(&args.focus)?;
    for theme in focus.values().flatten() {
        if bank.theme(theme.as_str()).is_none() {
            return Err(Failure::Usage(format!("--focus: unknown theme {:?}", theme.as_str())));
        }
    }
    let request = PlanRequest {
        template,
        participants: args.participants.split(',').map(|name| name.trim().to_owned()).collect(),
        start,
        time_zone: args.tz.clone(),
        max_hours_per_day: args.max_hours_per_day,
        seed: args.seed,
        focus,
        seen: parse_seen(args.seen.as_ref())?,
        questions: bank.questions.iter().map(QuestionSummary::from).collect(),
    };
    let plan = plan_loop(&request).map_err(|e| Failure::Usage(e.to_string()))?;
    if let Some(name) = &args.ics_for {
        if !plan.participants.contains(name) {
            return Err(Failure::Usage(format!("--ics-for {name:?} is not a participant")));
        }
    }
    let output = match args.format {
        PlanFormat::Text => render_text(&plan),
        PlanFormat::Json => plan.to_json().map_err(|e| e.to_string())?,
        PlanFormat::Ics => render_ics(&plan, args.ics_for.as_deref(), jiff::Timestamp::now()),
    };
    say(output.trim_end());
    Ok(())
}
