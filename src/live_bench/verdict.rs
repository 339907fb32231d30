//! Which room counts a server held: the rule the benchmark steps up by and its summary reports.

use super::{stats, StepFigures, Target};

/// Whether a server held a room count over its runs of it: nothing lost in any run, and the
/// median run's p99 under the limit. One run decides alone; several keep one unlucky (or lucky)
/// run from deciding, since a shared or virtual machine's speed drifts from minute to minute.
fn held(runs: &[&StepFigures], p99_limit_ms: f64) -> bool {
    let p99s: Vec<f64> = runs.iter().map(|run| run.latency.p99).collect();
    runs.iter().all(|run| run.loses_nothing()) && stats::median(&p99s).is_some_and(|p99| p99 < p99_limit_ms)
}

/// Whether `target` held `rooms` over its runs of that count among the steps run.
pub fn held_at(steps: &[StepFigures], target: Target, rooms: usize, p99_limit_ms: f64) -> bool {
    let runs: Vec<&StepFigures> =
        steps.iter().filter(|step| step.target == target && step.rooms == rooms).collect();
    held(&runs, p99_limit_ms)
}

/// The largest room count `target` held over the steps run (see [`held`]).
pub fn largest_held(steps: &[StepFigures], target: Target, p99_limit_ms: f64) -> Option<usize> {
    let mut counts: Vec<usize> =
        steps.iter().filter(|step| step.target == target).map(|step| step.rooms).collect();
    counts.sort_unstable();
    counts.dedup();
    counts.into_iter().rev().find(|&rooms| held_at(steps, target, rooms, p99_limit_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::live_bench::stats::Latency;

    fn run(target: Target, rooms: usize, p99: f64, lost: u64) -> StepFigures {
        StepFigures {
            target,
            rooms,
            connected_rooms: rooms,
            sockets: rooms * 3,
            connect_seconds: 1.0,
            first_failure: None,
            failed_rooms: 0,
            latency: Latency { p50: p99 / 4.0, p99, max: p99 * 2.0 },
            deliveries: 1000,
            lost,
            sent_per_second: 100.0,
            delivered_per_second: 200.0,
            mean_message_bytes: 31.0,
            server_cpu: 50.0,
            generator_cpu: 30.0,
            other_cpu: 0.0,
            rss_idle_kib: 1024,
            rss_connected_kib: 2048,
            rss_loaded_kib: 4096,
        }
    }

    #[test]
    fn the_median_run_decides_and_one_loss_fails_the_count() {
        let (lucky, typical, unlucky) = (
            run(Target::Mockloop, 10, 20.0, 0),
            run(Target::Mockloop, 10, 45.0, 0),
            run(Target::Mockloop, 10, 90.0, 0),
        );
        assert!(held(&[&typical], 50.0));
        assert!(!held(&[&unlucky], 50.0));
        assert!(held(&[&unlucky, &lucky, &typical], 50.0), "one slow run of three does not decide");
        assert!(!held(&[&lucky, &unlucky, &unlucky], 50.0), "nor does one fast run");
        let lossy = run(Target::Mockloop, 10, 5.0, 1);
        assert!(!held(&[&lucky, &typical, &lossy], 50.0), "a lost keystroke in any run fails the count");
        assert!(!held(&[], 50.0));
    }

    #[test]
    fn the_largest_count_held_is_per_server_and_over_all_its_runs() {
        let steps = vec![
            run(Target::Mockloop, 500, 10.0, 0),
            run(Target::Reference, 500, 30.0, 0),
            run(Target::Mockloop, 500, 12.0, 0),
            run(Target::Reference, 500, 60.0, 0),
            run(Target::Mockloop, 1000, 40.0, 0),
            run(Target::Mockloop, 1000, 70.0, 0),
        ];
        // Two runs: the median is their mean (55 ms for mockloop at 1,000, 45 for the reference at 500).
        assert_eq!(largest_held(&steps, Target::Mockloop, 50.0), Some(500));
        assert_eq!(largest_held(&steps, Target::Reference, 50.0), Some(500));
        assert_eq!(largest_held(&steps, Target::Reference, 40.0), None);
        assert_eq!(largest_held(&steps, Target::Mockloop, 60.0), Some(1000));
    }
}
