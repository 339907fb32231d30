//! The pure arithmetic of the live benchmark: latency percentiles, and the CPU and memory figures
//! read from `/proc/PID/stat` and `/proc/PID/status`.

/// Delivery latency percentiles, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Latency {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

/// Percentiles of latency samples given in microseconds (nearest rank; sorts `samples`).
/// No samples gives zeros: the caller reports how many messages were delivered beside them.
pub fn latency_of(samples: &mut [u32]) -> Latency {
    samples.sort_unstable();
    let at = |q: f64| {
        let rank = (samples.len() as f64 * q).ceil() as usize;
        samples.get(rank.saturating_sub(1)).map_or(0.0, |&micros| f64::from(micros) / 1000.0)
    };
    Latency { p50: at(0.50), p99: at(0.99), max: at(1.0) }
}

/// The median of some figures (the mean of the middle two for an even count); `None` for none.
pub fn median(figures: &[f64]) -> Option<f64> {
    let mut sorted = figures.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2.0),
    }
}

/// Total CPU time a process has used, in clock ticks (user + system), from the text of
/// `/proc/PID/stat`. The command name (field 2) may hold spaces and parentheses, so fields are
/// counted from the last `)`: utime and stime are the 14th and 15th fields of the line.
pub fn cpu_ticks_of(stat: &str) -> Option<u64> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some(user + system)
}

/// Resident set size in KiB, from the text of `/proc/PID/status` (`VmRSS:  1234 kB`).
pub fn rss_kib_of(status: &str) -> Option<u64> {
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()
}

/// The whole machine's busy and total CPU time in clock ticks, from the first line of
/// `/proc/stat` (`cpu  user nice system idle iowait irq softirq steal ...`): busy is all but
/// idle and iowait.
pub fn machine_ticks_of(stat: &str) -> Option<(u64, u64)> {
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let fields: Vec<u64> = line.split_whitespace().take(8).map(str::parse).collect::<Result<_, _>>().ok()?;
    let total: u64 = fields.iter().sum();
    let idle = fields.get(3)? + fields.get(4)?;
    Some((total - idle, total))
}

/// CPU used between two readings as a percentage of one core (200 means two cores busy).
pub fn cpu_percent(ticks_before: u64, ticks_after: u64, ticks_per_second: u64, seconds: f64) -> f64 {
    if seconds <= 0.0 || ticks_per_second == 0 {
        return 0.0;
    }
    let used = ticks_after.saturating_sub(ticks_before) as f64 / ticks_per_second as f64;
    100.0 * used / seconds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let mut samples: Vec<u32> = (1..=100).rev().map(|ms| ms * 1000).collect();
        let latency = latency_of(&mut samples);
        assert_eq!(latency, Latency { p50: 50.0, p99: 99.0, max: 100.0 });
    }

    #[test]
    fn one_sample_is_every_percentile_and_none_is_zero() {
        assert_eq!(latency_of(&mut [2500]), Latency { p50: 2.5, p99: 2.5, max: 2.5 });
        assert_eq!(latency_of(&mut []), Latency::default());
    }

    #[test]
    fn the_median_is_the_middle_figure_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&[81.0, 20.0, 47.0]), Some(47.0));
        assert_eq!(median(&[30.0, 60.0, 40.0, 50.0]), Some(45.0));
        assert_eq!(median(&[12.5]), Some(12.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn cpu_ticks_are_read_after_a_command_name_with_spaces_and_parentheses() {
        let stat = "4242 (mock loop) (x)) S 1 4242 4242 0 -1 4194560 1200 0 0 0 731 269 0 0 20 0 9 0 \
                    123456 104857600 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";
        assert_eq!(cpu_ticks_of(stat), Some(1000));
        assert_eq!(cpu_ticks_of("4242 (truncated) S 1"), None);
    }

    #[test]
    fn rss_is_read_in_kib() {
        let status = "Name:\tmockloop\nVmPeak:\t  999999 kB\nVmRSS:\t   51234 kB\nRssAnon:\t 40000 kB\n";
        assert_eq!(rss_kib_of(status), Some(51234));
        assert_eq!(rss_kib_of("Name:\tzombie\n"), None);
    }

    #[test]
    fn machine_ticks_leave_out_idle_and_iowait() {
        let stat = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n";
        assert_eq!(machine_ticks_of(stat), Some((160, 1000)));
        assert_eq!(machine_ticks_of("intr 1 2 3\n"), None);
    }

    #[test]
    fn cpu_percent_is_relative_to_one_core() {
        assert_eq!(cpu_percent(100, 300, 100, 2.0), 100.0);
        assert_eq!(cpu_percent(0, 400, 100, 2.0), 200.0);
        assert_eq!(cpu_percent(5, 5, 100, 0.0), 0.0);
    }
}
