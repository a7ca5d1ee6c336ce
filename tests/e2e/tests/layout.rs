//! Every main screen outside the wizard fits the window at 1024×768 and 1280×800
//! (see `pb_e2e::layout`): first run, platforms, platform types and the new-type
//! form, a platform with several instances, its documentation, an instance with a
//! validated history, the validation drawer, the registry and settings. The data is
//! made long on purpose (names, endpoints, environments, locations), the way real
//! registries look. The wizard's steps are measured in tests/wizard.rs.

use std::time::Duration;

use pb_e2e::keyboard::press;
use pb_e2e::layout::FitReport;
use pb_e2e::thirtyfour::Key;
use pb_e2e::{App, Workspace, KEYRING_SERVICE};
use pb_registry::{InstanceInput, PlatformInput, Registry, Tag};
use pb_sample_platform::{AuthConfig, SamplePlatform};
use pb_secrets::{KeyringStore, Sensitive};

fn keyring() -> KeyringStore {
    KeyringStore::new(KEYRING_SERVICE, Duration::from_secs(10))
}

fn tags(pairs: &[(&str, &str)]) -> Vec<Tag> {
    pairs
        .iter()
        .map(|(k, v)| Tag {
            key: (*k).into(),
            value: (*v).into(),
        })
        .collect()
}

fn instance(name: &str, environment: &str, endpoint: &str) -> InstanceInput {
    InstanceInput {
        name: name.into(),
        environment: environment.into(),
        endpoint: endpoint.into(),
        ..Default::default()
    }
}

/// Platforms and instances as a registry of a real organisation holds them; returns
/// the ids of the instances whose credential was stored.
fn seed(ws: &Workspace, sample_url: &str) -> Vec<String> {
    let reg = Registry::open(&ws.database()).unwrap();
    let secrets = keyring();
    let mut with_credential = Vec::new();
    let streaming = reg
        .create_platform(&PlatformInput {
            name: "Event streaming for order processing and fulfilment".into(),
            description: "Shared Kafka-compatible streams run by the platform team.".into(),
            type_id: "GENERIC-REST".into(),
            location: "eu-central-1 (Frankfurt, primary datacenter)".into(),
            support_url: Some("mailto:platform-team@example.com".into()),
            docs_url: Some("https://docs.example.com/platforms/event-streaming".into()),
            tags: tags(&[("team", "streaming"), ("cost-center", "4711-platform-ops")]),
            ..Default::default()
        })
        .unwrap();
    let sample = reg
        .create_instance(&streaming.id, &instance("sample-dev", "dev", sample_url))
        .unwrap();
    reg.set_credential(
        &secrets,
        KEYRING_SERVICE,
        &sample.id,
        &Sensitive::new("demo-api-key".to_owned()),
    )
    .unwrap();
    with_credential.push(sample.id);
    for (name, env, endpoint) in [
        (
            "staging-eu-central",
            "staging",
            "https://streaming-admin.staging.eu-central-1.internal.example-corp.com:8443/api/v2",
        ),
        (
            "production-eu-central-primary",
            "production-eu-central",
            "https://streaming-admin.prod.eu-central-1.internal.example-corp.com:8443/api/v2",
        ),
    ] {
        reg.create_instance(&streaming.id, &instance(name, env, endpoint))
            .unwrap();
    }
    let identity = reg
        .create_platform(&PlatformInput {
            name: "Customer identity".into(),
            type_id: "SCIM2".into(),
            location: "global".into(),
            tags: tags(&[("team", "identity")]),
            ..Default::default()
        })
        .unwrap();
    reg.create_instance(
        &identity.id,
        &instance(
            "prod",
            "prod",
            "https://identity.example.com/scim/v2/tenants/default",
        ),
    )
    .unwrap();
    reg.create_platform(&PlatformInput {
        name: "Team namespaces".into(),
        type_id: "KUBERNETES".into(),
        location: "eu-west".into(),
        ..Default::default()
    })
    .unwrap();
    with_credential
}

#[tokio::test(flavor = "multi_thread")]
async fn every_main_screen_fits_at_1024_and_1280() {
    let mut report = FitReport::default();

    // First run: nothing registered yet.
    let empty = Workspace::new("layout-first-run");
    let app = App::start(&empty).await;
    report.screen(&app, "layout-first-run").await;
    app.stop().await;

    let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let ws = Workspace::new("layout");
    let stored = seed(&ws, &sample.base_url());
    let app = App::start(&ws).await;
    app.wait_css("[data-testid=platform-row]").await;
    report.screen(&app, "layout-platforms").await;

    app.click("nav-types").await;
    app.wait_css("[data-testid=type-card]").await;
    report.screen(&app, "layout-types").await;
    app.click("new-type-button").await;
    app.wait_testid("type-identifier").await;
    report.screen(&app, "layout-new-type").await;
    press(&app, Key::Escape).await;
    app.wait_gone("[data-testid=type-identifier]").await;

    // A platform with three instances; one validated against the sample platform.
    app.click("nav-platforms").await;
    app.click_css("[data-testid=platform-row][data-name^=\"Event streaming\"] td")
        .await;
    app.wait_testid("platform-detail").await;
    app.wait_css("[data-testid=instance-row][data-name=\"sample-dev\"]")
        .await;
    app.click_css(
        "[data-testid=instance-row][data-name=\"sample-dev\"] [data-testid=instance-validate]",
    )
    .await;
    app.wait_testid("validation-drawer").await;
    app.click("validation-run").await;
    let status = app
        .wait_css("[data-testid=validation-status][data-status]")
        .await;
    assert_eq!(
        status.attr("data-status").await.unwrap().as_deref(),
        Some("passed")
    );
    report.screen(&app, "layout-validation-drawer").await;
    press(&app, Key::Escape).await;
    app.wait_gone("[data-testid=validation-drawer]").await;
    report.screen(&app, "layout-platform-detail").await;

    app.click_button("Documentation").await;
    app.wait_testid("platform-docs").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    report.screen(&app, "layout-docs").await;
    // After a resize the focus may have left the dialog, so Escape goes nowhere.
    app.click_css(".mantine-Modal-close").await;
    app.wait_gone(".mantine-Modal-close").await;

    app.click("nav-registry").await;
    app.wait_css("[data-testid=registry-row]").await;
    report.screen(&app, "layout-registry").await;

    // The validated instance's own page, with its history.
    app.click_by(
        pb_e2e::thirtyfour::By::XPath(
            "//*[@data-testid='registry-instance-name'][normalize-space(.)='sample-dev']",
        ),
        "row sample-dev",
    )
    .await;
    app.wait_text("History").await;
    report.screen(&app, "layout-instance").await;

    app.click("nav-settings").await;
    app.wait_testid("settings-keyring-status").await;
    report.screen(&app, "layout-settings").await;

    app.click("nav-establish").await;
    app.wait_text("Try with a sandbox platform").await;
    report.screen(&app, "layout-wizard-start").await;
    app.stop().await;

    use pb_secrets::SecretStore;
    for id in stored {
        let _ = keyring().delete(&pb_registry::ops::credential_key(KEYRING_SERVICE, &id));
    }
    report.assert_fits();
}
