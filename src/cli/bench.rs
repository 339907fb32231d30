//! `mockloop bench`: benchmarks that print their figures (they assert nothing).

use clap::{Args, Subcommand};

use super::bench_live::{self, LiveArgs};
use super::bench_match;
use super::{say, Failure};
use crate::runner::bench::bench_runner;
use crate::runner::Runner;

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    target: BenchTarget,
}

#[derive(Debug, Subcommand)]
enum BenchTarget {
    /// Verdict latency through the sandbox vs bare python3, and throughput.
    Runner {
        /// Timed runs per latency series.
        #[arg(long, default_value_t = 200)]
        runs: usize,
        /// Parallel runs for the throughput series (default: the number of cores).
        #[arg(long)]
        parallelism: Option<usize>,
    },
    /// Live rooms: clients typing Yjs updates, against mockloop and the reference y-websocket
    /// server side by side: delivery latency, messages per second, server CPU and memory.
    Live(LiveArgs),
    /// The practice-partner matcher on generated pools of 10, 12, 1,000 and 100,000 people:
    /// time, score, the optimum (small pools) or an upper bound (large ones), and the ratio.
    Match {
        /// Seed of the generated pools.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
}

pub async fn run(args: BenchArgs) -> Result<(), Failure> {
    match args.target {
        BenchTarget::Match { seed } => bench_match::run(seed),
        // Its own current-thread runtime, off this one's workers: the generator uses one core.
        BenchTarget::Live(args) => tokio::task::spawn_blocking(move || bench_live::run(args))
            .await
            .map_err(|e| Failure::Runtime(e.to_string()))?,
        BenchTarget::Runner { runs, parallelism } => {
            let parallelism = parallelism.unwrap_or_else(Runner::default_parallelism);
            let figures = bench_runner(runs.max(10), parallelism).await.map_err(Failure::Runtime)?;
            say(&format!(
                "runner benchmark: accepted Python solution, 20 cases, {} runs per series",
                figures.runs
            ));
            say(&format!("{:<40} {:>10} {:>10}", "series", "p50 ms", "p99 ms"));
            for (name, latency) in [
                ("sandbox (started ahead, as served)", figures.sandbox),
                ("sandbox (started per request)", figures.sandbox_cold),
                ("bare python3, same harness", figures.bare),
            ] {
                say(&format!("{name:<40} {:>10.1} {:>10.1}", latency.p50, latency.p99));
            }
            say(&format!(
                "sandbox/bare ratio at p50: {:.2} (started ahead), {:.2} (per request)",
                figures.sandbox.p50 / figures.bare.p50,
                figures.sandbox_cold.p50 / figures.bare.p50
            ));
            say(&format!(
                "throughput: {:.1} verdicts/s ({} runs, parallelism {})",
                figures.verdicts_per_second, figures.throughput_runs, figures.parallelism
            ));
            Ok(())
        }
    }
}
