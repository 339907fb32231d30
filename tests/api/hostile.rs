//! Hostile programs: each must end with the right verdict within its limits, leak nothing, and
//! leave no process or file behind. Runs hold `SANDBOX_LOCK` so that the leftover checks see only
//! their own runs.

use std::time::{Duration, Instant};

use mockloop::runner::{Runner, Scope, Warmth};
use mockloop_core::bank::{CodingSpec, Comparison, Language, Level, Question, RoundKind, TestCase};
use mockloop_core::judge::Verdict;
use serde_json::json;

use crate::helpers::SANDBOX_LOCK;

const FIRST_RUN_UID: u32 = mockloop::runner::sandbox::FIRST_RUN_UID;

fn question(language: Language) -> Question {
    let (tests, schema) = match language {
        Language::Python => (
            vec![
                TestCase {
                    name: "visible".into(),
                    hidden: false,
                    args: Some(vec![json!(1)]),
                    expected: json!(1),
                    setup: None,
                },
                TestCase {
                    name: "secret".into(),
                    hidden: true,
                    args: Some(vec![json!("s3cr3t-arg")]),
                    expected: json!(2),
                    setup: None,
                },
            ],
            None,
        ),
        Language::Sql => (
            vec![TestCase {
                name: "visible".into(),
                hidden: false,
                args: None,
                expected: json!({"columns": ["n"], "rows": [[1]]}),
                setup: None,
            }],
            Some("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1);".to_owned()),
        ),
    };
    Question {
        id: "hostile".into(),
        title: "Hostile".into(),
        kind: RoundKind::Coding,
        level: Level::Staff,
        themes: Vec::new(),
        minutes: 45,
        phases: Vec::new(),
        prompt: String::new(),
        clarifications: Vec::new(),
        hints: Vec::new(),
        probes: Vec::new(),
        rubric: Vec::new(),
        solution_sketch: String::new(),
        coding: Some(CodingSpec {
            language,
            entry: Some("f".into()),
            compare: Comparison::Exact,
            ordered: false,
            time_limit_ms: 4_000,
            memory_mb: 256,
            starter_code: String::new(),
            schema,
            tests,
            reference_solution: String::new(),
            wrong_solution: None,
        }),
    }
}

/// Processes running under any sandbox uid, as (pid, uid, command line).
fn sandbox_processes() -> Vec<(String, u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let uid = status
            .lines()
            .find(|line| line.starts_with("Uid:"))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|uid| uid.parse::<u32>().ok());
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let zombie = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().next()) == Some("Z");
        if let Some(uid) = uid.filter(|uid| !zombie && (FIRST_RUN_UID..FIRST_RUN_UID + 256).contains(uid)) {
            let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            found.push((pid, uid, String::from_utf8_lossy(&cmdline).replace('\0', " ")));
        }
    }
    found
}

/// Sandbox processes, other than those in `before`, still there after a short grace period: a
/// sandbox another test dropped a moment ago (a warm pool's) may still be on its way out, and
/// sandboxes that existed before this test (a server on the same machine) are not its leftovers.
async fn settled_sandbox_processes(before: &[(String, u32, String)]) -> Vec<(String, u32, String)> {
    let fresh = || -> Vec<(String, u32, String)> {
        sandbox_processes().into_iter().filter(|p| !before.iter().any(|b| b.0 == p.0)).collect()
    };
    for _ in 0..40 {
        if fresh().is_empty() {
            return Vec::new();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    fresh()
}

/// Files under the host's /tmp owned by a sandbox uid.
fn sandbox_files() -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let mut found = Vec::new();
    let mut stack = vec![std::env::temp_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if (FIRST_RUN_UID..FIRST_RUN_UID + 256).contains(&meta.uid()) {
                found.push(entry.path().display().to_string());
            }
            if meta.is_dir() && !meta.file_type().is_symlink() {
                stack.push(entry.path());
            }
        }
    }
    found
}

struct Hostile {
    name: &'static str,
    language: Language,
    code: &'static str,
    verdicts: &'static [Verdict],
}

const PY: Language = Language::Python;
const SQL: Language = Language::Sql;
use Verdict::{MemoryLimit, OutputLimit, RuntimeError, TimeLimit, WrongAnswer};

/// Every program prints or raises ESCAPED if its attack worked; the report must never say so.
const PROGRAMS: &[Hostile] = &[
    Hostile { name: "fork bomb", language: PY, verdicts: &[RuntimeError, TimeLimit],
        code: "import os\nwhile True:\n    os.fork()\n" },
    Hostile { name: "memory bomb", language: PY, verdicts: &[MemoryLimit],
        code: "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 1024 * 1024))\n" },
    Hostile { name: "infinite loop", language: PY, verdicts: &[TimeLimit],
        code: "while True:\n    pass\n" },
    Hostile { name: "sleep forever", language: PY, verdicts: &[TimeLimit],
        code: "import time\ntime.sleep(10 ** 6)\n" },
    Hostile { name: "a gigabyte of output", language: PY, verdicts: &[OutputLimit],
        code: "import os\nfor _ in range(16 * 1024):\n    os.write(1, b'x' * 65536)\n" },
    Hostile { name: "fill the disk", language: PY, verdicts: &[OutputLimit, RuntimeError],
        code: "with open('/tmp/fill', 'wb') as f:\n    while True:\n        f.write(b'x' * 1024 * 1024)\n" },
    Hostile { name: "read /etc/shadow", language: PY, verdicts: &[RuntimeError],
        code: "print(open('/etc/shadow').read())\nprint('ESCAPED')\n" },
    Hostile { name: "read the database file", language: PY, verdicts: &[RuntimeError],
        code: "import os\nfound = []\nfor top in [d for d in os.listdir('/') if d not in ('proc', 'sys', 'dev', 'usr') and not os.path.islink('/' + d)]:\n    for root, _, files in os.walk('/' + top):\n        found += [f for f in files if f.endswith(('.db', '.db-wal', '.sqlite'))]\nif found or os.path.exists('/work') or os.path.exists('/root'):\n    print('ESCAPED', found)\nraise FileNotFoundError('no database visible')\n" },
    Hostile { name: "read the server's environment", language: PY, verdicts: &[WrongAnswer],
        code: "import os\ndef f(x):\n    env = dict(os.environ)\n    return sorted(k for k in env if k not in ('PATH', 'HOME', 'LANG', 'PYTHONDONTWRITEBYTECODE', 'PYTHONHASHSEED'))\n" },
    Hostile { name: "read /proc/1/environ", language: PY, verdicts: &[WrongAnswer],
        code: "def f(x):\n    try:\n        return open('/proc/1/environ').read()\n    except OSError as e:\n        return 'blocked'\n" },
    Hostile { name: "write outside tmp", language: PY, verdicts: &[RuntimeError],
        code: "open('/usr/lib/mockloop-write-test', 'w').write('x')\nprint('ESCAPED')\n" },
    Hostile { name: "connect to PostgreSQL", language: PY, verdicts: &[RuntimeError],
        code: "import socket\nsocket.create_connection(('127.0.0.1', 5432), timeout=1)\nprint('ESCAPED')\n" },
    Hostile { name: "connect to the server's port", language: PY, verdicts: &[RuntimeError],
        code: "import socket\nsocket.create_connection(('127.0.0.1', 8080), timeout=1)\nprint('ESCAPED')\n" },
    Hostile { name: "open a listening socket", language: PY, verdicts: &[RuntimeError],
        code: "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 9999))\ns.listen()\nprint('ESCAPED')\n" },
    Hostile { name: "a daemon that outlives the run", language: PY, verdicts: &[WrongAnswer],
        code: "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(600)  # mockloop-daemon-marker'])\n    os._exit(0)\ndef f(x):\n    return 0\n" },
    Hostile { name: "kill the parent", language: PY, verdicts: &[WrongAnswer],
        code: "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError:\n    pass\ndef f(x):\n    return 0\n" },
    Hostile { name: "ctypes mount", language: PY, verdicts: &[RuntimeError],
        code: "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nif libc.mount(b'none', b'/tmp', b'tmpfs', 0, None) == 0:\n    print('ESCAPED')\nraise PermissionError(ctypes.get_errno())\n" },
    Hostile { name: "ctypes ptrace", language: PY, verdicts: &[RuntimeError],
        code: "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nif libc.ptrace(16, 1, None, None) == 0:\n    print('ESCAPED')\nraise PermissionError(ctypes.get_errno())\n" },
    Hostile { name: "ctypes unshare", language: PY, verdicts: &[RuntimeError],
        code: "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\nif libc.unshare(0x10000000) == 0:\n    print('ESCAPED')\nraise PermissionError(ctypes.get_errno())\n" },
    Hostile { name: "recursion without end", language: PY, verdicts: &[RuntimeError],
        code: "def f(x):\n    return f(x)\n" },
    Hostile { name: "unbounded recursive CTE", language: SQL, verdicts: &[TimeLimit],
        code: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) AS n FROM n" },
    Hostile { name: "ATTACH another file", language: SQL, verdicts: &[RuntimeError],
        code: "ATTACH DATABASE '/tmp/other.db' AS other" },
    Hostile { name: "load an extension", language: SQL, verdicts: &[RuntimeError],
        code: "SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3.so.0') AS n" },
    Hostile { name: "a cartesian explosion", language: SQL, verdicts: &[TimeLimit, OutputLimit],
        code: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) SELECT a.i AS n FROM n a, n b" },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_programs_end_with_the_right_verdict_and_leave_nothing_behind() {
    if !crate::helpers::sandbox_available() {
        return;
    }
    let _exclusive = SANDBOX_LOCK.lock().await;
    // Cold: a warm pool's waiting sandboxes would count as processes left behind.
    let runner = Runner::with_options(2, 16, Warmth::Cold);
    runner.availability().expect("the sandbox is available (install bubblewrap)");
    assert!(PROGRAMS.len() >= 20);
    let before = sandbox_processes();
    for program in PROGRAMS {
        let question = question(program.language);
        let started = Instant::now();
        let report = runner.run(&question, program.code, Scope::All).await.expect("the run finishes");
        let elapsed = started.elapsed();
        let text = serde_json::to_string(&report).expect("json");
        assert!(
            program.verdicts.contains(&report.verdict),
            "{}: {:?} — {text}",
            program.name,
            report.verdict
        );
        assert!(!text.contains("ESCAPED"), "{}: the attack worked: {text}", program.name);
        assert!(!text.contains("s3cr3t-arg"), "{}: a hidden input leaked: {text}", program.name);
        assert!(
            !text.contains("CARGO") && !text.contains("MOCKLOOP") && !text.contains("/root"),
            "{}: environment leaked: {text}",
            program.name
        );
        assert!(elapsed < Duration::from_secs(10), "{} took {elapsed:?}", program.name);
        let leftovers = settled_sandbox_processes(&before).await;
        assert!(leftovers.is_empty(), "{} left processes: {leftovers:?}", program.name);
    }
    assert!(sandbox_files().is_empty(), "files left behind: {:?}", sandbox_files());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accepted_and_wrong_answers_are_judged_with_hidden_details_kept_back() {
    if !crate::helpers::sandbox_available() {
        return;
    }
    let _exclusive = SANDBOX_LOCK.lock().await;
    let runner = Runner::new(1);
    let question = question(Language::Python);
    let visible = runner
        .run(&question, "def f(x):\n    print('seen', x)\n    return x\n", Scope::Visible)
        .await
        .expect("runs");
    assert_eq!(visible.verdict, Verdict::Accepted);
    assert_eq!(visible.cases.len(), 1, "a Run judges the visible tests only");
    assert_eq!(visible.cases[0].stdout.as_deref(), Some("seen 1\n"));
    let submitted = runner
        .run(&question, "def f(x):\n    print('seen', x)\n    return x\n", Scope::All)
        .await
        .expect("runs");
    assert_eq!(submitted.verdict, Verdict::WrongAnswer);
    assert_eq!((submitted.hidden.passed, submitted.hidden.total), (0, 1));
    let hidden = submitted.cases.iter().find(|c| c.hidden).expect("hidden case");
    assert!(hidden.expected.is_none() && hidden.got.is_none() && hidden.stdout.is_none());
    let syntax = runner.run(&question, "def f(x)\n    return x\n", Scope::Visible).await.expect("runs");
    assert_eq!(syntax.verdict, Verdict::CompileError);
    assert!(syntax.message.as_deref().unwrap_or_default().contains("line 1"));
    let crash = runner
        .run(&question, "def f(x):\n    y = 1\n    return {}[x]\n", Scope::Visible)
        .await
        .expect("runs");
    assert_eq!(crash.verdict, Verdict::RuntimeError);
    let error = crash.cases[0].error.as_deref().unwrap_or_default();
    assert!(error.contains("line 3, in f") && error.contains("KeyError"), "{error}");
}
