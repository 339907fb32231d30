//! The servers under test, each in its own process so its CPU and memory can be read from
//! `/proc`: mockloop (this executable's `serve`) and the reference y-websocket server on Node.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use super::stats;

/// How long a server may take to print that it is listening.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a server may take to stop once asked (a profiler writes its report meanwhile).
const STOP_TIMEOUT: Duration = Duration::from_secs(60);

/// Where the reference server's entry point sits in a checkout after `npm ci`.
pub const REFERENCE_SCRIPT: &str = "node_modules/@y/websocket-server/src/server.js";

/// A running server process; killed when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    child: Child,
    pid: u32,
    /// `127.0.0.1:PORT`, as clients put it in URLs and Origin headers.
    pub address: String,
    /// Where its stderr goes, to show when something fails.
    pub log: PathBuf,
}

/// Starts `mockloop serve` on `database_url` and a free port, under `wrapper` when it is not
/// empty, and waits until it listens.
pub async fn start_mockloop(
    database_url: &str,
    dir: &Path,
    wrapper: &[String],
) -> Result<ServerProcess, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut command = match wrapper.split_first() {
        Some((tool, tool_args)) => {
            let mut command = Command::new(tool);
            command.args(tool_args).arg(exe);
            command
        }
        None => Command::new(exe),
    };
    command.args(["serve", "--database-url", database_url, "--bind", "127.0.0.1:0"]);
    // The listening line reads `mockloop is listening on http://127.0.0.1:PORT/ (open ...)`.
    start(command, dir, "mockloop", |line| {
        line.split("http://").nth(1).and_then(|rest| rest.split('/').next()).map(str::to_owned)
    })
    .await
}

/// Starts the reference server (`node server.js`, HOST and PORT from the environment).
pub async fn start_reference(node: &Path, script: &Path, dir: &Path) -> Result<ServerProcess, String> {
    let port = free_port()?;
    let mut command = Command::new(node);
    command.arg(script).env("HOST", "127.0.0.1").env("PORT", port.to_string());
    let address = format!("127.0.0.1:{port}");
    start(command, dir, "reference", move |line| line.contains("running at").then(|| address.clone())).await
}

async fn start(
    mut command: Command,
    dir: &Path,
    name: &str,
    listening: impl Fn(&str) -> Option<String>,
) -> Result<ServerProcess, String> {
    let log = dir.join(format!("{name}.log"));
    let stderr = std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start the {name} server: {e}"))?;
    let pid = child.id().ok_or_else(|| format!("the {name} server exited at once"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let address = tokio::time::timeout(START_TIMEOUT, async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(address) = listening(&line) {
                return Some(address);
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
    .ok_or_else(|| format!("the {name} server did not start; see {}", log.display()))?;
    // Keep reading its stdout so that the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(ServerProcess { child, pid, address, log })
}

impl ServerProcess {
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The last lines the server wrote to stderr, to explain a failure.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(5)..].join("\n")
    }

    /// Asks the server to stop (SIGTERM, as a service manager would), so that a tool it runs
    /// under can write its report, and kills it if it has not exited within `STOP_TIMEOUT`.
    pub async fn stop(mut self) {
        let asked = rustix::process::Pid::from_raw(self.pid as i32)
            .map(|pid| rustix::process::kill_process(pid, rustix::process::Signal::TERM).is_ok());
        if asked == Some(true) && tokio::time::timeout(STOP_TIMEOUT, self.child.wait()).await.is_ok() {
            return;
        }
        let _ = self.child.kill().await;
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// Finds a program on the PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// One reading of a process's CPU time and memory.
#[derive(Clone, Copy, Debug)]
pub struct ProcSample {
    pub at: Instant,
    pub cpu_ticks: u64,
    pub rss_kib: u64,
}

/// Reads `/proc/PID/stat` and `/proc/PID/status` (`pid` "self" for this process).
pub fn sample(pid: &str) -> Result<ProcSample, String> {
    let read = |file: &str| {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .map_err(|e| format!("cannot read /proc/{pid}/{file}: {e}"))
    };
    let cpu_ticks = stats::cpu_ticks_of(&read("stat")?).ok_or("unreadable /proc stat")?;
    let rss_kib = stats::rss_kib_of(&read("status")?).ok_or("no VmRSS in /proc status")?;
    Ok(ProcSample { at: Instant::now(), cpu_ticks, rss_kib })
}

/// The machine's busy CPU ticks so far (all cores), from `/proc/stat`.
pub fn machine_busy_ticks() -> Result<u64, String> {
    let stat = std::fs::read_to_string("/proc/stat").map_err(|e| format!("cannot read /proc/stat: {e}"))?;
    Ok(stats::machine_ticks_of(&stat).ok_or("unreadable /proc/stat")?.0)
}

/// CPU used between two readings, as a percentage of one core.
pub fn cpu_between(before: &ProcSample, after: &ProcSample) -> f64 {
    let seconds = after.at.duration_since(before.at).as_secs_f64();
    stats::cpu_percent(before.cpu_ticks, after.cpu_ticks, rustix::param::clock_ticks_per_second(), seconds)
}

/// Raises this process's open-file limit to its hard limit (children, the servers, inherit it)
/// and returns the new soft limit. Every socket is a file: 2,000 rooms of 3 clients need 6,000
/// on each side of the connection.
pub fn raise_open_file_limit() -> Result<u64, String> {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    // An unlimited hard limit still cannot pass the kernel's `nr_open` (2^20 by default).
    let target = limit.maximum.unwrap_or(1 << 20);
    if limit.current != Some(target) {
        limit.current = Some(target);
        setrlimit(Resource::Nofile, limit).map_err(|e| format!("cannot raise RLIMIT_NOFILE: {e}"))?;
    }
    Ok(target)
}
