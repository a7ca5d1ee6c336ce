// Generates the permission set for the app's own commands (allow-*/deny-*), so the
// capability file can grant them one by one instead of allowing everything.
const COMMANDS: &[&str] = &[
    "app_status",
    "get_exec_trust",
    "set_exec_trust",
    "remove_exec_trust",
    "list_change_history",
    "export_change_history",
    "get_change_retention",
    "set_change_retention",
    "list_connector_versions",
    "get_connector_version",
    "diff_connector_versions",
    "roll_back_connector",
    "get_health_checks",
    "set_health_check_settings",
    "set_health_check_interval",
    "get_platform_health_schedule",
    "get_instance_uptime",
    "run_due_health_checks",
    "ui_ready",
    "list_platform_types",
    "create_platform_type",
    "update_platform_type",
    "delete_platform_type",
    "list_platforms",
    "get_platform",
    "create_platform",
    "update_platform",
    "delete_platform",
    "list_instances",
    "create_instance",
    "update_instance",
    "delete_instance",
    "set_instance_credential",
    "remove_instance_credential",
    "set_instance_client_key",
    "remove_instance_client_key",
    "get_platform_type_connector",
    "set_platform_type_connector",
    "test_connection",
    "run_operation",
    "dry_run_operation",
    "get_validation_settings",
    "set_validation_settings",
    "run_validation",
    "cancel_validation",
    "list_test_runs",
    "get_test_run",
    "export_test_run",
    "get_history_retention",
    "set_history_retention",
    "test_connection_draft",
    "run_validation_draft",
    "test_instances",
    "list_wizard_drafts",
    "get_wizard_draft",
    "save_wizard_draft",
    "discard_wizard_draft",
    "query_registry",
    "registry_facets",
    "list_locations",
    "list_tag_definitions",
    "save_tag_definition",
    "delete_tag_definition",
    "set_platform_type_fields",
    "custom_fields_schema",
    "set_instance_field_secret",
    "remove_instance_field_secret",
    "clone_instance",
    "list_connector_presets",
    "read_certificate_file",
    "set_instance_client_key_from_file",
    "import_openapi",
    "start_sandbox",
    "use_sandbox_credential",
    "get_platform_docs",
    "save_platform_docs",
    "set_provisioning_settings",
    "run_provisioning",
    "list_instance_tenants",
    "sweep_leftovers",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {error:#}");
    }
    // A pattern that matches no file silently yields a window that may call nothing
    // (every command then fails with "not allowed"); fail the build instead.
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let compiled = std::fs::read_to_string(out.join("capabilities.json")).unwrap_or_default();
    assert!(
        compiled.contains("main-window"),
        "no capability compiled from src-tauri/capabilities/"
    );
}
