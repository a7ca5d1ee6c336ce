//! Regenerates the README screenshots from the real window: starts the app under the
//! current X display (run it through `.ci/session.sh`), enters demo data through the
//! UI like an administrator would, and captures the screen with ImageMagick's
//! `import -window root` at each main screen. Output: docs/screenshots/*.png.

use std::process::Command;

use pb_e2e::{workspace_root, App, Workspace};

async fn capture(app: &App, name: &str) {
    // Let transitions, data loads and success notifications (3 s) settle first.
    tokio::time::sleep(std::time::Duration::from_millis(3500)).await;
    let _ = app;
    let out = workspace_root().join(format!("docs/screenshots/{name}.png"));
    let status = Command::new("import")
        .args(["-window", "root", "-crop", "1200x780+0+0", "+repage"])
        .arg(&out)
        .status()
        .expect("run ImageMagick import");
    assert!(status.success(), "import failed for {name}");
    println!("wrote {}", out.display());
}

async fn new_platform(app: &App, name: &str, type_id: &str, location: &str, tags: &[(&str, &str)]) {
    app.click("nav-platforms").await;
    app.click("new-platform-button").await;
    app.fill("platform-name", name).await;
    app.fill(
        "platform-description",
        "Shared service run by the platform team for application teams.",
    )
    .await;
    app.select("platform-type", type_id).await;
    app.fill("platform-location", location).await;
    app.fill("platform-support-url", "mailto:platform-team@example.com")
        .await;
    app.fill("platform-docs-url", "https://docs.example.com/platforms")
        .await;
    for (i, (k, v)) in tags.iter().enumerate() {
        app.click("tag-add").await;
        app.fill(&format!("tag-key-{i}"), k).await;
        app.fill(&format!("tag-value-{i}"), v).await;
    }
    app.click("platform-save").await;
    app.wait_gone("[data-testid=platform-name]").await;
}

async fn new_instance(app: &App, name: &str, env: &str, endpoint: &str, secret: Option<&str>) {
    app.click("new-instance-button").await;
    app.fill("instance-name", name).await;
    app.fill("instance-environment", env).await;
    // The endpoint is prefilled with the type's default; replace it.
    app.clear("instance-endpoint").await;
    app.fill("instance-endpoint", endpoint).await;
    app.click("instance-save").await;
    app.wait_gone("[data-testid=instance-name]").await;
    if let Some(secret) = secret {
        let row = format!("[data-testid=instance-row][data-name=\"{name}\"]");
        app.click_css(&format!("{row} [data-testid=credential-set]"))
            .await;
        app.fill("credential-secret", secret).await;
        app.click("credential-save").await;
        app.wait_gone("[data-testid=credential-secret]").await;
    }
}

#[tokio::main]
async fn main() {
    std::fs::create_dir_all(workspace_root().join("docs/screenshots")).unwrap();
    let ws = Workspace::new("screenshots");
    let app = App::start(&ws).await;
    capture(&app, "first-run").await;

    app.click("nav-types").await;
    app.click("new-type-button").await;
    app.fill("type-identifier", "KAFKA").await;
    app.fill("type-display-name", "Kafka event streaming").await;
    app.fill(
        "type-description",
        "Self-service Kafka clusters; tenants are topics prefixes with ACLs.",
    )
    .await;
    app.select("type-icon", "message").await;
    app.fill("type-default-endpoint", "https://kafka-admin.example.com")
        .await;
    capture(&app, "new-platform-type").await;
    app.click("type-save").await;
    app.wait_gone("[data-testid=type-identifier]").await;
    capture(&app, "platform-types").await;

    new_platform(
        &app,
        "Event streaming",
        "KAFKA",
        "eu-west",
        &[("team", "streaming"), ("cost-center", "4711")],
    )
    .await;
    new_platform(
        &app,
        "Team namespaces",
        "KUBERNETES",
        "eu-central",
        &[("team", "k8s")],
    )
    .await;
    new_platform(&app, "Customer identity", "SCIM2", "global", &[]).await;
    capture(&app, "platforms").await;

    app.click_css("[data-testid=platform-row][data-name=\"Event streaming\"] td")
        .await;
    new_instance(
        &app,
        "dev",
        "dev",
        "https://kafka-dev.example.com",
        Some("demo-dev-token"),
    )
    .await;
    new_instance(
        &app,
        "staging",
        "staging",
        "https://kafka-stg.example.com",
        None,
    )
    .await;
    new_instance(
        &app,
        "prod",
        "prod",
        "https://kafka.example.com",
        Some("demo-prod-token"),
    )
    .await;
    capture(&app, "platform-detail").await;

    // A validation run against the sample platform (127.0.0.1).
    let sample =
        pb_sample_platform::SamplePlatform::start(pb_sample_platform::AuthConfig::demo(), 0)
            .await
            .expect("sample platform");
    // The detail page stays open under the Platforms tab; go back to the list.
    app.click("back-to-platforms").await;
    new_platform(&app, "Sample REST platform", "GENERIC-REST", "lab", &[]).await;
    app.click_css("[data-testid=platform-row][data-name=\"Sample REST platform\"] td")
        .await;
    new_instance(&app, "dev", "dev", &sample.base_url(), Some("demo-api-key")).await;
    app.click_css("[data-testid=instance-row][data-name=\"dev\"] [data-testid=instance-validate]")
        .await;
    app.click("validation-run").await;
    app.wait_css("[data-testid=validation-status][data-status]")
        .await;
    capture(&app, "validation").await;
    app.driver()
        .action_chain()
        .send_keys(thirtyfour::Key::Escape)
        .perform()
        .await
        .ok();

    app.click("nav-settings").await;
    app.wait_testid("settings-keyring-status").await;
    capture(&app, "settings").await;
    app.stop().await;

    // The demo credentials are test data; do not leave them in the keyring.
    let secrets =
        pb_secrets::KeyringStore::new(pb_e2e::KEYRING_SERVICE, std::time::Duration::from_secs(10));
    let db = ws.db();
    let mut stmt = db.prepare("SELECT id FROM instances").unwrap();
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in ids {
        use pb_secrets::SecretStore;
        let _ = secrets.delete(&pb_secrets::SecretKey::new(
            pb_e2e::KEYRING_SERVICE,
            format!("instance/{id}/credential"),
        ));
    }
}
