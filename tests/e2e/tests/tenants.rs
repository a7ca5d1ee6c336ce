//! The instance page's Tenants tab in the real window, against the sample platform
//! on 127.0.0.1 and the real keyring: 150 tenants listed over two pages, the
//! validation leftovers marked, "Remove leftovers" naming each before deleting
//! exactly those (a tenant named almost like one stays); and a failed validation
//! run that shows expected against actual above its requests. Each screen is
//! measured at 1024×768 and 1280×800.

use std::collections::BTreeMap;

use pb_e2e::layout::FitReport;
use pb_e2e::thirtyfour::By;
use pb_e2e::{text_of, App, Workspace};
use pb_registry::{PlatformInput, Registry};
use pb_sample_platform::{AuthConfig, Fault, FaultKind, SamplePlatform};

const LEFTOVERS: [&str; 2] = ["pb-validation-k3x9q2", "pb-validation-zz01ab"];
const NEAR_MISS: &str = "pb-validation-k3x9q";

/// A Generic REST platform with one instance on the sample platform; its id.
fn seed(ws: &Workspace, url: &str) -> String {
    let reg = Registry::open(&ws.database()).unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Order events".into(),
            type_id: "GENERIC-REST".into(),
            location: "eu-central-1".into(),
            ..Default::default()
        })
        .unwrap();
    pb_e2e::seed::sample_instance(&reg, &platform.id, url)
}

async fn names_on(sample: &SamplePlatform) -> Vec<String> {
    let store = sample.shared.store.lock().await;
    store.tenants.values().map(|t| t.name.clone()).collect()
}

async fn open_instance(app: &App) {
    app.click("nav-registry").await;
    app.click_by(
        By::XPath("//*[@data-testid='registry-instance-name'][normalize-space(.)='sample-dev']"),
        "row sample-dev",
    )
    .await;
    app.wait_testid("instance-page").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn leftovers_are_listed_marked_and_removed_in_the_window() {
    let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    {
        let mut store = sample.shared.store.lock().await;
        for i in 0..147 {
            let name = format!("orders-team-{i:03}");
            store.create_tenant(&name, "", BTreeMap::new()).unwrap();
        }
        for name in LEFTOVERS.iter().chain([&NEAR_MISS]) {
            store.create_tenant(name, "", BTreeMap::new()).unwrap();
        }
    }
    let ws = Workspace::new("tenants");
    let instance_id = seed(&ws, &sample.base_url());
    let app = App::start(&ws).await;
    let mut report = FitReport::default();
    open_instance(&app).await;

    app.click("instance-tab-tenants").await;
    let summary = app.wait_testid("tenants-summary").await;
    assert_eq!(
        text_of(&summary).await,
        "150 tenants in 2 pages, 2 validation leftovers"
    );
    let marked = app
        .driver()
        .find_all(By::Css("[data-testid=tenant-row][data-leftover=true]"))
        .await
        .unwrap();
    assert_eq!(marked.len(), 2);
    report.screen(&app, "tenants-tab").await;

    app.click("tenants-remove-leftovers").await;
    let named = app.wait_testid("leftovers-to-delete").await;
    let text = text_of(&named).await;
    for name in LEFTOVERS {
        assert!(text.contains(name), "{text}");
    }
    assert!(!text.contains(&format!("{NEAR_MISS}\n")), "{text}");
    report.screen(&app, "tenants-remove-confirm").await;
    app.click("confirm-delete").await;
    let result = app.wait_testid("sweep-result").await;
    assert!(
        text_of(&result).await.starts_with("2 deleted"),
        "{}",
        text_of(&result).await
    );
    report.screen(&app, "tenants-swept").await;
    let left = names_on(&sample).await;
    assert_eq!(left.len(), 148);
    assert!(left.iter().any(|n| n == NEAR_MISS), "the near miss stays");
    assert!(LEFTOVERS.iter().all(|l| !left.iter().any(|n| n == l)));

    // A platform that stores users with its own role: the run fails at the user
    // round trip and says what was expected against what it read.
    sample
        .set_faults(vec![Fault {
            path_prefix: "/api/tenants/".into(),
            method: Some("PUT".into()),
            kind: FaultKind::IgnoreRole {
                role: "viewer".into(),
            },
            times: None,
            after: None,
        }])
        .await;
    app.click("instance-tab-overview").await;
    app.click("instance-validate").await;
    app.wait_testid("validation-drawer").await;
    app.click("validation-run").await;
    let status = app
        .wait_css("[data-testid=validation-status][data-status]")
        .await;
    assert_eq!(
        status.attr("data-status").await.unwrap().as_deref(),
        Some("failed")
    );
    let difference = app.wait_testid("step-difference").await;
    let text = text_of(&difference).await;
    assert!(
        text.contains("'developer'") && text.contains("viewer"),
        "{text}"
    );
    report.screen(&app, "validation-differences").await;

    app.stop().await;
    pb_e2e::seed::forget_credential(&instance_id);
    report.assert_fits();
}
