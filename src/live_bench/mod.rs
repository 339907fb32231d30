//! `mockloop bench live`: R rooms of clients typing into a round's shared code over y-protocols,
//! measuring end-to-end delivery latency, messages per second, and the server's CPU and memory,
//! against mockloop and, with the same load generator and the same messages, the reference
//! y-websocket server (`@y/websocket-server` on Node). Prints figures; asserts nothing.
//!
//! Each server runs in its own process on a fresh database (mockloop) or fresh memory
//! (reference), so its CPU and RSS are read from `/proc`. The load generator runs on one thread
//! and shares the machine's cores with the server under test.

mod client;
mod room;
pub(crate) mod seed;
mod servers;
pub mod stats;
mod verdict;

use std::path::PathBuf;
use std::time::Duration;

use futures_util::stream::{FuturesUnordered, StreamExt};
use tokio::time::Instant;

pub use servers::REFERENCE_SCRIPT;
use servers::{ProcSample, ServerProcess};
use stats::Latency;
pub use verdict::{held_at, largest_held};

use crate::content::{self, ContentSource};
use crate::store::Store;

/// Handshakes in flight at once while the rooms fill: enough to fill thousands of rooms quickly,
/// few enough to stay inside the servers' listen backlogs.
const CONNECTS_AT_ONCE: usize = 64;

/// How long after typing stops a keystroke may still arrive before it counts as lost.
const DRAIN: Duration = Duration::from_secs(5);

/// Which server a step measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Mockloop,
    Reference,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Self::Mockloop => "mockloop",
            Self::Reference => "reference",
        }
    }
}

/// The load and what to run it against.
#[derive(Clone, Debug)]
pub struct LiveBenchPlan {
    /// One room count runs once per target; several step up, in order.
    pub room_counts: Vec<usize>,
    /// Runs of each server at each room count; a count is held on the runs' median p99.
    pub repeats: usize,
    pub clients_per_room: usize,
    /// Keystrokes per client per second.
    pub rate: f64,
    pub warmup: Duration,
    pub duration: Duration,
    pub targets: Vec<Target>,
    /// `node_modules/@y/websocket-server/src/server.js` of a checkout after `npm ci`.
    pub reference_script: PathBuf,
    /// A step passes when its p99 is under this (the median run's, with repeats) and nothing was
    /// lost: stepping stops for a server after its first failing step.
    pub p99_limit_ms: f64,
    /// Where mockloop's fresh database is made (the system's temporary folder when `None`): a
    /// tmpfs such as `/dev/shm` takes the disk's fsync out of the figures, to see what it costs.
    pub database_dir: Option<PathBuf>,
    /// A command to run mockloop's server under (`valgrind --tool=callgrind`), to count what the
    /// server does for a fixed load; empty runs it directly.
    pub server_wrapper: Vec<String>,
    /// Every room types at the same moments, a burst per interval, instead of the rooms' keystrokes
    /// spread evenly over it: the server's batches are then as large as the rooms are many.
    pub in_step: bool,
}

/// Everything one step (one server, one room count) measured.
#[derive(Clone, Debug)]
pub struct StepFigures {
    pub target: Target,
    pub rooms: usize,
    pub connected_rooms: usize,
    pub sockets: usize,
    pub connect_seconds: f64,
    pub first_failure: Option<String>,
    pub failed_rooms: usize,
    pub latency: Latency,
    pub deliveries: usize,
    pub lost: u64,
    pub sent_per_second: f64,
    pub delivered_per_second: f64,
    pub mean_message_bytes: f64,
    /// Percent of one core over the measured window.
    pub server_cpu: f64,
    pub generator_cpu: f64,
    /// What everything else on the machine used meanwhile (other builds, tests, services),
    /// percent of one core: the figures above are only comparable when this is near zero.
    pub other_cpu: f64,
    pub rss_idle_kib: u64,
    pub rss_connected_kib: u64,
    pub rss_loaded_kib: u64,
}

impl StepFigures {
    /// Memory the server holds per room under load, over what it holds idle. A server that
    /// falls behind also holds its backlog here.
    pub fn kib_per_room(&self) -> f64 {
        self.rss_loaded_kib.saturating_sub(self.rss_idle_kib) as f64 / self.connected_rooms.max(1) as f64
    }

    /// Memory the server holds per open room (clients connected and synced) before any typing.
    pub fn kib_per_open_room(&self) -> f64 {
        self.rss_connected_kib.saturating_sub(self.rss_idle_kib) as f64 / self.connected_rooms.max(1) as f64
    }

    /// Every room ran, something was delivered, and nothing was lost.
    pub fn loses_nothing(&self) -> bool {
        self.failed_rooms == 0 && self.lost == 0 && self.deliveries > 0
    }
}

/// What the benchmark tells its caller as it goes.
#[derive(Debug)]
pub enum Progress {
    /// A line about what is happening (for stderr).
    Note(String),
    /// A finished step.
    Step(Box<StepFigures>),
}

/// Runs every step of the plan. Call it on a current-thread runtime: the load generator should
/// use one core, leaving the other to the server.
pub async fn run(plan: &LiveBenchPlan, report: &mut dyn FnMut(Progress)) -> Result<Vec<StepFigures>, String> {
    let limit = servers::raise_open_file_limit()?;
    let most_sockets = plan.room_counts.iter().max().copied().unwrap_or(0) * plan.clients_per_room;
    if limit < most_sockets as u64 + 256 {
        return Err(format!("the open-file limit is {limit}; {most_sockets} sockets need more (ulimit -Hn)"));
    }
    let mut targets = plan.targets.clone();
    let node = servers::find_program("node");
    if targets.contains(&Target::Reference) {
        let missing = match &node {
            None => Some("node is not installed".to_owned()),
            Some(_) if !plan.reference_script.is_file() => {
                Some(format!("{} is missing (run `npm ci`)", plan.reference_script.display()))
            }
            Some(_) => None,
        };
        if let Some(why) = missing {
            report(Progress::Note(format!("skipping the reference server: {why}")));
            targets.retain(|target| *target != Target::Reference);
        }
    }
    let mut steps = Vec::new();
    for &rooms in &plan.room_counts {
        // The servers take turns run by run, so a drift in the machine's speed meets both alike.
        for run in 1..=plan.repeats {
            for target in targets.clone() {
                let of = if plan.repeats > 1 {
                    format!(" (run {run} of {})", plan.repeats)
                } else {
                    String::new()
                };
                report(Progress::Note(format!("{}: {rooms} rooms{of}...", target.name())));
                let figures = measure_once(target, rooms, plan, node.as_deref()).await?;
                report(Progress::Step(Box::new(figures.clone())));
                steps.push(figures);
            }
        }
        if plan.room_counts.len() > 1 {
            targets.retain(|&target| held_at(&steps, target, rooms, plan.p99_limit_ms));
        }
    }
    Ok(steps)
}

/// One run of one server at one room count, on a server started for it.
async fn measure_once(
    target: Target,
    rooms: usize,
    plan: &LiveBenchPlan,
    node: Option<&std::path::Path>,
) -> Result<StepFigures, String> {
    let server = match target {
        Target::Mockloop => Server::mockloop(rooms, plan).await?,
        Target::Reference => Server::reference(node, &plan.reference_script).await?,
    };
    let figures = measure(target, &server, rooms, plan)
        .await
        .map_err(|error| format!("{error}; the server's last words:\n{}", server.process.log_tail()));
    server.process.stop().await;
    figures
}

/// A started server, its endpoints, and the folder holding its database and log.
struct Server {
    process: ServerProcess,
    endpoints: Vec<client::Endpoint>,
    /// What a room's first client types into an empty document before the others join: the
    /// starter code mockloop seeds a round with, so both servers hold the same documents.
    starter: Option<String>,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn mockloop(rooms: usize, plan: &LiveBenchPlan) -> Result<Self, String> {
        let dir = match &plan.database_dir {
            Some(parent) => tempfile::tempdir_in(parent),
            None => tempfile::tempdir(),
        }
        .map_err(|e| e.to_string())?;
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let store = Store::connect(&url).await.map_err(|e| e.to_string())?;
        store.migrate().await.map_err(|e| e.to_string())?;
        let (bank, _) = content::load(&ContentSource::from_option(None))?;
        let seeded = seed::seed(&store, &bank, rooms).await?;
        store.close().await;
        let process = servers::start_mockloop(&url, dir.path(), &plan.server_wrapper).await?;
        let address = process.address.clone();
        let mut endpoints = Vec::with_capacity(rooms * seed::SEATS);
        for room in 0..rooms {
            let path = seeded.doc_path(room).ok_or("a seeded room is missing")?;
            endpoints.extend(seeded.cookies.iter().map(|cookie| client::Endpoint {
                url: format!("ws://{address}{path}"),
                cookie: Some(cookie.clone()),
                origin: format!("http://{address}"),
            }));
        }
        Ok(Self { process, endpoints, starter: None, _dir: dir })
    }

    async fn reference(node: Option<&std::path::Path>, script: &std::path::Path) -> Result<Self, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let node = node.ok_or("node is not installed")?;
        let process = servers::start_reference(node, script, dir.path()).await?;
        let (bank, _) = content::load(&ContentSource::from_option(None))?;
        let starter = Some(seed::starter_code(&bank)?);
        Ok(Self { process, endpoints: Vec::new(), starter, _dir: dir })
    }

    /// The endpoint of a seat in a room: mockloop's seeded rounds (seats interviewee,
    /// interviewer, shadow, then round again), or the reference server's rooms by URL path.
    fn endpoint(&self, room: usize, seat: usize) -> client::Endpoint {
        if self.endpoints.is_empty() {
            let address = &self.process.address;
            return client::Endpoint {
                url: format!("ws://{address}/bench-room-{room}"),
                cookie: None,
                origin: format!("http://{address}"),
            };
        }
        self.endpoints[room * seed::SEATS + seat % seed::SEATS].clone()
    }
}

/// Fills the rooms, lets them type through the warm-up and the measured window, and adds up.
async fn measure(
    target: Target,
    server: &Server,
    rooms: usize,
    plan: &LiveBenchPlan,
) -> Result<StepFigures, String> {
    let pid = server.process.pid().to_string();
    let idle = servers::sample(&pid)?;
    let clients = plan.clients_per_room;
    let connect_started = Instant::now();
    let mut connecting = futures_util::stream::iter(0..rooms)
        .map(|room| async move {
            let mut members = Vec::with_capacity(clients);
            let mut readers = Vec::with_capacity(clients);
            for seat in 0..clients {
                // Spread over 32 bits as browsers' random ids are (an odd multiplier is a
                // bijection mod 2^32, so ids stay unique); their size shows in every message.
                let client_id = ((room * clients + seat + 1) as u64).wrapping_mul(2_654_435_761) % (1 << 32);
                let place = client::Place { seat, seats: clients };
                let starter = server.starter.as_deref().filter(|_| seat == 0);
                let endpoint = server.endpoint(room, seat);
                let (client, reader) = client::connect(&endpoint, client_id, place, starter).await?;
                members.push(client);
                readers.push(reader);
            }
            Ok::<_, String>((members, readers))
        })
        .buffer_unordered(CONNECTS_AT_ONCE);
    let mut filled = Vec::with_capacity(rooms);
    let mut first_failure = None;
    while let Some(room) = connecting.next().await {
        match room {
            Ok(room) => filled.push(room),
            Err(error) => {
                first_failure.get_or_insert(error);
            }
        }
    }
    drop(connecting);
    let connect_seconds = connect_started.elapsed().as_secs_f64();
    let connected = servers::sample(&pid)?;
    let connected_rooms = filled.len();

    let start = Instant::now() + Duration::from_millis(200);
    let measure_from = start + plan.warmup;
    let measure_until = measure_from + plan.duration;
    let interval = Duration::from_secs_f64(1.0 / (plan.rate * clients as f64));
    let schedule =
        room::Schedule { start, measure_from, measure_until, give_up_at: measure_until + DRAIN, interval };
    let window = watch_window(pid.clone(), measure_from, measure_until);
    let running: FuturesUnordered<_> = filled
        .into_iter()
        .enumerate()
        .map(|(index, (members, readers))| {
            // Spread the rooms' keystrokes evenly over one interval rather than all at once.
            let spread = if plan.in_step { 0.0 } else { index as f64 / connected_rooms.max(1) as f64 };
            let phase = interval.mul_f64(spread);
            room::run_room(members, readers, schedule, phase)
        })
        .collect();
    let (outcomes, window) = tokio::join!(running.collect::<Vec<_>>(), window);
    let window = window?;
    let (server_before, server_after) = (window.server_before, window.server_after);
    let server_cpu = servers::cpu_between(&server_before, &server_after);

    let mut samples = Vec::new();
    let (mut sent, mut sent_bytes, mut lost, mut failed_rooms) = (0, 0, 0, 0);
    for outcome in outcomes {
        samples.extend(outcome.samples);
        sent += outcome.sent;
        sent_bytes += outcome.sent_bytes;
        lost += outcome.lost;
        if let Some(failure) = outcome.failure {
            failed_rooms += 1;
            first_failure.get_or_insert(failure);
        }
    }
    let seconds = plan.duration.as_secs_f64();
    let deliveries = samples.len();
    Ok(StepFigures {
        target,
        rooms,
        connected_rooms,
        sockets: connected_rooms * clients,
        connect_seconds,
        first_failure,
        failed_rooms: failed_rooms + (rooms - connected_rooms),
        latency: stats::latency_of(&mut samples),
        deliveries,
        lost,
        sent_per_second: sent as f64 / seconds,
        delivered_per_second: deliveries as f64 / seconds,
        mean_message_bytes: if sent == 0 { 0.0 } else { sent_bytes as f64 / sent as f64 },
        server_cpu,
        generator_cpu: window.generator_cpu,
        other_cpu: (window.machine_cpu - server_cpu - window.generator_cpu).max(0.0),
        rss_idle_kib: idle.rss_kib,
        rss_connected_kib: connected.rss_kib,
        rss_loaded_kib: server_after.rss_kib,
    })
}

/// The readings taken at the start and end of the measured window.
struct Window {
    server_before: ProcSample,
    server_after: ProcSample,
    generator_cpu: f64,
    /// Everything the machine ran, percent of one core.
    machine_cpu: f64,
}

/// Reads the server, this process and the whole machine at the start and end of the window.
async fn watch_window(pid: String, from: Instant, until: Instant) -> Result<Window, String> {
    tokio::time::sleep_until(from).await;
    let server_before = servers::sample(&pid)?;
    let generator_before = servers::sample("self")?;
    let machine_before = servers::machine_busy_ticks()?;
    tokio::time::sleep_until(until).await;
    let server_after = servers::sample(&pid)?;
    let generator_after = servers::sample("self")?;
    let machine_after = servers::machine_busy_ticks()?;
    let seconds = server_after.at.duration_since(server_before.at).as_secs_f64();
    let ticks_per_second = rustix::param::clock_ticks_per_second();
    Ok(Window {
        generator_cpu: servers::cpu_between(&generator_before, &generator_after),
        machine_cpu: stats::cpu_percent(machine_before, machine_after, ticks_per_second, seconds),
        server_before,
        server_after,
    })
}
