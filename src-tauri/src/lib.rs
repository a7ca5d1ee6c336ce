//! The Tauri shell of Platform Builder: it resolves directories, starts logging,
//! opens the registry and wires IPC commands to the Tauri-free crates.

mod bulk;
mod change_history;
pub mod commands;
pub mod connect;
pub mod context;
pub mod error;
mod exec_trust;
mod files;
mod health_checks;
mod history;
mod logging;
mod navigation;
mod offering;
pub mod provisioning;
mod registry;
mod sandbox;
mod tenants;
mod validation;
mod wizard;

use std::sync::Arc;

use context::{AppContext, AppPaths, StartupOptions};
use tauri::{Manager, Runtime};

/// Registers every command. Generic over the runtime so unit tests can use
/// `tauri::test::mock_builder()`.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_status,
        commands::ui_ready,
        commands::list_platform_types,
        commands::create_platform_type,
        commands::update_platform_type,
        commands::delete_platform_type,
        commands::list_platforms,
        commands::get_platform,
        commands::create_platform,
        commands::update_platform,
        commands::delete_platform,
        commands::list_instances,
        commands::create_instance,
        commands::update_instance,
        commands::delete_instance,
        commands::set_instance_credential,
        commands::remove_instance_credential,
        commands::set_instance_client_key,
        commands::remove_instance_client_key,
        connect::get_platform_type_connector,
        connect::set_platform_type_connector,
        connect::test_connection,
        connect::run_operation,
        connect::dry_run_operation,
        validation::get_validation_settings,
        validation::set_validation_settings,
        validation::run_validation,
        validation::cancel_validation,
        validation::list_test_runs,
        validation::get_test_run,
        validation::export_test_run,
        validation::get_history_retention,
        validation::set_history_retention,
        provisioning::get_platform_docs,
        provisioning::save_platform_docs,
        provisioning::set_provisioning_settings,
        provisioning::run_provisioning,
        connect::test_connection_draft,
        validation::run_validation_draft,
        bulk::test_instances,
        wizard::list_wizard_drafts,
        wizard::get_wizard_draft,
        wizard::save_wizard_draft,
        wizard::discard_wizard_draft,
        registry::query_registry,
        registry::registry_facets,
        offering::list_locations,
        registry::list_tag_definitions,
        registry::save_tag_definition,
        registry::delete_tag_definition,
        registry::set_platform_type_fields,
        registry::custom_fields_schema,
        registry::set_instance_field_secret,
        registry::remove_instance_field_secret,
        registry::clone_instance,
        registry::list_connector_presets,
        files::read_certificate_file,
        files::set_instance_client_key_from_file,
        files::import_openapi,
        sandbox::start_sandbox,
        sandbox::use_sandbox_credential,
        exec_trust::get_exec_trust,
        exec_trust::set_exec_trust,
        exec_trust::remove_exec_trust,
        change_history::list_change_history,
        change_history::export_change_history,
        change_history::get_change_retention,
        change_history::set_change_retention,
        change_history::list_connector_versions,
        change_history::get_connector_version,
        change_history::diff_connector_versions,
        change_history::roll_back_connector,
        health_checks::get_health_checks,
        health_checks::set_health_check_settings,
        health_checks::set_health_check_interval,
        health_checks::get_platform_health_schedule,
        health_checks::get_instance_uptime,
        health_checks::run_due_health_checks,
        offering::create_location,
        offering::update_location,
        offering::delete_location,
        offering::list_landing_zones,
        offering::save_landing_zone,
        offering::delete_landing_zone,
        offering::get_publication_readiness,
        offering::set_availability,
        offering::export_meshstack,
        tenants::list_instance_tenants,
        tenants::sweep_leftovers,
    ])
}

fn resolve_paths<R: Runtime>(
    app: &tauri::App<R>,
    options: &StartupOptions,
) -> Result<AppPaths, Box<dyn std::error::Error>> {
    let (data_dir, log_dir) = match &options.data_dir {
        Some(dir) => (dir.clone(), dir.join("logs")),
        None => (app.path().app_data_dir()?, app.path().app_log_dir()?),
    };
    Ok(AppPaths {
        database: data_dir.join("registry.db"),
        data_dir,
        log_dir,
    })
}

pub fn run() {
    context::mark_process_start();
    let options = StartupOptions::from_env_and_args();
    with_commands(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        // Links clicked in the window open in the system browser; the capability
        // allows only http(s) and mailto addresses. The plugin's own click handler
        // (a script injected into every page) stays off: the Markdown component
        // decides what is a link, and the guard keeps the window on the app.
        .plugin(
            tauri_plugin_opener::Builder::new()
                .open_js_links_on_click(false)
                .build(),
        )
        .plugin(navigation::guard())
        // Desktop notifications of scheduled health checks, sent from Rust only:
        // the window has no permission to raise them.
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let paths = resolve_paths(app, &options)?;
            let guard = logging::init(&paths.log_dir)?;
            tracing::info!(
                version = env!("CARGO_PKG_VERSION"),
                data_dir = %paths.data_dir.display(),
                log_dir = %paths.log_dir.display(),
                "starting Platform Builder"
            );
            let ctx = Arc::new(AppContext::start(paths, &options, guard));
            app.manage(ctx.clone());
            AppContext::provision_in_background(&ctx);
            health_checks::notify_on_desktop(app.handle(), &ctx);
            health_checks::start(&ctx);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Platform Builder could not start: {e}");
            std::process::exit(1);
        });
}
