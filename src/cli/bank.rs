//! `mockloop bank check|list|show`: validate and browse the question bank.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use mockloop_core::bank::{Bank, Question, RoundKind};
use serde::Serialize;

use super::{say, Failure};
use crate::content::{self, ContentSource};
use crate::runner::{RunError, RunReport, Runner, Scope, Warmth};
use mockloop_core::bank::parse::Problem;
use mockloop_core::judge::Verdict;

#[derive(Debug, Args)]
pub struct BankArgs {
    #[command(subcommand)]
    command: BankCommand,
}

#[derive(Debug, Args)]
struct ContentArgs {
    /// A content folder to use instead of the bundled bank (same layout as `content/`).
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum BankCommand {
    /// Validate every content file and run every coding question's reference solution (all tests
    /// must pass) and wrong solution (must fail); prints `path:line: message` per problem, exit 1 on any.
    Check {
        #[command(flatten)]
        content: ContentArgs,
        /// Check the files only, without running solutions in the sandbox.
        #[arg(long)]
        no_run: bool,
    },
    /// List questions, optionally filtered by round kind and theme.
    List {
        #[command(flatten)]
        content: ContentArgs,
        /// Only questions of this round kind (coding, ml_system_design, ml_deep_dive, experimentation, behavioral).
        #[arg(long)]
        kind: Option<String>,
        /// Only questions tagged with this theme id.
        #[arg(long)]
        theme: Option<String>,
        /// Print JSON: [{"id", "title", "kind", "level", "themes", "language"}].
        #[arg(long)]
        json: bool,
    },
    /// Show one question as the candidate or the interviewer sees it.
    Show {
        #[command(flatten)]
        content: ContentArgs,
        /// The question id.
        id: String,
        /// Whose view: the candidate's never contains interviewer material.
        #[arg(long = "as", value_enum, default_value_t = Viewer::Interviewer)]
        viewer: Viewer,
        /// Print JSON instead of Markdown.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Viewer {
    Candidate,
    Interviewer,
}

#[derive(Debug, Serialize)]
struct ListedQuestion<'a> {
    id: &'a str,
    title: &'a str,
    kind: RoundKind,
    level: mockloop_core::bank::Level,
    themes: Vec<&'a str>,
    language: Option<mockloop_core::bank::Language>,
}

fn load(args: &ContentArgs) -> Result<(Bank, Vec<mockloop_core::bank::parse::Problem>), Failure> {
    Ok(content::load(&ContentSource::from_option(args.content.clone()))?)
}

pub async fn run(args: BankArgs) -> Result<(), Failure> {
    match args.command {
        BankCommand::Check { content, no_run } => check(&content, no_run).await,
        BankCommand::List { content, kind, theme, json } => {
            list(&content, kind.as_deref(), theme.as_deref(), json)
        }
        BankCommand::Show { content, id, viewer, json } => show(&content, &id, viewer, json),
    }
}

async fn check(args: &ContentArgs, no_run: bool) -> Result<(), Failure> {
    let (bank, mut problems) = load(args)?;
    if !no_run {
        let root =
            args.content.as_ref().map_or_else(|| "content".to_owned(), |dir| dir.display().to_string());
        problems.extend(run_solutions(&bank, &root).await);
    }
    for problem in &problems {
        say(&problem.to_string());
    }
    if problems.is_empty() {
        let coding = bank.questions.iter().filter(|q| q.kind == RoundKind::Coding).count();
        say(&format!(
            "ok: {} questions ({coding} coding), {} themes, {} templates",
            bank.questions.len(),
            bank.themes.len(),
            bank.templates.len()
        ));
        Ok(())
    } else {
        say(&format!("{} problems", problems.len()));
        Err(Failure::Reported)
    }
}

/// Runs each coding question's reference solution (must be accepted on every test) and wrong
/// solution (must not be), in parallel through the sandbox.
async fn run_solutions(bank: &Bank, root: &str) -> Vec<Problem> {
    let runner = Runner::with_options(Runner::default_parallelism(), usize::MAX / 2, Warmth::Cold);
    if let Err(reason) = runner.availability() {
        let message =
            format!("cannot run the reference solutions: {reason} (use --no-run to check files only)");
        return vec![Problem { path: root.to_owned(), line: 1, message }];
    }
    let mut runs = tokio::task::JoinSet::new();
    for question in bank.questions.iter().filter(|q| q.coding.is_some()) {
        let Some(coding) = &question.coding else { continue };
        let path = format!("{root}/questions/{}/{}.md", question.kind.as_str(), question.id);
        let solutions = [
            Some((true, coding.reference_solution.clone())),
            coding.wrong_solution.clone().map(|code| (false, code)),
        ];
        for (must_pass, code) in solutions.into_iter().flatten() {
            let (runner, question, path) = (runner.clone(), question.clone(), path.clone());
            runs.spawn(async move {
                let outcome = runner.run(&question, &code, Scope::All).await;
                solution_problem(&path, must_pass, outcome)
            });
        }
    }
    let mut problems = Vec::new();
    while let Some(joined) = runs.join_next().await {
        if let Ok(Some(problem)) = joined {
            problems.push(problem);
        }
    }
    problems
}

fn solution_problem(path: &str, must_pass: bool, outcome: Result<RunReport, RunError>) -> Option<Problem> {
    let message = match (must_pass, outcome) {
        (_, Err(error)) => format!("could not run the solution: {error}"),
        (true, Ok(report)) if report.verdict != Verdict::Accepted => {
            let failed: Vec<&str> =
                report.cases.iter().filter(|c| !c.passed).map(|c| c.name.as_str()).collect();
            format!("the reference solution is {}: {}", report.verdict.as_str(), failed.join(", "))
        }
        (false, Ok(report)) if report.verdict == Verdict::Accepted => {
            "the wrong solution passes every test; add a test that catches it".to_owned()
        }
        _ => return None,
    };
    Some(Problem { path: path.to_owned(), line: 1, message })
}

fn list(args: &ContentArgs, kind: Option<&str>, theme: Option<&str>, json: bool) -> Result<(), Failure> {
    let kind = kind
        .map(|text| {
            RoundKind::parse(text).ok_or_else(|| Failure::Usage(format!("unknown round kind {text:?}")))
        })
        .transpose()?;
    let (bank, _) = load(args)?;
    if let Some(theme) = theme {
        if bank.theme(theme).is_none() {
            return Err(Failure::Usage(format!("unknown theme {theme:?}")));
        }
    }
    let selected: Vec<&Question> = bank
        .questions
        .iter()
        .filter(|q| kind.is_none_or(|kind| q.kind == kind))
        .filter(|q| theme.is_none_or(|theme| q.themes.iter().any(|t| t.as_str() == theme)))
        .collect();
    if json {
        let rows: Vec<ListedQuestion<'_>> = selected
            .iter()
            .map(|q| ListedQuestion {
                id: &q.id,
                title: &q.title,
                kind: q.kind,
                level: q.level,
                themes: q.themes.iter().map(|t| t.as_str()).collect(),
                language: q.language(),
            })
            .collect();
        say(&serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?);
    } else {
        for q in selected {
            let themes: Vec<&str> = q.themes.iter().map(|t| t.as_str()).collect();
            say(&format!("{:<44} {:<17} {}  [{}]", q.id, q.kind.as_str(), q.title, themes.join(", ")));
        }
    }
    Ok(())
}

fn show(args: &ContentArgs, id: &str, viewer: Viewer, json: bool) -> Result<(), Failure> {
    let (bank, _) = load(args)?;
    let question = bank.question(id).ok_or_else(|| Failure::Usage(format!("no question with id {id:?}")))?;
    let text = match (viewer, json) {
        (Viewer::Candidate, true) => {
            serde_json::to_string_pretty(&question.candidate_view()).map_err(|e| e.to_string())?
        }
        (Viewer::Interviewer, true) => serde_json::to_string_pretty(question).map_err(|e| e.to_string())?,
        (Viewer::Candidate, false) => {
            mockloop_core::bank::render::candidate_markdown(&question.candidate_view())
        }
        (Viewer::Interviewer, false) => mockloop_core::bank::render::interviewer_markdown(question),
    };
    say(&text);
    Ok(())
}
