//! The built-in OPENSTACK type against a real OpenStack Keystone (Debian's
//! `keystone`, started on 127.0.0.1 by pb-real-platforms), in the real window: the
//! platform and its instance come from a provisioning folder (the credential by a
//! `fromEnv` reference), the administrator runs "Test now" on the instance page and
//! the validation suite, and neither the admin password nor a fernet token is
//! written anywhere the app keeps files.

use std::time::{Duration, Instant};

use pb_e2e::thirtyfour::prelude::*;
use pb_e2e::{files_containing, text_of, App, Workspace, KEYRING_SERVICE};
use pb_real_platforms::keystone::Keystone;
use pb_secrets::{KeyringStore, SecretKey, SecretStore};

const PASSWORD_ENV: &str = "PB_E2E_KEYSTONE_PASSWORD";
const QUOTA_STEP: &str = "quota enforced vCPUs (cores)";
/// Fernet tokens are base64 of a version byte 0x80 and a timestamp: "gAAAA…".
const FERNET_PREFIX: &str = "gAAAA";

fn definitions(endpoint: &str) -> String {
    format!(
        "apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: keystone
spec:
  displayName: OpenStack (real Keystone)
  type: OPENSTACK
  location: loopback
  naming:
    template: \"{{prefix}}-{{purpose}}-{{suffix}}\"
    pattern: \"^[a-z][a-z0-9-]{{2,62}}$\"
    prefix: pbe2e
  roleMappings:
    - {{ projectRole: member, platformRole: member }}
    - {{ projectRole: reader, platformRole: reader }}
  quotas:
    - {{ key: cores, label: vCPUs, unit: cores, min: 0, max: 64, default: 8 }}
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: dev
  platform: keystone
spec:
  environment: dev
  endpoint: {endpoint}
  fieldValues:
    username: {user}
    domain_id: {domain}
    limits_service_type: identity
  credential:
    fromEnv: {PASSWORD_ENV}
",
        user = Keystone::ADMIN_USER,
        domain = Keystone::DOMAIN_ID,
    )
}

/// Waits (up to `limit`) for an element matching `css`; longer than the harness's
/// 20 s, for what a real server takes.
async fn wait_long(app: &App, css: &str, limit: Duration) -> WebElement {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(el) = app.driver().find(By::Css(css)).await {
            return el;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.screenshot("real-keystone-timeout").await;
    panic!("{css} not shown within {} s", limit.as_secs());
}

async fn attr(el: &WebElement, name: &str) -> String {
    el.attr(name).await.unwrap().unwrap_or_default()
}

/// A screenshot with `el` scrolled into view, once WebKit has painted the scrolled
/// page (taken at once, a just-opened stage detail was still blank).
async fn shot(app: &App, el: &WebElement, name: &str) {
    el.scroll_into_view().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot(name).await;
}

/// The window's size, as the screenshots are meant to show it.
async fn resize(app: &App, width: u32, height: u32) {
    app.driver()
        .set_window_rect(0, 0, width, height)
        .await
        .unwrap();
    // Let the layout settle (Mantine's breakpoints re-render on resize).
    tokio::time::sleep(Duration::from_millis(700)).await;
}

/// Drives the window; returns the instance's id.
async fn in_the_window(ws: &Workspace) -> String {
    let t0 = Instant::now();
    let app = App::start(ws).await;
    resize(&app, 1280, 800).await;
    eprintln!("app started in {:?}", t0.elapsed());
    // The folder is applied beside the window, in milliseconds for this one.
    let mut instance_id = None;
    for _ in 0..100 {
        instance_id = ws
            .db()
            .query_row(
                "SELECT i.id FROM instances i JOIN platforms p ON p.id = i.platform_id
                  WHERE p.identifier = 'keystone' AND i.name = 'dev'",
                [],
                |r| r.get::<_, String>(0),
            )
            .ok();
        if instance_id.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let instance_id = instance_id.expect("the folder's instance in SQLite");

    // The platform the folder defined, with its instance.
    app.click_css("[data-testid=platform-row][data-name=\"OpenStack (real Keystone)\"] td")
        .await;
    app.wait_testid("platform-detail").await;
    app.wait_css("[data-testid=instance-row][data-name=\"dev\"]")
        .await;
    // The instance page is opened from the registry (the platform's table has no link).
    app.click("nav-registry").await;
    app.click_css(&format!(
        "[data-testid=registry-row][data-instance-id=\"{instance_id}\"] td"
    ))
    .await;
    app.wait_testid("instance-page").await;

    // Test now: DNS, TCP, (no TLS on loopback), a real login, the probe.
    let t = Instant::now();
    app.click("instance-test-now").await;
    wait_long(
        &app,
        "[data-testid=test-now-result] [data-testid=connection-stages]",
        Duration::from_secs(60),
    )
    .await;
    eprintln!("connection test shown in {:?}", t.elapsed());
    let auth = app
        .wait_by(
            By::XPath("//*[@data-testid='connection-stage'][.//*[normalize-space(text())='AUTH']]"),
            "the AUTH stage",
        )
        .await;
    let auth_text = text_of(&auth).await;
    assert_eq!(attr(&auth, "data-status").await, "ok", "{auth_text}");
    assert!(auth_text.contains("logged in"), "{auth_text}");
    // AUTH's is the first stage with a detail (PROBE has the other).
    app.click_css("[data-testid=test-now-result] [data-testid=stage-detail-toggle]")
        .await;
    let detail = app
        .wait_css("[data-testid=test-now-result] [data-testid=stage-detail]")
        .await;
    let detail = text_of(&detail).await;
    let first = detail.lines().next().unwrap_or_default();
    assert!(first.starts_with("POST http://127.0.0.1:"), "{detail}");
    assert!(
        first.contains("/v3/auth/tokens") && first.contains("→ HTTP 201"),
        "{detail}"
    );
    assert!(
        detail
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("x-subject-token: *****")),
        "the token header is masked: {detail}"
    );
    assert!(!detail.contains(FERNET_PREFIX), "{detail}");
    shot(&app, &auth, "real-keystone-connection").await;

    // The whole suite on Keystone: a project, a user with each role, the limit.
    app.click("instance-validate").await;
    app.wait_testid("validation-drawer").await;
    let t = Instant::now();
    app.click("validation-run").await;
    let status = wait_long(
        &app,
        "[data-testid=validation-status][data-status]",
        Duration::from_secs(120),
    )
    .await;
    eprintln!("validation finished in {:?}", t.elapsed());
    let steps = app
        .driver()
        .find_all(By::Css("[data-testid=validation-step]"))
        .await
        .unwrap();
    let mut table = String::new();
    for s in &steps {
        table += &format!(
            "{:>8} {}\n",
            attr(s, "data-status").await,
            attr(s, "data-name").await
        );
    }
    eprintln!("{table}");
    assert_eq!(attr(&status, "data-status").await, "passed", "{table}");
    let quota = app
        .wait_css(&format!(
            "[data-testid=validation-step][data-name=\"{QUOTA_STEP}\"]"
        ))
        .await;
    assert_eq!(attr(&quota, "data-status").await, "skipped", "{table}");
    let message = text_of(&quota).await;
    assert!(
        message.contains("not supported by this connector"),
        "{message}"
    );
    shot(&app, &status, "real-keystone-validation").await;
    resize(&app, 1024, 768).await;
    shot(&app, &status, "real-keystone-validation-1024").await;
    shot(&app, &quota, "real-keystone-validation-1024-quota-step").await;
    app.stop().await;
    instance_id
}

#[test]
fn openstack_is_validated_against_a_real_keystone_in_the_window() {
    let t0 = Instant::now();
    let keystone = Keystone::start().expect("a real Keystone (.ci/install-deps.sh --test)");
    eprintln!("Keystone on {} in {:?}", keystone.base_url(), t0.elapsed());

    let ws = Workspace::new("real-keystone");
    let folder = ws.dir.path().join("provisioning");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("keystone.yaml"),
        definitions(&keystone.base_url()),
    )
    .unwrap();
    // tauri-driver, and with it the app, inherits this process's environment. Set
    // before any runtime thread exists; this binary has no other test.
    std::env::set_var(PASSWORD_ENV, Keystone::ADMIN_PASSWORD);
    std::env::set_var("PB_PROVISIONING_DIR", &folder);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let instance_id = runtime.block_on(in_the_window(&ws));

    let run: (String, String) = ws
        .db()
        .query_row(
            "SELECT status, summary FROM test_runs WHERE instance_id = ?1 AND kind = 'validation'",
            [&instance_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the run is in the history");
    assert_eq!(run.0, "passed", "{}", run.1);
    // The SQLite file (and WAL), the logs, the IPC audit, the provisioning folder
    // and the drivers' logs: no password, no token (Keystone issued several: the
    // auth stage's 201 above and every step of the run).
    let audit = std::fs::read_to_string(ws.audit_file()).expect("IPC audit written");
    // The replies held the token's header, masked (so the search below means something).
    assert!(audit.contains("\"command\":\"test_connection\"") && audit.contains("*****"));
    for needle in [Keystone::ADMIN_PASSWORD, FERNET_PREFIX] {
        let leaks = files_containing(ws.dir.path(), needle);
        assert!(leaks.is_empty(), "{needle} leaked into {leaks:?}");
    }
    if let Some(session) = std::env::var_os("PB_SESSION_ROOT") {
        let leaks = files_containing(std::path::Path::new(&session), Keystone::ADMIN_PASSWORD);
        assert!(leaks.is_empty(), "the password leaked into {leaks:?}");
    }
    // The folder's `fromEnv` reference put it in the keyring, and only there.
    let key = SecretKey::new(
        KEYRING_SERVICE,
        format!("instance/{instance_id}/credential"),
    );
    let keyring = KeyringStore::new(KEYRING_SERVICE, Duration::from_secs(10));
    let stored = keyring.get(&key).unwrap().map(|s| s.expose().clone());
    assert_eq!(stored.as_deref(), Some(Keystone::ADMIN_PASSWORD));
    keyring.delete(&key).unwrap();
    eprintln!("whole test in {:?}", t0.elapsed());
}
