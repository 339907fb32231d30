//! Random pools with a fixed seed, for the benchmark and the property tests. The mix is meant to
//! look like a real community: mostly evenings, a handful of time zones, half want any size.

use std::fmt::Write;

/// splitmix64: small, fast, and the same everywhere, so a seed names a pool.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (bound > 0).
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const ZONES: [&str; 6] =
    ["Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata", "UTC"];
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const KINDS: [&str; 5] = ["coding", "ml_system_design", "ml_deep_dive", "experimentation", "behavioral"];

/// A pool file (JSON text) of `size` people as of 2026-12-01, from `seed`. Pools of up to 16
/// (the exact solver's range) are one track in two European zones, so they are dense enough for
/// the optimum to be a real test rather than zero.
pub fn random_pool_json(size: usize, seed: u64) -> String {
    let mut rng = SplitMix(seed);
    let small = size <= 16;
    let (tracks, zones): (&[&str], &[&str]) =
        if small { (&["ds"], &ZONES[..2]) } else { (&["ds", "mle"], &ZONES) };
    let mut json = String::with_capacity(size * 400);
    json.push_str(r#"{"as_of": "2026-12-01T00:00:00Z", "people": ["#);
    for index in 0..size {
        if index > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            r#"{{"id": "p{index}", "track": "{}", "level": "{}", "tz": "{}", "availability": [{}],
            "group_size": {}, "wants": [{}], "ready_to_interview": [{}], "recent_partners": [{}],
            "no_shows": {}, "waiting_since": "2026-11-{:02}"}}"#,
            rng.pick(tracks),
            rng.pick(&["senior", "staff", "staff", "principal"]),
            rng.pick(zones),
            slots(&mut rng, small),
            rng.pick(&["2", "3", "\"any\"", "\"any\""]),
            kinds(&mut rng),
            kinds(&mut rng),
            if index > 0 && rng.below(10) == 0 {
                format!("\"p{}\"", rng.below(index as u64))
            } else {
                String::new()
            },
            if rng.below(8) == 0 { 1 + rng.below(2) } else { 0 },
            1 + rng.below(30),
        );
    }
    json.push_str("]}");
    json
}

fn slots(rng: &mut SplitMix, small: bool) -> String {
    let count = if small { 3 + rng.below(3) } else { 1 + rng.below(3) };
    (0..count)
        .map(|_| {
            let start = if rng.below(4) == 0 { 8 + rng.below(4) } else { 17 + rng.below(4) };
            let length = 2 + rng.below(3);
            format!(
                r#"{{"day": "{}", "start": "{start:02}:00", "end": "{:02}:00"}}"#,
                if small { rng.pick(&DAYS[..3]) } else { rng.pick(&DAYS) },
                (start + length).min(24)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn kinds(rng: &mut SplitMix) -> String {
    KINDS
        .iter()
        .filter(|_| rng.below(3) == 0)
        .map(|kind| format!("\"{kind}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
