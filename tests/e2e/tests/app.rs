//! The real app window, driven as an administrator would use it.

use std::time::Duration;

use pb_e2e::{files_containing, App, Workspace, KEYRING_SERVICE};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::{KeyringStore, SecretKey, SecretStore};

fn keyring() -> KeyringStore {
    KeyringStore::new(KEYRING_SERVICE, Duration::from_secs(10))
}

fn credential_key(instance_id: &str) -> SecretKey {
    SecretKey::new(
        KEYRING_SERVICE,
        format!("instance/{instance_id}/credential"),
    )
}

fn custom_type_count(ws: &Workspace) -> i64 {
    ws.db()
        .query_row(
            "SELECT count(*) FROM platform_types WHERE builtin = 0",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

async fn create_custom_type(app: &App, identifier: &str, name: &str) {
    app.click("nav-types").await;
    app.click("new-type-button").await;
    app.fill("type-identifier", identifier).await;
    app.fill("type-display-name", name).await;
    app.select("type-icon", "message").await;
    app.fill("type-default-endpoint", "https://kafka.example.com")
        .await;
    app.click("type-save").await;
}

/// Saves a form whose modal closes on success, and waits until it has gone, so the
/// next click does not land on its fading overlay.
async fn save_and_close(app: &App, save: &str, input: &str) {
    app.click(save).await;
    app.wait_gone(&format!("[data-testid={input}]")).await;
}

/// Creates a platform with one instance through the UI; returns the instance id.
async fn create_platform_with_instance(
    app: &App,
    ws: &Workspace,
    platform: &str,
    endpoint: &str,
) -> String {
    app.click("nav-platforms").await;
    app.click("new-platform-button").await;
    app.fill("platform-name", platform).await;
    app.select("platform-type", "GENERIC-REST").await;
    app.fill("platform-location", "eu-west").await;
    app.click("tag-add").await;
    app.fill("tag-key-0", "team").await;
    app.fill("tag-value-0", "e2e").await;
    save_and_close(app, "platform-save", "platform-name").await;
    // WebKitWebDriver refuses clicks on a <tr> itself; click its first cell.
    app.click_css(&format!(
        "[data-testid=platform-row][data-name=\"{platform}\"] td"
    ))
    .await;
    app.wait_testid("platform-detail").await;

    app.click("new-instance-button").await;
    app.fill("instance-name", "prod").await;
    app.fill("instance-environment", "prod").await;
    app.fill("instance-endpoint", endpoint).await;
    save_and_close(app, "instance-save", "instance-name").await;
    app.wait_css("[data-testid=instance-row][data-name=\"prod\"]")
        .await;
    ws.db()
        .query_row(
            "SELECT i.id FROM instances i JOIN platforms p ON p.id = i.platform_id
              WHERE p.name = ?1 AND i.name = 'prod'",
            [platform],
            |r| r.get(0),
        )
        .expect("instance row in SQLite")
}

async fn store_credential(app: &App, secret: &str) {
    let row = "[data-testid=instance-row][data-name=\"prod\"]";
    app.click_css(&format!("{row} [data-testid=credential-set]"))
        .await;
    app.fill("credential-secret", secret).await;
    save_and_close(app, "credential-save", "credential-secret").await;
    let status = app
        .wait_css(&format!("{row} [data-testid=credential-status]"))
        .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while pb_e2e::text_of(&status).await != "Configured" {
        assert!(
            std::time::Instant::now() < deadline,
            "credential never shown as configured"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn custom_platform_type_survives_a_restart() {
    let ws = Workspace::new("type-restart");
    let app = App::start(&ws).await;
    create_custom_type(&app, "KAFKA-E2E", "Kafka (e2e)").await;
    app.wait_gone("[data-testid=type-identifier]").await;
    app.wait_css("[data-testid=type-card][data-identifier=\"KAFKA-E2E\"]")
        .await;
    app.screenshot("platform-types").await;
    app.stop().await;

    let app = App::start(&ws).await;
    app.click("nav-types").await;
    let card = app
        .wait_css("[data-testid=type-card][data-identifier=\"KAFKA-E2E\"]")
        .await;
    assert!(pb_e2e::text_of(&card).await.contains("Kafka (e2e)"));
    // The built-in catalogue is there too.
    app.wait_css("[data-testid=type-card][data-identifier=\"KUBERNETES\"]")
        .await;
    app.stop().await;
    assert_eq!(custom_type_count(&ws), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_and_duplicate_identifiers_show_field_errors_and_save_nothing() {
    let ws = Workspace::new("type-errors");
    let app = App::start(&ws).await;

    create_custom_type(&app, "bad id!", "Broken").await;
    let error = app.text("type-identifier-error").await;
    assert!(
        error.contains("capital letters") || error.contains("A-Z"),
        "identifier error: {error}"
    );
    // The form is still open with what was typed.
    let typed = app
        .wait_testid("type-identifier")
        .await
        .value()
        .await
        .unwrap();
    assert_eq!(
        typed.as_deref().map(str::to_uppercase).as_deref(),
        Some("BAD ID!")
    );
    assert_eq!(custom_type_count(&ws), 0);
    // The form was edited, so closing asks before discarding the input.
    app.discard_form("type-identifier").await;

    create_custom_type(&app, "KAFKA", "Kafka").await;
    app.wait_gone("[data-testid=type-identifier]").await;
    app.wait_css("[data-testid=type-card][data-identifier=\"KAFKA\"]")
        .await;
    create_custom_type(&app, "KAFKA", "Kafka again").await;
    let error = app.text("type-identifier-error").await;
    assert!(error.contains("already exists"), "duplicate error: {error}");

    // Clashing with a built-in is refused the same way.
    // The form was edited, so closing asks before discarding the input.
    app.discard_form("type-identifier").await;
    create_custom_type(&app, "AWS", "Not AWS").await;
    let error = app.text("type-identifier-error").await;
    assert!(error.contains("built-in"), "built-in clash error: {error}");
    app.stop().await;

    assert_eq!(custom_type_count(&ws), 1, "only the first KAFKA is saved");
    let name: String = ws
        .db()
        .query_row(
            "SELECT display_name FROM platform_types WHERE identifier = 'KAFKA'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "Kafka");
}

#[tokio::test(flavor = "multi_thread")]
async fn credential_canary_is_only_in_the_keyring() {
    let ws = Workspace::new("canary");
    let canary = format!("canary-{}", uuid::Uuid::new_v4().simple());
    let app = App::start(&ws).await;
    let instance_id =
        create_platform_with_instance(&app, &ws, "Canary platform", "https://api.example.com")
            .await;
    store_credential(&app, &canary).await;
    app.screenshot("platform-detail").await;

    // The keyring has it, written by the app process.
    let stored = keyring().get(&credential_key(&instance_id)).unwrap();
    assert_eq!(
        stored.as_ref().map(|s| s.expose().as_str()),
        Some(canary.as_str())
    );

    // Settings reports the keyring the app uses as available.
    app.click("nav-settings").await;
    assert_eq!(app.text("settings-keyring-status").await, "Available");
    app.screenshot("settings").await;
    app.stop().await;

    // Nowhere else: not in the SQLite file (or its WAL), the logs, the IPC replies
    // the app sent, nor anything WebKit wrote for the session.
    assert!(ws.database().exists());
    let audit = std::fs::read_to_string(ws.audit_file()).expect("IPC audit written");
    assert!(audit.contains("\"command\":\"set_instance_credential\""));
    assert!(audit.contains("\"configured\":true"));
    let logs = files_containing(&ws.log_dir(), "set_instance_credential");
    assert!(
        !logs.is_empty(),
        "the command was logged (so the grep is meaningful)"
    );
    let leaks = files_containing(ws.dir.path(), &canary);
    assert!(leaks.is_empty(), "canary leaked into {leaks:?}");
    if let Some(session) = std::env::var_os("PB_SESSION_ROOT") {
        let leaks = files_containing(std::path::Path::new(&session), &canary);
        assert!(leaks.is_empty(), "canary leaked into {leaks:?}");
    }

    keyring().delete(&credential_key(&instance_id)).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_an_instance_removes_its_keyring_entry() {
    let ws = Workspace::new("delete-instance");
    let app = App::start(&ws).await;
    let instance_id =
        create_platform_with_instance(&app, &ws, "Short-lived platform", "https://api.example.com")
            .await;
    store_credential(&app, "to-be-deleted").await;
    assert!(keyring()
        .get(&credential_key(&instance_id))
        .unwrap()
        .is_some());

    app.click_css("[data-testid=instance-row][data-name=\"prod\"] [data-testid=instance-delete]")
        .await;
    app.click_until_gone("confirm-delete").await;
    app.wait_gone("[data-testid=instance-row][data-name=\"prod\"]")
        .await;
    app.stop().await;

    assert!(keyring()
        .get(&credential_key(&instance_id))
        .unwrap()
        .is_none());
    let left: i64 = ws
        .db()
        .query_row("SELECT count(*) FROM instances", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

/// The validation suite from the instance's drawer, against the sample platform on
/// 127.0.0.1: every step passes, the run is stored as history in SQLite, and the
/// instance shows it as its status.
#[tokio::test(flavor = "multi_thread")]
async fn validation_suite_runs_from_the_window_against_the_sample_platform() {
    let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let ws = Workspace::new("validation");
    let app = App::start(&ws).await;
    let instance_id =
        create_platform_with_instance(&app, &ws, "Sample platform", &sample.base_url()).await;
    store_credential(&app, "demo-api-key").await;

    app.click_css("[data-testid=instance-row][data-name=\"prod\"] [data-testid=instance-validate]")
        .await;
    app.wait_testid("validation-drawer").await;
    app.click("validation-run").await;
    let status = app
        .wait_css("[data-testid=validation-status][data-status]")
        .await;
    assert_eq!(
        status.attr("data-status").await.unwrap().as_deref(),
        Some("passed"),
        "{}",
        pb_e2e::text_of(&status).await
    );
    app.screenshot("validation").await;
    let steps = app
        .driver()
        .find_all(thirtyfour::By::Css("[data-testid=step-name]"))
        .await
        .unwrap();
    assert!(steps.len() >= 6, "the timeline shows the steps");

    let stored: (String, String) = ws
        .db()
        .query_row(
            "SELECT status, summary FROM test_runs WHERE instance_id = ?1 AND kind = 'validation'",
            [&instance_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the run is in the history");
    assert_eq!(stored.0, "passed", "{}", stored.1);
    // The sample platform holds no validation tenant any more.
    assert!(sample.shared.store.lock().await.tenants.is_empty());
    app.stop().await;
    keyring().delete(&credential_key(&instance_id)).unwrap();
}
