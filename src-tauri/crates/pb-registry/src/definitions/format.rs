//! The definition file format (`platformbuilder.dev/v1`): platform types, platforms
//! and instances as documents administrators keep in git. See docs/definitions.md;
//! docs/definitions.schema.json is generated from these types.

use std::collections::BTreeMap;

use pb_validation::{KnownDeviation, NamingConvention, QuotaDefinition, RoleMapping, Strictness};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::custom_fields::CustomField;
use crate::model::Tag;

/// The format version this build reads and writes.
pub const API_VERSION: &str = "platformbuilder.dev/v1";

/// One document of a definition file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind")]
pub enum Document {
    PlatformType(TypeDocument),
    Platform(PlatformDocument),
    Instance(InstanceDocument),
    Location(LocationDocument),
    LandingZone(LandingZoneDocument),
}

impl Document {
    /// How the document is named in reports: `Platform event-streaming-eu`,
    /// `Instance event-streaming-eu/prod`.
    pub fn label(&self) -> String {
        match self {
            Document::PlatformType(d) => format!("PlatformType {}", d.metadata.name),
            Document::Platform(d) => format!("Platform {}", d.metadata.name),
            Document::Instance(d) => {
                format!("Instance {}/{}", d.metadata.platform, d.metadata.name)
            }
            Document::Location(d) => format!("Location {}", d.metadata.name),
            Document::LandingZone(d) => format!("LandingZone {}", d.metadata.name),
        }
    }

    pub fn version(&self) -> Option<u32> {
        match self {
            Document::PlatformType(d) => d.metadata.version,
            Document::Platform(d) => d.metadata.version,
            Document::Instance(d) => d.metadata.version,
            Document::Location(d) => d.metadata.version,
            Document::LandingZone(d) => d.metadata.version,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocationDocument {
    pub api_version: String,
    /// `name` is the location's identifier (`eu-central`), what platforms name.
    pub metadata: Metadata,
    pub spec: LocationSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocationSpec {
    pub display_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LandingZoneDocument {
    pub api_version: String,
    /// `name` is the zone's identifier, unique across platforms; `platform` the
    /// identifier of the platform it belongs to.
    pub metadata: InstanceMetadata,
    pub spec: LandingZoneSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LandingZoneSpec {
    pub display_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_link: Option<String>,
    /// Quota key → a new tenant's value, within the platform's quota definitions;
    /// a key left out gets the definition's default.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub quotas: BTreeMap<String, f64>,
    /// Replace the platform's role mappings for the project roles they name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role_mappings: Vec<RoleMapping>,
    /// Only with an operator's approval.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restricted: bool,
    /// Not offered for new tenants.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metadata {
    /// The document's key: a platform type's identifier (`K8S-PAAS`), a platform's
    /// identifier (`event-streaming-eu`), or an instance's name within its platform.
    pub name: String,
    /// Increase it with every change: a document never overwrites what a newer
    /// version of it stored. Absent: always applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstanceMetadata {
    /// The instance's name, unique within its platform.
    pub name: String,
    /// The identifier of the platform the instance belongs to.
    pub platform: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypeDocument {
    pub api_version: String,
    pub metadata: Metadata,
    pub spec: TypeSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TypeSpec {
    pub display_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// One of the icons the app offers (see docs/definitions.md).
    pub icon: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_endpoint: Option<String>,
    /// What every instance of the type fills in, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_fields: Vec<CustomField>,
    /// The connector definition (docs/connector.schema.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<pb_connector::definition::ConnectorDefinition>")]
    pub connector: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlatformDocument {
    pub api_version: String,
    pub metadata: Metadata,
    pub spec: PlatformSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlatformSpec {
    /// The name administrators and application teams see.
    pub display_name: String,
    /// The platform type's identifier: built in (`KUBERNETES`) or defined in a file.
    #[serde(rename = "type")]
    pub type_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A location's identifier (a Location document, or one already stored); a
    /// name naming none creates a location with its slug as identifier.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Markdown: how application teams get access.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access_info: String,
    /// How tenants are named; the validation suite checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub naming: Option<NamingConvention>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub role_mappings: Vec<RoleMapping>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotas: Vec<QuotaDefinition>,
    /// `strict` (the default) or `lenient`: whether the known deviations below
    /// are warnings in validation runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strictness: Option<Strictness>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_deviations: Vec<KnownDeviation>,
    /// Who may order it and whether it is offered. Absent: private, a draft.
    /// Publishing from a file needs what publishing in the app needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<crate::offering::availability::Availability>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstanceDocument {
    pub api_version: String,
    pub metadata: InstanceMetadata,
    pub spec: InstanceSpec,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstanceSpec {
    /// dev, staging, prod, or any lower-case label.
    pub environment: String,
    pub endpoint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsSpec>,
    /// Values of the type's custom fields (not the secret ones: see secretFields).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub field_values: Map<String, Value>,
    /// Where the credential comes from; never the credential itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<SecretRef>,
    /// Where the mutual-TLS client key comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<SecretRef>,
    /// Where each secret custom field's value comes from, by field key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secret_fields: BTreeMap<String, SecretRef>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TlsSpec {
    /// PEM: trusted instead of the system's CAs for this instance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_bundle_pem: Option<String>,
    /// PEM: presented for mutual TLS (its key is `clientKey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate_pem: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub insecure_skip_verify: bool,
}

/// A reference to a secret: files hold these, never secret values.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum SecretRef {
    /// The value of this environment variable at import.
    FromEnv(String),
    /// The contents of this file at import (relative to the definition file),
    /// without a trailing newline.
    FromFile(String),
    /// An entry already in the OS keyring, `service/account`: Platform Builder's
    /// own (`dev.platformbuilder.app/instance/…`) or another application's.
    Keyring(String),
}

impl Serialize for SecretRef {
    /// As a one-key mapping (`{fromEnv: NAME}`): YAML writers would otherwise use
    /// tags (`!fromEnv NAME`), which are harder to read and to write by hand.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (key, value) = match self {
            SecretRef::FromEnv(v) => ("fromEnv", v),
            SecretRef::FromFile(v) => ("fromFile", v),
            SecretRef::Keyring(v) => ("keyring", v),
        };
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(key, value)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for SecretRef {
    /// A plain value where a reference belongs is refused with a message that does
    /// not repeat it: it is most likely a pasted secret.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        enum Tagged {
            FromEnv(String),
            FromFile(String),
            Keyring(String),
        }
        let value = Value::deserialize(deserializer)?;
        if !value.is_object() {
            return Err(serde::de::Error::custom(
                "a literal secret is not allowed here: write a reference instead, \
                 {fromEnv: VARIABLE}, {fromFile: path} or {keyring: service/account}",
            ));
        }
        let tagged: Tagged = serde_json::from_value(value).map_err(|_| {
            serde::de::Error::custom(
                "a secret reference is exactly one of fromEnv, fromFile or keyring",
            )
        })?;
        Ok(match tagged {
            Tagged::FromEnv(v) => SecretRef::FromEnv(v),
            Tagged::FromFile(v) => SecretRef::FromFile(v),
            Tagged::Keyring(v) => SecretRef::Keyring(v),
        })
    }
}

/// The JSON Schema of one document (docs/definitions.schema.json).
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Document);
    schema.insert(
        "$id".into(),
        "https://platformbuilder.dev/schemas/definitions/v1.json".into(),
    );
    schema.insert(
        "title".into(),
        "Platform Builder definition document (platformbuilder.dev/v1)".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}
