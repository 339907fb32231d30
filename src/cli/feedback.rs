//! `mockloop feedback lint|themes|eval`: the feedback linter and theme suggester on JSON files,
//! and the accuracy report over labelled data.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use mockloop_core::bank::{Bank, RoundKind};
use mockloop_core::feedback::eval::{evaluate_lint, evaluate_themes, LabelledLintItem, LabelledThemeItem};
use mockloop_core::feedback::{
    lint_item, FeedbackItem, ItemReport, ThemeInput, ThemeSuggester, ThemeSuggestion,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{say, Failure};
use crate::content::{self, ContentSource};

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    #[command(subcommand)]
    command: FeedbackCommand,
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Read the items from this file instead of standard input.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Print JSON: one result per item, in input order.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum FeedbackCommand {
    /// Lint feedback items: a JSON array of {"situation","behavior","impact","suggestion","round_kind"?};
    /// prints, per item, {"ok": bool, "problems": [{"code","field","message"}]}.
    Lint(InputArgs),
    /// Suggest a theme per item (the same items, or {"text": "..."}); prints, per item,
    /// {"theme","confidence","alternatives": [{"theme","confidence"}]}.
    Themes {
        #[command(flatten)]
        input: InputArgs,
        /// A content folder to use instead of the bundled bank (its themes.toml).
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
    },
    /// Print accuracy, precision and recall per code and top-1/top-3 theme accuracy over labelled
    /// data; exit 1 when a figure falls under its floor.
    Eval {
        /// Labelled lint items ({..., "expected": [codes]}).
        #[arg(long, value_name = "FILE", default_value = "tests/data/feedback_lint.json")]
        lint: PathBuf,
        /// Labelled theme items ({..., "theme": id}).
        #[arg(long, value_name = "FILE", default_value = "tests/data/feedback_themes.json")]
        themes: PathBuf,
        #[arg(long, value_name = "DIR")]
        content: Option<PathBuf>,
        /// Lowest acceptable ok/not-ok accuracy of the linter.
        #[arg(long, default_value_t = 0.0)]
        min_ok_accuracy: f64,
        /// Lowest acceptable recall of every item code.
        #[arg(long, default_value_t = 0.0)]
        min_recall: f64,
        /// Lowest acceptable top-1 theme accuracy.
        #[arg(long, default_value_t = 0.0)]
        min_top1: f64,
        /// Print the reports as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(args: FeedbackArgs) -> Result<(), Failure> {
    match args.command {
        FeedbackCommand::Lint(input) => lint(&input),
        FeedbackCommand::Themes { input, content } => themes(&input, content),
        FeedbackCommand::Eval { lint, themes, content, min_ok_accuracy, min_recall, min_top1, json } => eval(
            &lint,
            &themes,
            content,
            Floors { ok_accuracy: min_ok_accuracy, recall: min_recall, top1: min_top1 },
            json,
        ),
    }
}

fn read_items<T: DeserializeOwned>(file: Option<&Path>) -> Result<Vec<T>, Failure> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("could not read {}: {e}", path.display())))?,
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::Usage(format!("could not read standard input: {e}")))?;
            text
        }
    };
    let source = file.map_or_else(|| "standard input".to_owned(), |path| path.display().to_string());
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(format!("{source} is not a JSON array of feedback items: {e}")))
}

fn load_bank(content: Option<PathBuf>) -> Result<Bank, Failure> {
    let (bank, problems) = content::load(&ContentSource::from_option(content)).map_err(Failure::Runtime)?;
    if let Some(first) = problems.first() {
        return Err(Failure::Runtime(format!("the content has problems, the first: {first}")));
    }
    Ok(bank)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::Runtime(e.to_string()))
}

fn lint(input: &InputArgs) -> Result<(), Failure> {
    let items: Vec<FeedbackItem> = read_items(input.file.as_deref())?;
    let reports: Vec<ItemReport> = items.iter().map(lint_item).collect();
    if input.json {
        say(&to_json(&reports)?);
        return Ok(());
    }
    for (index, report) in reports.iter().enumerate() {
        if report.ok {
            say(&format!("item {}: ok", index + 1));
        }
        for problem in &report.problems {
            say(&format!("item {}: {} ({}): {}", index + 1, problem.code, problem.field, problem.message));
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct ThemeItem {
    #[serde(flatten)]
    input: ThemeInput,
    #[serde(default)]
    round_kind: Option<RoundKind>,
}

fn themes(input: &InputArgs, content: Option<PathBuf>) -> Result<(), Failure> {
    let items: Vec<ThemeItem> = read_items(input.file.as_deref())?;
    let bank = load_bank(content)?;
    let suggester = ThemeSuggester::new(&bank.themes);
    let suggestions: Vec<Option<ThemeSuggestion>> =
        items.iter().map(|item| suggester.suggest(&item.input, item.round_kind)).collect();
    if input.json {
        say(&to_json(&suggestions)?);
        return Ok(());
    }
    for (index, suggestion) in suggestions.iter().enumerate() {
        let line = match suggestion {
            Some(s) => {
                let others: Vec<String> =
                    s.alternatives.iter().map(|a| format!("{} {:.2}", a.theme, a.confidence)).collect();
                format!("item {}: {} {:.2} (then {})", index + 1, s.theme, s.confidence, others.join(", "))
            }
            None => format!("item {}: no theme (the bank has none)", index + 1),
        };
        say(&line);
    }
    Ok(())
}

#[derive(Clone, Copy, Debug)]
struct Floors {
    ok_accuracy: f64,
    recall: f64,
    top1: f64,
}

fn eval(
    lint_path: &Path,
    themes_path: &Path,
    content: Option<PathBuf>,
    floors: Floors,
    json: bool,
) -> Result<(), Failure> {
    let lint_items: Vec<LabelledLintItem> = read_items(Some(lint_path))?;
    let theme_items: Vec<LabelledThemeItem> = read_items(Some(themes_path))?;
    let bank = load_bank(content)?;
    let lint_report = evaluate_lint(&lint_items);
    let theme_report = evaluate_themes(&theme_items, &bank.themes);
    if json {
        say(&to_json(&serde_json::json!({"lint": lint_report, "themes": theme_report}))?);
    } else {
        say(&format!("Linter, {} items from {}\n{lint_report}", lint_items.len(), lint_path.display()));
        say(&format!("Themes, {} items from {}\n{theme_report}", theme_items.len(), themes_path.display()));
    }
    let mut below = Vec::new();
    if lint_report.ok_accuracy < floors.ok_accuracy {
        below.push(format!("ok/not-ok accuracy {:.3} < {:.3}", lint_report.ok_accuracy, floors.ok_accuracy));
    }
    for code in &lint_report.per_code {
        if code.support > 0 && code.recall < floors.recall {
            below.push(format!("{} recall {:.3} < {:.3}", code.code, code.recall, floors.recall));
        }
    }
    if theme_report.top1_accuracy < floors.top1 {
        below.push(format!("top-1 theme accuracy {:.3} < {:.3}", theme_report.top1_accuracy, floors.top1));
    }
    if below.is_empty() {
        Ok(())
    } else {
        Err(Failure::Runtime(format!("below the floor: {}", below.join("; "))))
    }
}
