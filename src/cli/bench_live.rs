//! `mockloop bench live`: the flags, and the side-by-side table the live benchmark prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, ValueEnum};

use super::{say, Failure};
use crate::live_bench::{self, LiveBenchPlan, Progress, StepFigures, Target, REFERENCE_SCRIPT};

/// Above this much CPU used by other processes during a step (percent of one core), its figures
/// are flagged: the server and the generator had less than the machine.
const BUSY_MACHINE_PERCENT: f64 = 15.0;

#[derive(Debug, Args)]
pub struct LiveArgs {
    /// Rooms to fill. A comma-separated list (250,500,1000,2000,4000) steps up and reports the
    /// largest count each server holds with p99 under --p99-limit-ms.
    #[arg(long, value_delimiter = ',', default_value = "2000")]
    rooms: Vec<usize>,
    /// Runs of each server at each room count, the servers taking turns; a count is held when no
    /// run lost anything and the median run's p99 is under --p99-limit-ms. A virtual machine's
    /// speed drifts from minute to minute, so one run can be lucky or unlucky.
    #[arg(long, default_value_t = 1)]
    repeat: usize,
    /// Clients (browser tabs) per room.
    #[arg(long, default_value_t = 3)]
    clients_per_room: usize,
    /// Keystrokes, each one Yjs update message, per client per second.
    #[arg(long, default_value_t = 4.0)]
    rate: f64,
    /// Seconds measured, after the warm-up.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds of typing before the measured window.
    #[arg(long, default_value_t = 5)]
    warmup: u64,
    /// Which servers to run.
    #[arg(long, value_enum, default_value_t = Servers::Both)]
    target: Servers,
    /// The reference server's entry point (after `npm ci` in the repository).
    #[arg(long, value_name = "FILE", default_value = REFERENCE_SCRIPT)]
    reference_server: PathBuf,
    /// The p99 delivery latency a room count must stay under to count as held.
    #[arg(long, default_value_t = 50.0)]
    p99_limit_ms: f64,
    /// Where to make mockloop's fresh database (default: the temporary folder). A tmpfs such as
    /// /dev/shm shows what the disk's fsync per update costs.
    #[arg(long, value_name = "DIR")]
    database_dir: Option<PathBuf>,
    /// Runs mockloop's server under this command, split at spaces ("valgrind --tool=callgrind"),
    /// to count what it does for a fixed load. The tool must run the server in its own process,
    /// as valgrind does: the table's figures then include the tool's cost, and the server is
    /// stopped with SIGTERM, so the tool writes its report.
    #[arg(long, value_name = "COMMAND")]
    server_wrapper: Option<String>,
    /// Every room types at the same moments (a burst per interval) instead of spread evenly over
    /// the interval: shows the server's group commit at its largest batches.
    #[arg(long)]
    in_step: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Servers {
    Mockloop,
    Reference,
    Both,
}

impl LiveArgs {
    fn plan(self) -> Result<LiveBenchPlan, Failure> {
        let mut room_counts = self.rooms;
        room_counts.sort_unstable();
        room_counts.dedup();
        if room_counts.first().is_none_or(|&rooms| rooms == 0) {
            return Err(Failure::Usage("--rooms needs room counts above zero".into()));
        }
        if self.clients_per_room < 2 || self.rate.is_nan() || self.rate <= 0.0 || self.duration == 0 {
            return Err(Failure::Usage(
                "--clients-per-room must be at least 2, --rate and --duration above zero".into(),
            ));
        }
        if self.repeat == 0 {
            return Err(Failure::Usage("--repeat needs at least one run".into()));
        }
        let targets = match self.target {
            Servers::Mockloop => vec![Target::Mockloop],
            Servers::Reference => vec![Target::Reference],
            Servers::Both => vec![Target::Mockloop, Target::Reference],
        };
        Ok(LiveBenchPlan {
            room_counts,
            repeats: self.repeat,
            clients_per_room: self.clients_per_room,
            rate: self.rate,
            warmup: Duration::from_secs(self.warmup),
            duration: Duration::from_secs(self.duration),
            targets,
            reference_script: self.reference_server,
            p99_limit_ms: self.p99_limit_ms,
            in_step: self.in_step,
            database_dir: self.database_dir,
            server_wrapper: self
                .server_wrapper
                .iter()
                .flat_map(|c| c.split_whitespace())
                .map(str::to_owned)
                .collect(),
        })
    }
}

/// Runs the benchmark on a current-thread runtime of its own (the generator gets one core's
/// worth of threads), printing each step as it finishes.
pub fn run(args: LiveArgs) -> Result<(), Failure> {
    let plan = args.plan()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Runtime(format!("could not start the async runtime: {e}")))?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    say(&format!(
        "live benchmark: {} clients per room, each typing {} Yjs updates/s; warm-up {} s, measured {} s",
        plan.clients_per_room,
        plan.rate,
        plan.warmup.as_secs(),
        plan.duration.as_secs()
    ));
    say(&format!(
        "the load generator (one thread, this process) shares this machine's {cores} cores with the server under test"
    ));
    say(&format!("reference: {}", describe_reference(&plan.reference_script)));
    let database = plan
        .database_dir
        .as_ref()
        .map_or_else(|| "the temporary folder".to_owned(), |dir| dir.display().to_string());
    say(&format!(
        "mockloop relays each update at once and stores it in SQLite (synchronous=FULL, in {database}) with the updates that arrived meanwhile; the reference keeps documents in memory only"
    ));
    say("latency: send until each other client's document holds the keystroke; delivered/s counts each receiver;");
    say("KiB/room: (RSS loaded - RSS idle) / rooms at the end of the window, (open): with the rooms synced, before typing");
    say("");
    say(&header());
    let steps = runtime.block_on(live_bench::run(&plan, &mut |progress| match progress {
        Progress::Note(note) => {
            let _ = writeln!(std::io::stderr(), "bench live: {note}");
        }
        Progress::Step(figures) => say(&row(&figures)),
    }))?;
    say("");
    for step in steps.iter().filter(|step| step.other_cpu > BUSY_MACHINE_PERCENT) {
        say(&format!(
            "warning: other processes used {:.0}% of a core while {} ran {} rooms: those figures are not comparable",
            step.other_cpu,
            step.target.name(),
            step.rooms
        ));
    }
    for step in steps.iter().filter(|step| step.first_failure.is_some()) {
        say(&format!(
            "{} at {} rooms: {} rooms failed; the first: {}",
            step.target.name(),
            step.rooms,
            step.failed_rooms,
            step.first_failure.as_deref().unwrap_or_default()
        ));
    }
    say(&summary(&steps, plan.p99_limit_ms, plan.repeats));
    Ok(())
}

fn describe_reference(script: &Path) -> String {
    let version = script
        .parent()
        .and_then(Path::parent)
        .and_then(|package| std::fs::read_to_string(package.join("package.json")).ok())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(str::to_owned));
    match version {
        Some(version) => format!("@y/websocket-server {version} on Node ({})", script.display()),
        None => format!("not installed at {} (run `npm ci`)", script.display()),
    }
}

fn header() -> String {
    format!(
        "{:<10} {:>6} {:>7} {:>7} {:>7} {:>8} {:>8} {:>11} {:>6} {:>6} {:>8} {:>8} {:>6} {:>9} {:>10} {:>9} {:>9}",
        "server",
        "rooms",
        "sockets",
        "p50 ms",
        "p99 ms",
        "max ms",
        "sent/s",
        "delivered/s",
        "lost",
        "msg B",
        "srv CPU",
        "gen CPU",
        "other",
        "RSS idle",
        "RSS loaded",
        "KiB/room",
        "(open)"
    )
}

fn row(step: &StepFigures) -> String {
    // With nothing delivered there is no latency to show, and zeros would read as instant.
    let latency = |ms: f64| if step.deliveries == 0 { "-".to_owned() } else { format!("{ms:.1}") };
    format!(
        "{:<10} {:>6} {:>7} {:>7} {:>7} {:>8} {:>8.0} {:>11.0} {:>6} {:>6.0} {:>7.0}% {:>7.0}% {:>5.0}% {:>5.0} MiB {:>6.0} MiB {:>9.1} {:>9.1}",
        step.target.name(),
        step.rooms,
        step.sockets,
        latency(step.latency.p50),
        latency(step.latency.p99),
        latency(step.latency.max),
        step.sent_per_second,
        step.delivered_per_second,
        step.lost,
        step.mean_message_bytes,
        step.server_cpu,
        step.generator_cpu,
        step.other_cpu,
        step.rss_idle_kib as f64 / 1024.0,
        step.rss_loaded_kib as f64 / 1024.0,
        step.kib_per_room(),
        step.kib_per_open_room()
    )
}

/// The largest room count each server held, and how they compare.
fn summary(steps: &[StepFigures], p99_limit_ms: f64, repeats: usize) -> String {
    let held = |target: Target| live_bench::largest_held(steps, target, p99_limit_ms);
    let describe =
        |rooms: Option<usize>| rooms.map_or_else(|| "none of the counts tried".to_owned(), |r| r.to_string());
    let (ours, theirs) = (held(Target::Mockloop), held(Target::Reference));
    let p99 = if repeats > 1 { format!("median p99 of {repeats} runs") } else { "p99".to_owned() };
    let mut line = format!(
        "largest room count held ({p99} < {p99_limit_ms} ms, nothing lost): mockloop {}",
        describe(ours)
    );
    if steps.iter().any(|step| step.target == Target::Reference) {
        line.push_str(&format!(", reference {}", describe(theirs)));
        if let (Some(ours), Some(theirs)) = (ours, theirs) {
            line.push_str(&format!(
                " -> mockloop holds {:.2}x the reference's rooms",
                ours as f64 / theirs as f64
            ));
        }
    }
    line
}
