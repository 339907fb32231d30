//! The sandbox: runs one program under bubblewrap with fresh user, pid, mount, network, ipc and
//! uts namespaces, a read-only view of `/usr` only, a private size-bounded `/tmp`, a seccomp filter,
//! rlimits (`prlimit`), a wall-clock timeout that kills the whole process tree, and capped output.
//!
//! When mockloop runs as root, each concurrent run gets its own unprivileged host uid
//! (`first_uid + slot`): RLIMIT_NPROC is only enforced for non-root users, and a run can then
//! neither signal another run's processes nor read root-only files. No web or database types here.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

use super::seccomp;

/// Resource limits of one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    pub wall: Duration,
    pub cpu_seconds: u64,
    pub memory_bytes: u64,
    /// Largest file the program may write, and the size of its private /tmp.
    pub file_bytes: u64,
    pub tmp_bytes: u64,
    pub open_files: u64,
    pub processes: u64,
    /// Bytes of stdout and of stderr kept; more ends the run as an output-limit breach.
    pub output_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            wall: Duration::from_secs(5),
            cpu_seconds: 2,
            memory_bytes: 256 * 1024 * 1024,
            file_bytes: 8 * 1024 * 1024,
            tmp_bytes: 16 * 1024 * 1024,
            open_files: 64,
            processes: 16,
            output_bytes: 1024 * 1024,
        }
    }
}

/// How the sandboxed program ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    Signaled(i32),
    WallTimeout,
    OutputLimit,
}

#[derive(Clone, Debug)]
pub struct Outcome {
    pub ending: Ending,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the code runner is unavailable: {0}")]
    Unavailable(String),
    #[error("the sandbox failed: {0}")]
    Failed(String),
}

/// A configured sandbox. Cloning is cheap.
#[derive(Clone, Debug)]
pub struct Sandbox {
    bwrap: PathBuf,
    prlimit: PathBuf,
    /// Host uid/gid base for runs when mockloop is root; `None` runs as mockloop's own user.
    first_uid: Option<u32>,
    /// A root-owned folder holding the harness and the seccomp program, removed with the last clone.
    support_dir: Arc<tempfile::TempDir>,
}

/// A single digit: dash, Debian's /bin/sh, reads `10<file` as the word "10" and a stdin redirect.
const SECCOMP_FD: &str = "9";
/// Where the first run uid starts; far above normal and system users.
pub const FIRST_RUN_UID: u32 = 61_000;

fn find_program(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|path| path.is_file())
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map(|meta| meta.uid() == 0).unwrap_or(false)
}

impl Sandbox {
    /// Finds bubblewrap and prlimit and prepares the support folder. Fails with a clear reason
    /// where isolation is not available, so nothing ever runs unsandboxed.
    pub fn new(harness: &str) -> Result<Self, SandboxError> {
        let bwrap = find_program("bwrap").ok_or_else(|| {
            SandboxError::Unavailable(
                "bubblewrap (bwrap) is not installed; apt-get install bubblewrap".into(),
            )
        })?;
        let prlimit = find_program("prlimit")
            .ok_or_else(|| SandboxError::Unavailable("prlimit (util-linux) is not installed".into()))?;
        if !Path::new("/usr/bin/python3").is_file() {
            return Err(SandboxError::Unavailable("/usr/bin/python3 is not installed".into()));
        }
        let support = tempfile::Builder::new()
            .prefix("mockloop-runner-")
            .tempdir()
            .map_err(|e| SandboxError::Unavailable(format!("support folder: {e}")))?;
        let support_dir = support.path().to_path_buf();
        let write = |name: &str, bytes: &[u8]| {
            std::fs::write(support_dir.join(name), bytes)
                .map_err(|e| SandboxError::Unavailable(format!("{name}: {e}")))
        };
        write("harness.py", harness.as_bytes())?;
        write("seccomp.bpf", &seccomp::program().map_err(SandboxError::Unavailable)?)?;
        use std::os::unix::fs::PermissionsExt;
        for (name, mode) in [("", 0o755), ("harness.py", 0o644), ("seccomp.bpf", 0o644)] {
            let path = if name.is_empty() { support_dir.clone() } else { support_dir.join(name) };
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                .map_err(|e| SandboxError::Unavailable(format!("permissions: {e}")))?;
        }
        let first_uid = running_as_root().then_some(FIRST_RUN_UID);
        Ok(Self { bwrap, prlimit, first_uid, support_dir: Arc::new(support) })
    }

    pub fn harness_path(&self) -> PathBuf {
        self.support_dir.path().join("harness.py")
    }

    /// The bubblewrap and prlimit arguments around `program`.
    fn arguments(&self, limits: &Limits, program: &[&str]) -> Vec<String> {
        let mut args: Vec<String> = [
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/bin",
            "--setenv",
            "HOME",
            "/tmp",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "PYTHONDONTWRITEBYTECODE",
            "1",
            "--setenv",
            "PYTHONHASHSEED",
            "0",
            "--hostname",
            "sandbox",
            "--ro-bind",
            "/usr",
            "/usr",
            "--symlink",
            "usr/lib",
            "/lib",
            "--symlink",
            "usr/lib64",
            "/lib64",
            "--symlink",
            "usr/bin",
            "/bin",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
        ]
        .iter()
        .map(|arg| (*arg).to_owned())
        .collect();
        args.extend(["--size".into(), limits.tmp_bytes.to_string(), "--tmpfs".into(), "/tmp".into()]);
        args.extend([
            "--ro-bind".into(),
            self.harness_path().display().to_string(),
            "/opt/harness.py".into(),
        ]);
        // The root bwrap builds is a tmpfs without a size limit: once everything is mounted it turns
        // read-only, so the bounded /tmp is the only writable place.
        args.extend(["--remount-ro".into(), "/".into()]);
        args.extend(["--chdir".into(), "/tmp".into(), "--seccomp".into(), SECCOMP_FD.into(), "--".into()]);
        args.push(self.prlimit.display().to_string());
        args.extend([
            // Soft limit first: SIGXCPU at the soft limit tells a CPU-time breach apart from any
            // other SIGKILL.
            format!("--cpu={}:{}", limits.cpu_seconds, limits.cpu_seconds + 1),
            format!("--as={}", limits.memory_bytes),
            format!("--fsize={}", limits.file_bytes),
            format!("--nofile={}", limits.open_files),
            format!("--nproc={}", limits.processes),
            "--core=0".into(),
            "--".into(),
        ]);
        args.extend(program.iter().map(|arg| (*arg).to_owned()));
        args
    }

    /// Runs `program` with `stdin` under `limits`, in a slot of its own.
    pub async fn run(
        &self,
        program: &[&str],
        stdin: Vec<u8>,
        limits: &Limits,
    ) -> Result<Outcome, SandboxError> {
        self.prepare(program, limits)?.run(stdin).await
    }

    /// Starts `program` in a fresh sandbox of its own slot, where it loads and then waits for its
    /// input. Preparing ahead of a request takes the sandbox's start-up off the request's latency;
    /// each prepared sandbox still serves exactly one run.
    pub fn prepare(&self, program: &[&str], limits: &Limits) -> Result<Prepared, SandboxError> {
        let lease = SlotLease::acquire()?;
        let seccomp = self.support_dir.path().join("seccomp.bpf");
        // The seccomp program reaches bwrap as an inherited descriptor; a shell opens it so that no
        // descriptor of the server ever leaks into a run.
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(format!("f=$1; shift; exec \"$@\" {SECCOMP_FD}<\"$f\""))
            .arg("mockloop-sandbox")
            .arg(&seccomp)
            .arg(&self.bwrap)
            .args(self.arguments(limits, program))
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        if let Some(uid) = self.uid_of(lease.slot) {
            command.uid(uid).gid(uid);
        }
        let mut child =
            command.spawn().map_err(|e| SandboxError::Failed(format!("could not start bubblewrap: {e}")))?;
        let missing = || SandboxError::Failed("the sandbox's pipes are missing".into());
        Ok(Prepared {
            stdin: child.stdin.take().ok_or_else(missing)?,
            stdout: child.stdout.take().ok_or_else(missing)?,
            stderr: child.stderr.take().ok_or_else(missing)?,
            child,
            lease,
            sandbox: self.clone(),
            limits: *limits,
        })
    }

    /// Kills anything still running under the slot's uid. The pid namespace already takes every
    /// process down with bubblewrap; this is the second lock on the door.
    /// The slot is only handed on once its uid owns no process, not even a dying one.
    async fn sweep(&self, slot: u32) {
        let Some(uid) = self.uid_of(slot) else { return };
        let deadline = Instant::now() + Duration::from_secs(3);
        while processes_of(uid) > 0 && Instant::now() < deadline {
            let _ = Command::new("/bin/kill")
                .args(["-KILL", "-1"])
                .uid(uid)
                .gid(uid)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .await;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// The host uid of a slot, when runs get their own uids.
    pub fn uid_of(&self, slot: u32) -> Option<u32> {
        self.first_uid.map(|base| base + slot)
    }
}

/// A started sandbox waiting for its one job. Dropping it kills it.
#[derive(Debug)]
pub struct Prepared {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    stdout: tokio::process::ChildStdout,
    stderr: tokio::process::ChildStderr,
    lease: SlotLease,
    sandbox: Sandbox,
    limits: Limits,
}

impl Prepared {
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Sends the job, collects capped output until the program ends or the wall clock runs out,
    /// then kills what is left and sweeps the slot. `elapsed` counts from the job's arrival.
    pub async fn run(self, stdin: Vec<u8>) -> Result<Outcome, SandboxError> {
        let Prepared { mut child, stdin: mut input, stdout, stderr, lease, sandbox, limits } = self;
        let started = Instant::now();
        let feed = tokio::spawn(async move {
            let _ = input.write_all(&stdin).await;
        });
        let cap = limits.output_bytes;
        let outcome = tokio::time::timeout(limits.wall, async {
            let ((out, out_over), (err, err_over)) =
                tokio::join!(read_capped(stdout, cap), read_capped(stderr, cap));
            if out_over || err_over {
                return (Ending::OutputLimit, out, err);
            }
            let status = child.wait().await;
            (ending_of(status.ok()), out, err)
        })
        .await;
        feed.abort();
        let elapsed = started.elapsed();
        let (ending, stdout, stderr) = outcome.unwrap_or((Ending::WallTimeout, Vec::new(), Vec::new()));
        let _ = child.start_kill();
        let _ = child.wait().await;
        sandbox.sweep(lease.slot).await;
        drop(lease);
        Ok(Outcome { ending, stdout, stderr, elapsed })
    }
}

/// Most runs at once on one machine, across every mockloop process.
pub const MAX_SLOTS: u32 = 256;

/// Exclusive use of one run uid, held through a lock file so that two mockloop processes on one
/// machine (two servers, or a server and `bank check`) never share a uid, and one run's sweep
/// can never kill another's processes. The lock is released when the lease is dropped.
#[derive(Debug)]
pub struct SlotLease {
    pub slot: u32,
    _lock: std::fs::File,
}

impl SlotLease {
    pub fn acquire() -> Result<Self, SandboxError> {
        let dir = std::env::temp_dir().join("mockloop-sandbox-slots");
        std::fs::create_dir_all(&dir).map_err(|e| SandboxError::Failed(format!("slot folder: {e}")))?;
        for slot in 0..MAX_SLOTS {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(dir.join(format!("{slot}.lock")))
                .map_err(|e| SandboxError::Failed(format!("slot lock: {e}")))?;
            if file.try_lock().is_ok() {
                return Ok(Self { slot, _lock: file });
            }
        }
        Err(SandboxError::Failed(format!("all {MAX_SLOTS} sandbox slots are busy")))
    }
}

/// How many live processes a host uid owns, read from /proc. Zombies are left out: they run
/// nothing, hold nothing, and are reaped by whoever inherits them.
fn processes_of(uid: u32) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else { return 0 };
    entries
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().bytes().all(|b| b.is_ascii_digit()))
        .filter(|entry| {
            use std::os::unix::fs::MetadataExt;
            entry.metadata().is_ok_and(|meta| meta.uid() == uid)
        })
        .filter(|entry| {
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            // The state follows the parenthesised command name, which may itself contain spaces.
            let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next());
            !matches!(state, Some("Z" | "X") | None)
        })
        .count()
}

fn ending_of(status: Option<std::process::ExitStatus>) -> Ending {
    use std::os::unix::process::ExitStatusExt;
    match status {
        Some(status) => match (status.code(), status.signal()) {
            (Some(code), _) => Ending::Exited(code),
            (None, Some(signal)) => Ending::Signaled(signal),
            (None, None) => Ending::Exited(-1),
        },
        None => Ending::Exited(-1),
    }
}

/// Reads until EOF, keeping at most `cap` bytes; returns early (over = true) once past the cap.
async fn read_capped(mut source: impl AsyncRead + Unpin, cap: usize) -> (Vec<u8>, bool) {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match source.read(&mut buffer).await {
            Ok(0) | Err(_) => return (kept, false),
            Ok(read) => {
                if kept.len() + read > cap {
                    let room = cap.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..room]);
                    return (kept, true);
                }
                kept.extend_from_slice(&buffer[..read]);
            }
        }
    }
}
