//! Who may order a platform (its restriction) and whether it is offered (its
//! publication). Publishing is checked: application teams must never be offered a
//! platform whose connector nobody validated, or with no landing zone to create
//! their tenant from.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::change_snapshot::Subject;
use crate::db::Registry;
use crate::error::{FieldError, RegistryError, Result};
use crate::model::Platform;
use crate::ops::fetch_platform;
use crate::queries::instances;

/// Who may order the platform.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Restriction {
    /// Every workspace.
    Public,
    /// Only the owning workspace (the default: nothing is offered by accident).
    #[default]
    Private,
    /// The workspaces listed in `restrictedTo`.
    Restricted,
}

/// Whether the platform is offered in the marketplace.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Publication {
    /// Being established; never offered yet.
    #[default]
    Draft,
    Published,
    /// Still offered to those who use it, but new teams are told to move on.
    Deprecated,
    /// Taken out of the marketplace.
    Unpublished,
}

impl Restriction {
    pub fn as_str(self) -> &'static str {
        match self {
            Restriction::Public => "public",
            Restriction::Private => "private",
            Restriction::Restricted => "restricted",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "public" => Restriction::Public,
            "restricted" => Restriction::Restricted,
            _ => Restriction::Private,
        }
    }
}

impl Publication {
    pub fn as_str(self) -> &'static str {
        match self {
            Publication::Draft => "draft",
            Publication::Published => "published",
            Publication::Deprecated => "deprecated",
            Publication::Unpublished => "unpublished",
        }
    }

    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "published" => Publication::Published,
            "deprecated" => Publication::Deprecated,
            "unpublished" => Publication::Unpublished,
            _ => Publication::Draft,
        }
    }
}

impl Availability {
    /// From the platform's columns (`restriction`, `restricted_to` as JSON, `publication`).
    pub(crate) fn from_columns(restriction: &str, restricted_to: &str, publication: &str) -> Self {
        Self {
            restriction: Restriction::parse(restriction),
            restricted_to: serde_json::from_str(restricted_to).unwrap_or_default(),
            publication: Publication::parse(publication),
        }
    }
}

#[derive(
    Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Availability {
    #[serde(default)]
    pub restriction: Restriction,
    /// Workspace or team identifiers; only with `restricted`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<String>>")]
    pub restricted_to: Vec<String>,
    #[serde(default)]
    pub publication: Publication,
}

/// What publishing still needs; empty: the platform may be published.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Readiness {
    pub missing: Vec<String>,
    /// Instances whose newest validation passed with the current connector.
    pub validated_instances: Vec<String>,
    /// Landing zones that are not disabled.
    pub landing_zones: Vec<String>,
}

pub(crate) fn check(a: &Availability, before: Publication) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if a.restriction == Restriction::Restricted && a.restricted_to.is_empty() {
        errors.push(FieldError::new(
            "restrictedTo",
            "Name at least one workspace or team the platform is restricted to",
        ));
    }
    if a.restriction != Restriction::Restricted && !a.restricted_to.is_empty() {
        errors.push(FieldError::new(
            "restrictedTo",
            "Only a restricted platform lists workspaces; choose restricted or clear the list",
        ));
    }
    let mut seen = Vec::new();
    for (i, w) in a.restricted_to.iter().enumerate() {
        if crate::validate::platform_identifier(w).is_err() {
            errors.push(FieldError::new(
                &format!("restrictedTo.{i}"),
                format!("'{w}' is not a workspace identifier (lower-case letters, digits and '-')"),
            ));
        } else if seen.contains(&w) {
            errors.push(FieldError::new(
                &format!("restrictedTo.{i}"),
                format!("'{w}' is listed twice"),
            ));
        }
        seen.push(w);
    }
    if a.publication == Publication::Draft && before != Publication::Draft {
        errors.push(FieldError::new(
            "publication",
            "A platform that was offered cannot become a draft again; unpublish it instead",
        ));
    }
    errors
}

/// What publishing needs, worded the same for the app and definition files.
pub(crate) fn missing(validated: bool, zone: bool, location: bool) -> Vec<String> {
    let mut missing = Vec::new();
    if !validated {
        missing.push(
            "an instance whose last validation passed with the current connector (run the validation suite)"
                .to_owned(),
        );
    }
    if !zone {
        missing.push("a landing zone that is not disabled".to_owned());
    }
    if !location {
        missing.push("a location".to_owned());
    }
    missing
}

/// What publishing platform `id` still needs, read in `conn`.
pub(crate) fn readiness(conn: &rusqlite::Connection, platform: &Platform) -> Result<Readiness> {
    let validated: Vec<String> = instances::list_for_platform(conn, &platform.id)?
        .into_iter()
        .filter(|i| {
            i.validation.as_ref().is_some_and(|v| v.status == "passed")
                && !i.connector_changed_since_validation()
        })
        .map(|i| i.name)
        .collect();
    let zones: Vec<String> = super::landing_zones::list(conn, &platform.id)?
        .into_iter()
        .filter(|z| !z.disabled)
        .map(|z| z.identifier)
        .collect();
    Ok(Readiness {
        missing: missing(
            !validated.is_empty(),
            !zones.is_empty(),
            !platform.location.is_empty(),
        ),
        validated_instances: validated,
        landing_zones: zones,
    })
}

/// Stores `a` for the platform (checked; publishing only when ready).
pub(crate) fn store(
    conn: &rusqlite::Connection,
    platform: &Platform,
    a: &Availability,
) -> Result<()> {
    let mut errors = check(a, platform.availability.publication);
    if a.publication == Publication::Published
        && platform.availability.publication != Publication::Published
    {
        let ready = readiness(conn, platform)?;
        if !ready.missing.is_empty() {
            errors.push(FieldError::new(
                "publication",
                format!("Publishing needs {}", ready.missing.join("; ")),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(RegistryError::Validation(errors));
    }
    conn.execute(
        "UPDATE platforms SET restriction = ?2, restricted_to = ?3, publication = ?4,
                updated_at = ?5
          WHERE id = ?1",
        rusqlite::params![
            platform.id,
            a.restriction.as_str(),
            serde_json::to_string(&a.restricted_to).unwrap_or_else(|_| "[]".into()),
            a.publication.as_str(),
            crate::db::now()
        ],
    )?;
    Ok(())
}

impl Registry {
    pub fn publication_readiness(&self, platform_id: &str) -> Result<Readiness> {
        self.read(|c| readiness(c, &fetch_platform(c, platform_id)?))
    }

    pub fn set_availability(&self, platform_id: &str, a: &Availability) -> Result<Platform> {
        self.with_change(Subject::Platform(platform_id), |tx| {
            let platform = fetch_platform(tx, platform_id)?;
            crate::ops::ensure_editable(
                format!("Platform {}", platform.name),
                &platform.managed_by,
            )?;
            store(tx, &platform, a)?;
            fetch_platform(tx, platform_id)
        })
    }
}
