//! Definitions as code in the real window: a provisioning folder chosen in Settings
//! is applied at start; its platform is shown as managed by file with Edit and
//! Delete disabled; its documentation is previewed; Settings shows the report.

use pb_e2e::thirtyfour::prelude::*;
use pb_e2e::{App, Workspace};

const DEFINITIONS: &str = "apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: billing
  version: 1
spec:
  displayName: Billing
  type: GENERIC-REST
  location: eu-west
  accessInfo: Request a tenant in **#billing**.
  naming:
    template: \"{prefix}-{purpose}-{suffix}\"
    pattern: \"^[a-z][a-z0-9-]{2,62}$\"
    prefix: bil
---
apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: prod
  platform: billing
spec:
  environment: prod
  endpoint: https://billing.example.com
";

#[tokio::test(flavor = "multi_thread")]
async fn a_provisioning_folder_is_applied_at_start_and_shown_read_only() {
    let ws = Workspace::new("definitions");
    let folder = ws.dir.path().join("provisioning");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("billing.yaml"), DEFINITIONS).unwrap();
    {
        // Chosen in Settings before this start, as an administrator would have.
        let reg = pb_registry::Registry::open(&ws.database()).unwrap();
        reg.set_provisioning_setting(&pb_registry::definitions::ProvisioningSetting {
            folder: folder.display().to_string(),
            prune: false,
        })
        .unwrap();
    }
    let app = App::start(&ws).await;

    app.click_css("[data-testid=platform-row][data-name=\"Billing\"] td")
        .await;
    app.wait_testid("platform-detail").await;
    app.wait_text("Managed by file").await;
    for button in ["platform-edit", "platform-delete"] {
        let el = app.wait_testid(button).await;
        assert!(!el.is_enabled().await.unwrap(), "{button} must be disabled");
    }
    app.screenshot("definitions-managed-platform").await;

    app.click_button("Documentation").await;
    app.wait_testid("platform-docs").await;
    app.wait_text("Instances and endpoints").await;
    app.wait_text("Requesting a tenant").await;
    // Let the dialog's opening transition finish before the picture.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    app.screenshot("definitions-docs-preview").await;
    app.driver()
        .action_chain()
        .send_keys(Key::Escape)
        .perform()
        .await
        .unwrap();

    app.click("nav-settings").await;
    app.wait_testid("settings-provisioning").await;
    let created = app.wait_testid("provisioning-count-create").await;
    created.scroll_into_view().await.unwrap();
    // The badge's label is styled text WebKitWebDriver reports as empty; read the DOM.
    let text = created
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(text, "2 created");
    let changes = app.wait_testid("provisioning-changes").await;
    let changes = changes
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(
        changes.contains("Instance billing/prod: created"),
        "{changes}"
    );
    app.screenshot("definitions-settings").await;

    let managed: String = ws
        .db()
        .query_row(
            "SELECT managed_by FROM platforms WHERE identifier = 'billing'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(managed, folder.display().to_string());
    app.stop().await;
}
