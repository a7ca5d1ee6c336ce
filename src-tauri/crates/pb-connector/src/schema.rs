//! The published JSON Schema of the connector format (docs/connector.schema.json),
//! generated from the Rust types so the two cannot drift: `cargo test` rewrites the
//! file and CI fails when the committed copy differs.

use crate::definition::ConnectorDefinition;

pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(ConnectorDefinition);
    schema.insert(
        "$id".into(),
        "https://platformbuilder.dev/schemas/connector/v1.json".into(),
    );
    schema.insert(
        "title".into(),
        "Platform Builder connector (platformbuilder.dev/connector/v1)".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_connector_schema() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../docs/connector.schema.json");
        let schema = super::json_schema();
        // Sanity: the schema knows both kinds and the operation names.
        assert!(schema.contains("\"exec\"") && schema.contains("\"http\""));
        assert!(schema.contains("probe_quota"));
        std::fs::write(&path, schema).expect("write docs/connector.schema.json");
    }
}
