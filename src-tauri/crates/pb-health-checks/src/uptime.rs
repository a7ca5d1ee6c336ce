//! Uptime over a window from the stored checks: each check's health holds until
//! the next check, for at most [`HOLD_MS`], so a platform checked once a week is
//! not "up all week" on the strength of one test.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How long one check speaks for: a little more than the longest interval (a
/// day), so a daily schedule covers its whole day and nothing longer.
pub const HOLD_MS: u64 = 25 * 3_600_000;

/// One stored connection test, as uptime and the latency chart see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Sample {
    #[ts(type = "number")]
    pub at_ms: u64,
    pub up: bool,
    #[ts(type = "number")]
    pub duration_ms: u64,
    /// Run by the scheduler (rather than by hand, in bulk or by platformctl).
    pub scheduled: bool,
}

/// Uptime over one window.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UptimeWindow {
    /// `24h`, `7d` or `30d`.
    pub label: String,
    #[ts(type = "number")]
    pub window_ms: u64,
    /// Percent of the covered time the instance was up; None without checks.
    pub uptime_percent: Option<f64>,
    /// How much of the window the checks speak for.
    #[ts(type = "number")]
    pub covered_ms: u64,
    pub checks: u32,
    pub failures: u32,
    /// The window's checks for a chart (filled by the registry, thinned).
    pub samples: Vec<Sample>,
}

/// The windows the instance page shows.
pub const WINDOWS: [(&str, u64); 3] = [
    ("24h", 86_400_000),
    ("7d", 7 * 86_400_000),
    ("30d", 30 * 86_400_000),
];

/// Uptime over `[now - window, now]`; `samples` oldest first, and may start
/// before the window (the last one before it says how the window began).
pub fn uptime(samples: &[Sample], now_ms: u64, label: &str, window_ms: u64) -> UptimeWindow {
    let start = now_ms.saturating_sub(window_ms);
    let (mut up_ms, mut covered_ms, mut checks, mut failures) = (0u64, 0u64, 0u32, 0u32);
    for (i, s) in samples.iter().enumerate() {
        if s.at_ms > now_ms {
            break;
        }
        if s.at_ms >= start {
            checks += 1;
            failures += u32::from(!s.up);
        }
        let next = samples.get(i + 1).map_or(now_ms, |n| n.at_ms.min(now_ms));
        let held_until = next.min(s.at_ms.saturating_add(HOLD_MS));
        let from = s.at_ms.max(start);
        if held_until > from {
            let span = held_until - from;
            covered_ms += span;
            if s.up {
                up_ms += span;
            }
        }
    }
    let uptime_percent = if covered_ms > 0 {
        Some(up_ms as f64 * 100.0 / covered_ms as f64)
    } else if checks > 0 {
        // Checks only at this very moment: their outcome is all there is.
        Some(f64::from(checks - failures) * 100.0 / f64::from(checks))
    } else {
        None
    };
    UptimeWindow {
        label: label.to_owned(),
        window_ms,
        uptime_percent,
        covered_ms,
        checks,
        failures,
        samples: Vec::new(),
    }
}

/// At most `max` samples for the chart: consecutive runs of samples, one point
/// each, a failure wherever its run has one, so every stretch with a failure
/// stays marked however many there are.
pub fn thin(samples: &[Sample], max: usize) -> Vec<Sample> {
    if samples.len() <= max || max == 0 {
        return samples.to_vec();
    }
    let per = samples.len().div_ceil(max);
    samples
        .chunks(per)
        .map(|run| *run.iter().find(|s| !s.up).unwrap_or(&run[0]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: u64 = 3_600_000;

    fn s(at_ms: u64, up: bool) -> Sample {
        Sample {
            at_ms,
            up,
            duration_ms: 10,
            scheduled: true,
        }
    }

    #[test]
    fn time_weighted_until_the_next_check() {
        // Up for 18 h, down for 6 h.
        let now = 100 * H;
        let samples = [s(now - 24 * H, true), s(now - 6 * H, false)];
        let w = uptime(&samples, now, "24h", 24 * H);
        assert_eq!(w.checks, 2);
        assert_eq!(w.failures, 1);
        assert_eq!(w.covered_ms, 24 * H);
        assert_eq!(w.uptime_percent, Some(75.0));
    }

    #[test]
    fn a_check_before_the_window_says_how_it_began() {
        let now = 100 * H;
        let samples = [s(now - 30 * H, false), s(now - 12 * H, true)];
        let w = uptime(&samples, now, "24h", 24 * H);
        // Down from the window's start to the check 12 h ago, then up.
        assert_eq!(w.checks, 1);
        assert_eq!(w.covered_ms, 24 * H);
        assert_eq!(w.uptime_percent, Some(50.0));
    }

    #[test]
    fn one_check_speaks_for_at_most_a_day_and_an_hour() {
        let now = 1000 * H;
        let samples = [s(now - 7 * 24 * H, true)];
        let w = uptime(&samples, now, "7d", 7 * 24 * H);
        assert_eq!(w.covered_ms, HOLD_MS);
        assert_eq!(w.uptime_percent, Some(100.0));
    }

    #[test]
    fn no_checks_no_figure() {
        let w = uptime(&[], 10 * H, "24h", 24 * H);
        assert_eq!(w.uptime_percent, None);
        assert_eq!((w.checks, w.covered_ms), (0, 0));
    }

    #[test]
    fn thinning_keeps_every_stretch_with_a_failure() {
        let samples: Vec<Sample> = (0..1000).map(|i| s(i * 1000, i % 97 != 0)).collect();
        let thinned = thin(&samples, 120);
        assert!(thinned.len() <= 120, "{}", thinned.len());
        let failures = samples.iter().filter(|s| !s.up).count();
        assert_eq!(thinned.iter().filter(|s| !s.up).count(), failures);
        assert!(thinned.windows(2).all(|w| w[0].at_ms < w[1].at_ms));
        // A month down at 5-minute checks: still at most `max` points.
        let down: Vec<Sample> = (0..8640).map(|i| s(i * 300_000, false)).collect();
        assert_eq!(thin(&down, 240).len(), 240);
    }
}
