//! Scheduled health checks: when an instance is due, what changed since the check
//! before, which notices that raises (a change of health, a certificate about to
//! expire) and the uptime the stored checks add up to.
//!
//! Free of the registry and of Tauri: the app provides the checks, the storage and
//! the desktop through [`Checks`], and tests provide fakes and a moving clock.

mod model;
mod scheduler;
mod uptime;

pub use model::*;
pub use scheduler::{
    day_of, notices, CheckFuture, CheckOutcome, Checks, Clock, Scheduled, Scheduler,
    SchedulerStatus, SystemClock, CHECK_DEADLINE,
};
pub use uptime::{thin, uptime, Sample, UptimeWindow, HOLD_MS, WINDOWS};
