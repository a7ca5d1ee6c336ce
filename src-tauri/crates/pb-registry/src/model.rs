//! The registry's records as the UI and the files see them. TypeScript types are
//! generated from these (ts-rs), so the UI never hand-duplicates them.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::custom_fields::CustomField;

/// A category of platform: built-in (shipped as data) or custom.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlatformType {
    /// `[A-Z0-9-]`, unique, e.g. `K8S-PAAS`.
    pub identifier: String,
    pub display_name: String,
    pub description: String,
    /// One of [`crate::validate::ICONS`].
    pub icon: String,
    pub default_endpoint: Option<String>,
    pub builtin: bool,
    /// The configuration every instance of this type fills in, in order.
    pub custom_fields: Vec<CustomField>,
    /// The same as a JSON Schema: what the instance form is rendered from.
    #[ts(type = "unknown")]
    pub config_schema: Value,
    pub created_at: String,
    pub updated_at: String,
    /// The provisioning folder this record is defined in: read-only in the app
    /// (change the file instead). Absent: created in the app or by an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub managed_by: Option<String>,
    /// Built-in types: the real server their shipped connector's whole validation
    /// suite passes against (e.g. "OpenStack Keystone 22 from Debian 12"); absent
    /// when no connector ships or none was proven yet.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub proven_against: Option<String>,
}

/// What the administrator enters to create or edit a custom platform type.
#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlatformTypeInput {
    pub identifier: String,
    pub display_name: String,
    #[serde(default)]
    pub description: String,
    pub icon: String,
    #[serde(default)]
    pub default_endpoint: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[ts(export)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// One registered custom platform of a type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Platform {
    pub id: String,
    /// Lower-case letters, digits and `-`; unique. Derived from the name by default.
    pub identifier: String,
    pub name: String,
    pub description: String,
    pub type_id: String,
    /// The location's identifier ("" when none is set).
    pub location: String,
    /// The location's display name ("" when none is set).
    pub location_name: String,
    pub support_url: Option<String>,
    pub docs_url: Option<String>,
    pub tags: Vec<Tag>,
    /// Markdown: how application teams get access.
    pub access_info: String,
    pub status: PlatformStatus,
    /// Who may order it and whether it is offered.
    pub availability: crate::offering::availability::Availability,
    pub instance_count: u32,
    pub created_at: String,
    pub updated_at: String,
    /// The provisioning folder this record is defined in: read-only in the app
    /// (change the file instead). Absent: created in the app or by an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub managed_by: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlatformInput {
    pub name: String,
    /// Absent or empty: derived from the name on create, kept on update.
    #[serde(default)]
    #[ts(optional)]
    pub identifier: Option<String>,
    #[serde(default)]
    pub description: String,
    pub type_id: String,
    /// A location's identifier, or its display name; a value naming no location
    /// creates one (the identifier slugged from it).
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub support_url: Option<String>,
    #[serde(default)]
    pub docs_url: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    /// Markdown. Absent: "" on create, kept on update.
    #[serde(default)]
    #[ts(optional)]
    pub access_info: Option<String>,
    /// On create: `draft` while the wizard establishes it (default `active`). On
    /// update: absent keeps the status.
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<PlatformStatus>,
}

/// A draft platform is being established by the wizard; Finish makes it active.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PlatformStatus {
    Draft,
    #[default]
    Active,
}

impl PlatformStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlatformStatus::Draft => "draft",
            PlatformStatus::Active => "active",
        }
    }

    pub fn parse(s: &str) -> Self {
        if s == "draft" {
            PlatformStatus::Draft
        } else {
            PlatformStatus::Active
        }
    }
}

/// What the UI may know about an instance's credential: never the value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CredentialStatus {
    pub configured: bool,
    /// Incremented on every replace, so a rotation is visible in history.
    pub version: u32,
    pub updated_at: Option<String>,
    /// Why it is missing, when an import could not store it (the keyring failed).
    pub problem: Option<String>,
}

/// One environment of a platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Instance {
    pub id: String,
    pub platform_id: String,
    pub name: String,
    /// dev, staging, prod, or any lower-case label.
    pub environment: String,
    pub endpoint: String,
    pub credential: CredentialStatus,
    pub tls: InstanceTls,
    /// Custom-field values (secret fields are never here).
    #[ts(type = "Record<string, unknown>")]
    pub field_values: Map<String, Value>,
    /// Keys of the secret custom fields that are set (in the keyring).
    pub secret_fields: Vec<String>,
    /// Secrets an import could not store, slot → why; empty when all are stored.
    pub secret_problems: std::collections::BTreeMap<String, String>,
    /// The newest connection test or validation run: the instance's status.
    pub last_test: Option<LastTest>,
    /// The newest validation run, with the connector version it ran against.
    pub validation: Option<LastValidation>,
    /// The newest version of the connector the instance runs now (None: a
    /// built-in preset, or no connector yet).
    pub connector_version: Option<u32>,
    pub created_at: String,
    pub updated_at: String,
    /// The provisioning folder this record is defined in: read-only in the app
    /// (change the file instead). Absent: created in the app or by an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub managed_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LastTest {
    /// `connection_test` or `validation`.
    pub kind: String,
    pub status: String,
    pub started_at: String,
    pub summary: String,
}

/// The newest validation run of an instance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LastValidation {
    pub status: String,
    pub started_at: String,
    /// None: a built-in preset, or a run recorded before versions existed.
    pub connector_version: Option<u32>,
}

impl Instance {
    /// The connector changed since the newest validation: its result no longer
    /// says anything about the connector that runs now.
    pub fn connector_changed_since_validation(&self) -> bool {
        match (&self.validation, self.connector_version) {
            (Some(v), Some(now)) => v.connector_version.is_some_and(|then| then < now),
            _ => false,
        }
    }
}

/// An instance's TLS settings as the UI sees them: certificates (public) in full,
/// the client key only as "configured".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InstanceTls {
    /// PEM; trusted instead of the system's CAs for this instance.
    pub ca_bundle_pem: Option<String>,
    /// PEM; presented for mutual TLS.
    pub client_certificate_pem: Option<String>,
    /// Verification switched off: the UI marks the instance as insecure.
    pub insecure_skip_verify: bool,
    pub client_key_configured: bool,
    pub client_key_updated_at: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InstanceInput {
    pub name: String,
    pub environment: String,
    pub endpoint: String,
    /// Absent: the stored TLS settings are kept. Present: they are replaced as a
    /// whole (a field left out is cleared).
    #[serde(default)]
    #[ts(optional)]
    pub tls: Option<InstanceTlsInput>,
    /// Absent: the stored values are kept. Present: replaced as a whole.
    #[serde(default)]
    #[ts(optional, type = "Record<string, unknown>")]
    pub field_values: Option<Map<String, Value>>,
}

#[derive(Clone, Debug, Default, Deserialize, TS, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct InstanceTlsInput {
    #[serde(default)]
    pub ca_bundle_pem: Option<String>,
    #[serde(default)]
    pub client_certificate_pem: Option<String>,
    #[serde(default)]
    pub insecure_skip_verify: bool,
}
