//! The entries of the change history and the filters to browse them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// Through what a change was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Via {
    App,
    Platformctl,
    /// A provisioning folder applied at start-up (by whichever process applied it).
    Provisioning,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::App => "app",
            Via::Platformctl => "platformctl",
            Via::Provisioning => "provisioning",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Via::App, Via::Platformctl, Via::Provisioning]
            .into_iter()
            .find(|v| v.as_str() == text)
    }
}

/// Who makes changes and through what; the registry holds one for its process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The OS user name.
    pub user: String,
    pub via: Via,
    /// The provisioning folder or the imported files, where there are some.
    pub source: Option<String>,
}

impl Actor {
    /// The user running this process. Read from the environment the login set up;
    /// the history records who sat at the machine, it is not an authentication.
    pub fn current(via: Via) -> Self {
        let user = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "unknown".to_owned());
        Self {
            user,
            via,
            source: None,
        }
    }

    pub fn with_source(&self, via: Via, source: impl Into<String>) -> Self {
        Self {
            user: self.user.clone(),
            via,
            source: Some(source.into()),
        }
    }
}

/// What kind of record changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordKind {
    PlatformType,
    CustomFields,
    Connector,
    Platform,
    Instance,
    ValidationSettings,
    TagDefinition,
    /// An instance's credential, client key or secret field: the fact and the
    /// keyring entry's version, never the value.
    Credential,
    /// The agreement to run an exec connector's program on this machine.
    TrustedCommand,
    /// Where platforms run.
    Location,
    /// A template new tenants of a platform are created from.
    LandingZone,
}

impl RecordKind {
    pub const ALL: [RecordKind; 11] = [
        RecordKind::PlatformType,
        RecordKind::CustomFields,
        RecordKind::Connector,
        RecordKind::Platform,
        RecordKind::Instance,
        RecordKind::ValidationSettings,
        RecordKind::TagDefinition,
        RecordKind::Credential,
        RecordKind::TrustedCommand,
        RecordKind::Location,
        RecordKind::LandingZone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::PlatformType => "platform_type",
            RecordKind::CustomFields => "custom_fields",
            RecordKind::Connector => "connector",
            RecordKind::Platform => "platform",
            RecordKind::Instance => "instance",
            RecordKind::ValidationSettings => "validation_settings",
            RecordKind::TagDefinition => "tag_definition",
            RecordKind::Credential => "credential",
            RecordKind::TrustedCommand => "trusted_command",
            RecordKind::Location => "location",
            RecordKind::LandingZone => "landing_zone",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ChangeAction {
    Created,
    Updated,
    Deleted,
}

impl ChangeAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeAction::Created => "created",
            ChangeAction::Updated => "updated",
            ChangeAction::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            ChangeAction::Created,
            ChangeAction::Updated,
            ChangeAction::Deleted,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// One field that changed. A missing side did not exist (or was empty).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldChange {
    /// `tags[team]`, `operations.create_tenant.path`, `quota.maxQueues`.
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub before: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub after: Option<Value>,
    /// A secret: neither side is kept, the entry only says it changed.
    #[serde(default)]
    pub secret: bool,
}

impl FieldChange {
    /// A secret that changed; its values are never part of the history.
    pub fn secret(field: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            before: None,
            after: None,
            secret: true,
        }
    }
}

/// One entry of the change history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeEntry {
    pub id: String,
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    pub user: String,
    pub via: Via,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<String>,
    pub kind: RecordKind,
    pub action: ChangeAction,
    /// The record's key (identifier or id) at the time of the change.
    pub record_id: String,
    /// The record's name for people: `Platform event-streaming`, `instance prod`.
    pub record: String,
    /// The platform the record belongs to, where it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub platform_id: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// Which entries to list; every filter is optional. Newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export)]
pub struct HistoryQuery {
    #[ts(optional)]
    pub platform_id: Option<String>,
    #[ts(optional)]
    pub kind: Option<RecordKind>,
    /// Part of the record's name or key, case-insensitive.
    #[ts(optional)]
    pub record: Option<String>,
    /// From this day (`YYYY-MM-DD`, UTC) or instant (RFC 3339), inclusive.
    #[ts(optional)]
    pub from: Option<String>,
    /// Up to this day, inclusive, or before this instant.
    #[ts(optional)]
    pub to: Option<String>,
    /// At most this many entries (default 200, at most 10 000).
    #[ts(optional)]
    pub limit: Option<u32>,
    /// Entries after the first `offset`, for paging.
    #[ts(optional)]
    pub offset: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HistoryPage {
    /// All entries that match, of which `entries` is one page.
    pub total: u32,
    pub entries: Vec<ChangeEntry>,
}

/// How much change history is kept (like test history: a count and an age).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChangeRetention {
    /// The newest this many entries.
    pub keep: u32,
    /// And none older than this.
    pub max_age_days: u32,
}

impl Default for ChangeRetention {
    fn default() -> Self {
        Self {
            keep: 100_000,
            max_age_days: 365,
        }
    }
}
