//! The `mockloop` command line: `serve`, `migrate`, `export`, `import`, `bank`, `plan`, `run`,
//! `feedback`, `insights`, `match`, `pool`, `bench`, `worker`.
//!
//! Failures print one line to stderr and exit non-zero: 1 for a runtime failure (database
//! unreachable, bad file, content problems), 2 for bad arguments (clap's convention).

mod bank;
mod bench;
mod bench_live;
mod bench_match;
mod feedback;
mod insights;
mod matching;
mod plan;
mod pool;
mod run;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use url::Url;

use crate::app::{self, App};
use crate::config::{
    Config, RunMode, DEFAULT_BIND, DEFAULT_DATABASE_URL, DEFAULT_MAIL_FROM, DEFAULT_MATCH_ANSWER_HOURS,
    DEFAULT_MATCH_EVERY_HOURS, DEFAULT_MAX_BODY_BYTES,
};
use crate::content::{self, ContentSource};
use crate::runner::Runner;
use crate::secrets;
use crate::store::export::ExportDocument;
use crate::store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "mockloop",
    version,
    about = "Integrated mock interview loops for Staff-level DS and ML engineers",
    long_about = "mockloop runs integrated mock interview loops: plan a Staff DS/MLE loop with your peers, conduct \
    the rounds live in the browser, exchange structured feedback, and carry focus areas into the next loop."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseArgs),
    /// Write all data to a versioned JSON file (see docs/export-format.md).
    Export(ExportArgs),
    /// Load an export into an empty database.
    Import(ImportArgs),
    /// Inspect and validate the question bank.
    Bank(bank::BankArgs),
    /// Plan a loop: rounds, who interviews whom, questions and times (text, JSON or ICS).
    Plan(plan::PlanArgs),
    /// Judge a file of code against a coding question, in the sandbox.
    Run(run::RunArgs),
    /// Lint feedback items, suggest their themes, and measure both on labelled data.
    Feedback(feedback::FeedbackArgs),
    /// Find recurring themes in a candidate's feedback history and choose one or two focus areas.
    Insights(insights::InsightsArgs),
    /// Group a pool of people into practice circles of 2-3 (docs/pool.schema.json).
    Match(matching::MatchArgs),
    /// Run the server's matching pool now, or export it as a pool file.
    Pool(pool::PoolArgs),
    /// Run a benchmark and print its figures (`mockloop bench runner`, `live`, `match`).
    Bench(bench::BenchArgs),
    /// Execute code runs queued in PostgreSQL by servers started with `--run-mode workers`.
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
struct DatabaseArgs {
    /// Database URL: sqlite://PATH (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "MOCKLOOP_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
}

#[derive(Debug, Args)]
struct ServeArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Address and port to listen on; port 0 picks a free port.
    #[arg(long, env = "MOCKLOOP_BIND", default_value = DEFAULT_BIND)]
    bind: SocketAddr,
    /// The public address of this instance (for invite links; https makes cookies Secure).
    #[arg(long, env = "MOCKLOOP_BASE_URL")]
    base_url: Option<Url>,
    /// Largest request body accepted, in bytes; larger ones get 413.
    #[arg(long, env = "MOCKLOOP_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// A content folder replacing the bundled question bank (checked at start).
    #[arg(long, env = "MOCKLOOP_CONTENT", value_name = "DIR")]
    content: Option<PathBuf>,
    /// Code runs executed at once (default: the number of cores); more wait in a bounded queue.
    #[arg(long, env = "MOCKLOOP_RUN_PARALLELISM")]
    run_parallelism: Option<usize>,
    /// Code runs one user may start per minute.
    #[arg(long, env = "MOCKLOOP_RUNS_PER_MINUTE", default_value_t = 30)]
    runs_per_minute: u32,
    /// SMTP server for email notifications: smtps://USER:PASS@HOST (TLS), smtp://HOST:25 (plain,
    /// e.g. a local relay), or smtp://USER:PASS@HOST:587?tls=required (STARTTLS). Without it,
    /// notifications stay in the app.
    #[arg(long, env = "MOCKLOOP_SMTP_URL")]
    smtp_url: Option<String>,
    /// The sender of mockloop's email.
    #[arg(long, env = "MOCKLOOP_MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    mail_from: String,
    /// Hours between scheduled runs of the matching pool (0: none; `mockloop pool run` runs one
    /// by hand). The first run is one period after the first start.
    #[arg(long, env = "MOCKLOOP_MATCH_EVERY_HOURS", default_value_t = DEFAULT_MATCH_EVERY_HOURS,
          value_parser = clap::value_parser!(i64).range(0..=24 * 365))]
    match_every_hours: i64,
    /// Hours the members of a proposed group have to accept it.
    #[arg(long, env = "MOCKLOOP_MATCH_ANSWER_HOURS", default_value_t = DEFAULT_MATCH_ANSWER_HOURS,
          value_parser = clap::value_parser!(i64).range(1..=24 * 14))]
    match_answer_hours: i64,
    /// Where code runs execute: `local` (this process) or `workers` (`mockloop worker` processes
    /// claiming from PostgreSQL).
    #[arg(long, env = "MOCKLOOP_RUN_MODE", value_enum, default_value_t = RunMode::Local)]
    run_mode: RunMode,
}

#[derive(Debug, Args)]
struct WorkerArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Runs executed at once by this worker (default: the number of cores).
    #[arg(long, env = "MOCKLOOP_RUN_PARALLELISM")]
    parallelism: Option<usize>,
    /// A content folder replacing the bundled question bank; use the server's.
    #[arg(long, env = "MOCKLOOP_CONTENT", value_name = "DIR")]
    content: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// The file to write (required for a whole-database export; a history goes to standard output
    /// without it).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write one candidate's feedback history instead (docs/history.schema.json): a user id, email
    /// or display name.
    #[arg(long, value_name = "NAME_OR_ID")]
    candidate: Option<String>,
}

#[derive(Debug, Args)]
struct ImportArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// An export written by `mockloop export`.
    file: PathBuf,
}

/// Parses the arguments, runs the command and turns any failure into one line and an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&format!("could not start the async runtime: {error}")),
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

/// How a command failed: the line to print (if not printed already) and the exit code.
#[derive(Debug)]
pub enum Failure {
    /// A runtime failure: exit 1.
    Runtime(String),
    /// The arguments make no sense: exit 2, like clap's own errors.
    Usage(String),
    /// The command already printed what went wrong (e.g. `bank check` problems): exit 1.
    Reported,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Runtime(message)
    }
}

impl Failure {
    fn report(self) -> ExitCode {
        let (message, code) = match self {
            Self::Runtime(message) => (Some(message), 1),
            Self::Usage(message) => (Some(message), 2),
            Self::Reported => (None, 1),
        };
        if let Some(message) = message {
            let _ = writeln!(std::io::stderr(), "mockloop: {message}");
        }
        ExitCode::from(code)
    }
}

fn fail(message: &str) -> ExitCode {
    Failure::Runtime(message.to_owned()).report()
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

async fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Serve(args) => Ok(serve(args).await?),
        Command::Migrate(args) => {
            let store = Store::connect(&args.database_url).await.map_err(|e| e.to_string())?;
            store.migrate().await.map_err(|e| e.to_string())?;
            say("database is up to date");
            Ok(())
        }
        Command::Export(args) => export(args).await,
        Command::Import(args) => Ok(import(args).await?),
        Command::Bank(args) => bank::run(args).await,
        Command::Plan(args) => plan::run(args),
        Command::Run(args) => run::run(args).await,
        Command::Feedback(args) => feedback::run(args).await,
        Command::Insights(args) => insights::run(args),
        Command::Match(args) => matching::run(args),
        Command::Pool(args) => pool::run(args).await,
        Command::Bench(args) => bench::run(args).await,
        Command::Worker(args) => Ok(worker(args).await?),
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let config = Config {
        database_url: args.database.database_url,
        bind: args.bind,
        base_url: args.base_url,
        max_body_bytes: args.max_body_bytes,
        content_dir: args.content,
        runs_per_minute: args.runs_per_minute,
        run_mode: args.run_mode,
        smtp_url: args.smtp_url,
        mail_from: args.mail_from,
        match_every_hours: args.match_every_hours,
        match_answer_hours: args.match_answer_hours,
        ..Config::for_database(String::new())
    };
    let config = Config { run_parallelism: args.run_parallelism.unwrap_or(config.run_parallelism), ..config };
    let app = App::build(config).await.map_err(|e| e.to_string())?;
    let address = app.local_addr().map_err(|e| e.to_string())?;
    say(&format!("mockloop is listening on http://{address}/ (open {})", app.base_url()));
    tracing::info!(%address, "listening");
    app.run_until_stopped(app::shutdown_signal()).await.map_err(|e| format!("server error: {e}"))
}

async fn worker(args: WorkerArgs) -> Result<(), String> {
    let store = Store::connect(&args.database.database_url).await.map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let (bank, problems) = content::load(&ContentSource::from_option(args.content))?;
    if let Some(first) = problems.first() {
        return Err(format!("the question bank has problems, the first: {first}"));
    }
    let runner = Runner::new(args.parallelism.unwrap_or_else(Runner::default_parallelism));
    let name = format!("{}-{}", std::process::id(), secrets::new_id());
    say(&format!("mockloop worker {name} is waiting for runs ({} at once)", runner.parallelism()));
    crate::worker::run_worker(store, std::sync::Arc::new(bank), runner, name, app::shutdown_signal()).await
}

async fn export(args: ExportArgs) -> Result<(), Failure> {
    let store = Store::connect(&args.database.database_url).await.map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    if let Some(candidate) = &args.candidate {
        let user = find_candidate(&store, candidate).await?;
        let history = crate::history::history_of(&store, &user.id, &user.display_name)
            .await
            .map_err(|e| e.to_string())?;
        let json = serde_json::to_vec_pretty(&history).map_err(|e| e.to_string())?;
        match &args.out {
            Some(out) => {
                write_atomically(out, &json)?;
                say(&format!(
                    "exported {} rounds of {} to {}",
                    history.rounds.len(),
                    user.display_name,
                    out.display()
                ));
            }
            None => say(&String::from_utf8_lossy(&json)),
        }
        return Ok(());
    }
    let Some(out) = &args.out else {
        return Err(Failure::Usage(
            "give --out FILE (or --candidate NAME_OR_ID for one candidate's history)".into(),
        ));
    };
    let document = store.export_all(secrets::now()).await.map_err(|e| e.to_string())?;
    let json = serde_json::to_vec_pretty(&document).map_err(|e| e.to_string())?;
    write_atomically(out, &json)?;
    let rows: usize = document.tables.values().filter_map(|rows| rows.as_array().map(Vec::len)).sum();
    say(&format!("exported {rows} rows to {}", out.display()));
    Ok(())
}

/// Writes beside the target, then renames: a crash never leaves a half-written file.
fn write_atomically(out: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let partial = out.with_extension("json.partial");
    std::fs::write(&partial, bytes).map_err(|e| format!("could not write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, out).map_err(|e| format!("could not write {}: {e}", out.display()))
}

async fn find_candidate(store: &Store, name_or_id: &str) -> Result<crate::store::users::UserRow, Failure> {
    if let Some(user) = store.user_by_id(name_or_id).await.map_err(|e| e.to_string())? {
        return Ok(user);
    }
    let mut matches = store.users_named(name_or_id).await.map_err(|e| e.to_string())?;
    match matches.len() {
        0 => Err(Failure::Usage(format!("no account has the id, email or name {name_or_id:?}"))),
        1 => Ok(matches.remove(0)),
        _ => {
            let ids: Vec<String> = matches.iter().map(|u| format!("{} ({})", u.id, u.email)).collect();
            Err(Failure::Usage(format!(
                "{name_or_id:?} names several accounts; give one id: {}",
                ids.join(", ")
            )))
        }
    }
}

async fn import(args: ImportArgs) -> Result<(), String> {
    let text =
        std::fs::read(&args.file).map_err(|e| format!("could not read {}: {e}", args.file.display()))?;
    let document: ExportDocument = serde_json::from_slice(&text)
        .map_err(|e| format!("{} is not a mockloop export: {e}", args.file.display()))?;
    let store = Store::connect(&args.database.database_url).await.map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let rows = store.import_all(&document).await.map_err(|e| e.to_string())?;
    say(&format!("imported {rows} rows from {}", args.file.display()));
    Ok(())
}

/// Writes a line of the command's output to stdout. A closed pipe (`mockloop bank list | head`)
/// is not an error worth a panic: the reader has what it wanted.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}
