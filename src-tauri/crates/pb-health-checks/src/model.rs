//! What a health check knows and says: an instance's health, its changes, the
//! settings of the scheduler and the notices it raises.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether an instance answers: a connection test that ended `ok` or `warning`
/// is up (a warning, such as a certificate expiring soon, still serves teams).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Health {
    Up,
    Down,
}

impl Health {
    /// The health a connection test's status means.
    pub fn of_status(status: &str) -> Self {
        if status == "failed" {
            Health::Down
        } else {
            Health::Up
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Health::Up => "up",
            Health::Down => "down",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "up" => Some(Health::Up),
            "down" => Some(Health::Down),
            _ => None,
        }
    }
}

/// An instance's health changed: from the check before to this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Transition {
    pub from: Health,
    pub to: Health,
}

/// The health a check leaves: None when nothing changed, or when nothing was
/// known before (the first check of an instance is not a change).
pub fn transition(before: Option<Health>, after: Health) -> Option<Transition> {
    match before {
        Some(from) if from != after => Some(Transition { from, to: after }),
        _ => None,
    }
}

/// An instance's health as the registry keeps it: the mark the app shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HealthState {
    pub health: Health,
    /// When the instance entered this health (the first check that found it).
    #[ts(type = "number")]
    pub since_ms: u64,
    #[ts(type = "number")]
    pub checked_at_ms: u64,
}

/// The scheduler's settings (Settings → Scheduled health checks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct HealthCheckSettings {
    /// Warn this many days before an instance's TLS certificate expires.
    pub certificate_warning_days: u32,
    /// Checks running at once.
    pub concurrency: u32,
    /// Desktop notifications on a change of health and for expiring certificates.
    pub notifications: bool,
}

impl Default for HealthCheckSettings {
    fn default() -> Self {
        Self {
            certificate_warning_days: 30,
            concurrency: 4,
            notifications: true,
        }
    }
}

/// The bounds of the settings, as (field, message) for field-level errors.
pub fn check_settings(s: &HealthCheckSettings) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    if !(1..=365).contains(&s.certificate_warning_days) {
        errors.push((
            "certificateWarningDays",
            "Warn between 1 and 365 days before a certificate expires",
        ));
    }
    if !(1..=32).contains(&s.concurrency) {
        errors.push(("concurrency", "Run between 1 and 32 checks at once"));
    }
    errors
}

/// The intervals a platform can be checked at, in minutes; none means off.
pub const INTERVALS_MINUTES: [u32; 7] = [5, 15, 30, 60, 180, 360, 1440];

/// What the administrator is told, as a desktop notification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export)]
pub enum Notice {
    /// An instance went down or came back.
    #[serde(rename_all = "camelCase")]
    HealthChanged {
        instance_id: String,
        instance: String,
        transition: Transition,
        summary: String,
    },
    /// An instance's certificate expires within the warning days.
    #[serde(rename_all = "camelCase")]
    CertificateExpiring {
        instance_id: String,
        instance: String,
        #[ts(type = "number")]
        days_left: i64,
    },
}

impl Notice {
    pub fn title(&self) -> String {
        match self {
            Notice::HealthChanged {
                instance,
                transition,
                ..
            } => match transition.to {
                Health::Down => format!("{instance} is down"),
                Health::Up => format!("{instance} is back up"),
            },
            Notice::CertificateExpiring {
                instance,
                days_left,
                ..
            } => match days_left {
                d if *d < 0 => format!("{instance}: the certificate has expired"),
                0 => format!("{instance}: the certificate expires today"),
                1 => format!("{instance}: the certificate expires tomorrow"),
                d => format!("{instance}: the certificate expires in {d} days"),
            },
        }
    }

    pub fn body(&self) -> String {
        match self {
            Notice::HealthChanged { summary, .. } => summary.clone(),
            Notice::CertificateExpiring { days_left, .. } if *days_left < 0 => {
                "Renew the platform's certificate: clients refuse it now.".to_owned()
            }
            Notice::CertificateExpiring { .. } => {
                "Renew the platform's certificate before it expires.".to_owned()
            }
        }
    }
}
