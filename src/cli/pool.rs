//! `mockloop pool`: the server's matching pool from the command line. `run` matches now (the same
//! run the schedule makes: deadlines settled, groups proposed and their members told); `export`
//! writes the active pool as a pool file for `mockloop match`.

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};
use url::Url;

use super::{say, write_atomically, DatabaseArgs, Failure};
use crate::config::DEFAULT_MAIL_FROM;
use crate::content::{self, ContentSource};
use crate::mail::Mailer;
use crate::notify::Notifier;
use crate::pool::Matchmaker;
use crate::secrets;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct PoolArgs {
    #[command(subcommand)]
    command: PoolCommand,
}

#[derive(Debug, Subcommand)]
enum PoolCommand {
    /// Match the pool now and propose the groups (members are notified in the app, and by email
    /// with --smtp-url).
    Run(RunArgs),
    /// Write the active pool as a pool file (docs/pool.schema.json), for `mockloop match --pool`.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// A content folder replacing the bundled question bank (templates for formed loops).
    #[arg(long, env = "MOCKLOOP_CONTENT", value_name = "DIR")]
    content: Option<PathBuf>,
    /// Breaks ties among equally placed candidates.
    #[arg(long)]
    seed: Option<u64>,
    /// Hours the members have to accept.
    #[arg(long, env = "MOCKLOOP_MATCH_ANSWER_HOURS", default_value_t = crate::config::DEFAULT_MATCH_ANSWER_HOURS,
          value_parser = clap::value_parser!(i64).range(1..=24 * 14))]
    answer_hours: i64,
    /// The address people reach mockloop at, for links in email.
    #[arg(long, env = "MOCKLOOP_BASE_URL", default_value = "http://127.0.0.1:8080/")]
    base_url: Url,
    #[arg(long, env = "MOCKLOOP_SMTP_URL")]
    smtp_url: Option<String>,
    #[arg(long, env = "MOCKLOOP_MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    mail_from: String,
    /// Print the run's summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Where to write the pool file (default: standard output).
    #[arg(long)]
    out: Option<PathBuf>,
}

pub async fn run(args: PoolArgs) -> Result<(), Failure> {
    match args.command {
        PoolCommand::Run(args) => run_now(args).await,
        PoolCommand::Export(args) => export(args).await,
    }
}

async fn connect(database: &DatabaseArgs) -> Result<Store, Failure> {
    let store = Store::connect(&database.database_url).await.map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    Ok(store)
}

async fn run_now(args: RunArgs) -> Result<(), Failure> {
    let store = connect(&args.database).await?;
    let (bank, problems) = content::load(&ContentSource::from_option(args.content))?;
    if let Some(first) = problems.first() {
        return Err(Failure::Runtime(format!("the question bank has problems, the first: {first}")));
    }
    let mailer = Mailer::from_config(args.smtp_url.as_deref(), &args.mail_from)
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let outbox = mailer.clone();
    let matchmaker = Matchmaker {
        notifier: Notifier { store: store.clone(), mailer, base_url: args.base_url },
        bank: Arc::new(bank),
        answer_seconds: args.answer_hours * 3600,
    };
    let seed = args.seed.unwrap_or_else(|| u64::from_le_bytes(secrets::random_bytes()) >> 1);
    let summary = matchmaker.run(secrets::now(), seed).await.map_err(|e| e.to_string())?;
    if args.json {
        say(&serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?);
    } else {
        say(&format!(
            "matched {} people: {} groups proposed, {} left for the next run; {} proposals expired, {} groups formed",
            summary.people,
            summary.proposals.len(),
            summary.unmatched,
            summary.expired,
            summary.formed
        ));
    }
    outbox.flush(std::time::Duration::from_secs(30)).await;
    store.close().await;
    Ok(())
}

async fn export(args: ExportArgs) -> Result<(), Failure> {
    let store = connect(&args.database).await?;
    let matchmaker = Matchmaker {
        notifier: Notifier {
            store: store.clone(),
            mailer: Mailer::disabled(),
            base_url: Url::parse("http://localhost/").map_err(|e| e.to_string())?,
        },
        bank: Arc::new(content::load(&ContentSource::from_option(None))?.0),
        answer_seconds: 0,
    };
    let document = matchmaker.pool_document(secrets::now()).await.map_err(|e| e.to_string())?;
    let json = serde_json::to_vec_pretty(&document).map_err(|e| e.to_string())?;
    match &args.out {
        Some(out) => {
            write_atomically(out, &json)?;
            let people = document["people"].as_array().map_or(0, Vec::len);
            say(&format!("exported {people} people to {}", out.display()));
        }
        None => say(&String::from_utf8_lossy(&json)),
    }
    store.close().await;
    Ok(())
}
