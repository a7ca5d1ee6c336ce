//! An exec connector from someone else's definition file in the real window
//! (issue 13): the provisioning folder brings a type whose connector runs a local
//! program. The platform page marks it "Runs a local program", with its command
//! and SHA-256, as not trusted; Test now refuses to start it (its marker file is
//! not created) and offers to trust it; once trusted in the prompt, Test now runs
//! it. Screenshots at 1024×768: target/e2e-screens/exec-trust-*.png.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use pb_e2e::thirtyfour::prelude::*;
use pb_e2e::{text_of, App, Workspace};

async fn attr(el: &WebElement, name: &str) -> String {
    el.attr(name).await.unwrap().unwrap_or_default()
}

async fn shot(app: &App, el: &WebElement, name: &str) {
    el.scroll_into_view().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot(name).await;
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_imported_exec_connector_runs_only_after_the_administrator_trusts_it() {
    let ws = Workspace::new("exec-trust");
    let program = ws.dir.path().join("their-cli");
    let marker = ws.dir.path().join("the-program-ran");
    std::fs::write(
        &program,
        format!(
            "#!/bin/sh\ncat >/dev/null\ntouch '{}'\necho '{{\"ok\": true, \"outputs\": {{\"identity\": \"their-cli\"}}}}'\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let folder = ws.dir.path().join("provisioning");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("shared.yaml"),
        format!(
            "apiVersion: platformbuilder.dev/v1
kind: PlatformType
metadata:
  name: FROM-A-COLLEAGUE
spec:
  displayName: From a colleague
  icon: server
  connector:
    apiVersion: platformbuilder.dev/connector/v1
    kind: exec
    command: ['{}', '--json']
    operations: [check]
---
apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: shared-tools
spec:
  displayName: Shared tools
  type: FROM-A-COLLEAGUE
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: dev
  platform: shared-tools
spec:
  environment: dev
  endpoint: https://tools.example.com
",
            program.display()
        ),
    )
    .unwrap();
    {
        let reg = pb_registry::Registry::open(&ws.database()).unwrap();
        reg.set_provisioning_setting(&pb_registry::definitions::ProvisioningSetting {
            folder: folder.display().to_string(),
            prune: false,
        })
        .unwrap();
    }
    let app = App::start(&ws).await;
    app.driver().set_window_rect(0, 0, 1024, 768).await.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;

    // The platform page says what runs, and that it is not trusted.
    app.click_css("[data-testid=platform-row][data-name=\"Shared tools\"] td")
        .await;
    app.wait_testid("platform-detail").await;
    let panel = app.wait_testid("exec-trust-panel").await;
    let status = app.wait_testid("exec-trust-status").await;
    assert!(
        text_of(&status).await.contains("Not trusted"),
        "{}",
        text_of(&status).await
    );
    let command = text_of(&app.wait_testid("exec-trust-command").await).await;
    assert!(command.contains("their-cli"), "{command}");
    let sha = text_of(&app.wait_testid("exec-trust-sha256").await).await;
    assert!(
        sha.chars().filter(|c| c.is_ascii_hexdigit()).count() >= 64,
        "{sha}"
    );
    shot(&app, &panel, "exec-trust-untrusted-1024").await;

    // Test now refuses to start it, and offers the prompt.
    let instance_id: String = ws
        .db()
        .query_row(
            "SELECT i.id FROM instances i JOIN platforms p ON p.id = i.platform_id WHERE p.identifier = 'shared-tools'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    app.click("nav-registry").await;
    app.click_css(&format!(
        "[data-testid=registry-row][data-instance-id=\"{instance_id}\"] td"
    ))
    .await;
    app.wait_testid("instance-page").await;
    app.click("instance-test-now").await;
    let hint = app.wait_testid("exec-not-trusted-hint").await;
    assert!(!marker.exists(), "an untrusted program ran");
    shot(&app, &hint, "exec-trust-refused-1024").await;

    app.click("exec-not-trusted-open").await;
    let modal = app.wait_testid("exec-trust-modal").await;
    let shown = text_of(&modal).await;
    assert!(shown.contains("their-cli"), "{shown}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("exec-trust-prompt-1024").await;
    app.click("exec-trust-confirm").await;
    app.wait_gone("[data-testid=exec-trust-modal]").await;
    let trusted: i64 = ws
        .db()
        .query_row(
            "SELECT count(*) FROM exec_trust WHERE platform_type = 'FROM-A-COLLEAGUE'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(trusted, 1);

    // Now it runs.
    app.click("instance-test-now").await;
    wait_for("the trusted program ran", || marker.exists()).await;
    let probe = app
        .wait_by(
            By::XPath("//*[@data-testid='connection-stage'][.//*[normalize-space(text())='PROBE']][@data-status='ok']"),
            "the PROBE stage passing",
        )
        .await;
    shot(&app, &probe, "exec-trust-trusted-test-1024").await;
    assert_eq!(attr(&probe, "data-status").await, "ok");
    app.stop().await;
}
