//! Ready-made connectors, shipped as data files in `presets/`.

pub const PRESETS: &[(&str, &str)] = &[
    ("generic-rest", include_str!("../presets/generic-rest.yaml")),
    ("scim2", include_str!("../presets/scim2.yaml")),
    ("kubernetes", include_str!("../presets/kubernetes.yaml")),
    (
        "openstack-keystone",
        include_str!("../presets/openstack-keystone.yaml"),
    ),
    ("postgresql", include_str!("../presets/postgresql.yaml")),
    (
        "signed-webhook",
        include_str!("../presets/signed-webhook.yaml"),
    ),
];

/// A preset as the wizard offers it.
#[derive(Clone, Debug, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectorPreset {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The definition (YAML), to start from.
    pub definition: String,
}

/// Name and description of each preset, for the wizard's choice.
const ABOUT: &[(&str, &str, &str)] = &[
    ("generic-rest", "Generic REST", "A JSON API with an API key: tenants, users and quotas under /api. Matches the sample platform."),
    ("scim2", "SCIM 2.0", "Identity providers and SaaS apps speaking SCIM 2.0: groups as tenants, users as members."),
    ("kubernetes", "Kubernetes", "Namespaces as tenants, RoleBindings as users, ResourceQuotas as quotas, with a bearer token."),
    ("openstack-keystone", "OpenStack (Keystone v3)", "Projects as tenants, users with a role assignment, unified limits as quotas; logs in with a password (token in X-Subject-Token). Proven against a real Keystone."),
    ("postgresql", "PostgreSQL database service", "Databases owned by a NOLOGIN role as tenants, LOGIN roles as users, CONNECTION LIMIT as the enforced quota; runs the bundled pb-connector-postgresql program (psql). Proven against a real PostgreSQL 15."),
    ("signed-webhook", "Signed webhook", "Deliver events to a receiver that checks an HMAC-SHA256 signature."),
];

pub fn list() -> Vec<ConnectorPreset> {
    ABOUT
        .iter()
        .filter_map(|(id, name, description)| {
            Some(ConnectorPreset {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                definition: preset(id)?.to_owned(),
            })
        })
        .collect()
}

pub fn preset(name: &str) -> Option<&'static str> {
    PRESETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_parses() {
        for (name, text) in super::PRESETS {
            crate::parse(text).unwrap_or_else(|e| panic!("preset {name}: {e}"));
        }
        assert_eq!(super::list().len(), super::PRESETS.len());
    }
}
