//! `mockloop run`: judge a file of code against a bank question, in the sandbox.

use std::path::PathBuf;

use clap::Args;
use mockloop_core::judge::Verdict;

use super::{say, Failure};
use crate::content::{self, ContentSource};
use crate::runner::{RunReport, Runner, Scope, Warmth};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The coding question's id.
    #[arg(long)]
    question: String,
    /// The file with the candidate's code (Python, or one SQL query).
    #[arg(long)]
    file: PathBuf,
    /// Judge on the hidden tests too (a submission); otherwise only the visible examples.
    #[arg(long)]
    hidden: bool,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// A content folder to use instead of the bundled bank.
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
}

/// Largest source file accepted.
pub const MAX_CODE_BYTES: u64 = 256 * 1024;

pub async fn run(args: RunArgs) -> Result<(), Failure> {
    let (bank, _) = content::load(&ContentSource::from_option(args.content.clone()))?;
    let question = bank
        .question(&args.question)
        .ok_or_else(|| Failure::Usage(format!("no question with id {:?}", args.question)))?;
    let size = std::fs::metadata(&args.file)
        .map_err(|e| Failure::Usage(format!("{}: {e}", args.file.display())))?
        .len();
    if size > MAX_CODE_BYTES {
        return Err(Failure::Usage(format!("{} is larger than {MAX_CODE_BYTES} bytes", args.file.display())));
    }
    let code = std::fs::read_to_string(&args.file)
        .map_err(|e| Failure::Usage(format!("{}: {e}", args.file.display())))?;
    let runner = Runner::with_options(1, 1, Warmth::Cold);
    let scope = if args.hidden { Scope::All } else { Scope::Visible };
    let report = runner.run(question, &code, scope).await.map_err(|e| match e {
        crate::runner::RunError::NotCoding(_) => Failure::Usage(e.to_string()),
        other => Failure::Runtime(other.to_string()),
    })?;
    if args.json {
        say(&serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    } else {
        say(&describe(&report));
    }
    if report.verdict == Verdict::SandboxError {
        return Err(Failure::Reported);
    }
    Ok(())
}

fn describe(report: &RunReport) -> String {
    let mut lines = vec![format!("verdict: {} ({} ms)", report.verdict.as_str(), report.time_ms)];
    if let Some(message) = &report.message {
        lines.push(format!("  {message}"));
    }
    for case in report.cases.iter().filter(|c| !c.hidden) {
        let mark = if case.passed { "pass" } else { "FAIL" };
        lines.push(format!("  {mark}  {}  ({:.1} ms)", case.name, case.time_ms));
        if !case.passed {
            if let (Some(expected), Some(got)) = (&case.expected, &case.got) {
                lines.push(format!("        expected {expected}\n        got      {got}"));
            }
            if let Some(error) = &case.error {
                lines.extend(error.lines().map(|line| format!("        {line}")));
            }
        }
    }
    if report.hidden.total > 0 {
        lines.push(format!("  hidden tests: {}/{} passed", report.hidden.passed, report.hidden.total));
    }
    if !report.stdout.is_empty() {
        lines.push(format!("stdout:\n{}", report.stdout));
    }
    lines.join("\n")
}
