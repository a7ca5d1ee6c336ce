//! Regular review in the real window (issue 16), against the sample platform on
//! 127.0.0.1 and the real keyring: validate an instance, test it (the instance
//! page shows it up, with its uptime), put its platform on a schedule, edit the
//! type's connector from the platform page, see the side-by-side diff, roll back,
//! and see "validated with v1; the connector changed since (v3): validate again".
//! Each screen is measured at 1024×768 and 1280×800.

use std::time::{Duration, Instant};

use pb_e2e::keyboard::press;
use pb_e2e::layout::FitReport;
use pb_e2e::thirtyfour::{By, Key};
use pb_e2e::{text_of, App, Workspace};
use pb_registry::{PlatformInput, PlatformTypeInput, Registry};
use pb_sample_platform::{AuthConfig, SamplePlatform};

const RENAMED: &str = "probe after the review";

/// A custom type with the Generic REST connector (v1), a platform of it and one
/// instance on the sample platform; the instance's id.
fn seed(ws: &Workspace, url: &str) -> String {
    let reg = Registry::open(&ws.database()).unwrap();
    reg.create_platform_type(&PlatformTypeInput {
        identifier: "EVENTS".into(),
        display_name: "Event streaming".into(),
        description: String::new(),
        icon: "message".into(),
        default_endpoint: None,
    })
    .unwrap();
    let connector = pb_connector_preset();
    reg.set_platform_type_connector("EVENTS", Some(&connector))
        .unwrap();
    let platform = reg
        .create_platform(&PlatformInput {
            name: "Order events".into(),
            type_id: "EVENTS".into(),
            location: "eu-central-1".into(),
            ..Default::default()
        })
        .unwrap();
    pb_e2e::seed::sample_instance(&reg, &platform.id, url)
}

fn pb_connector_preset() -> String {
    pb_connector::presets::preset("generic-rest")
        .expect("the Generic REST preset")
        .to_owned()
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

async fn wait_text_contains(app: &App, id: &str, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = app.text(id).await;
        if text.contains(needle) {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{id} never said '{needle}': {text}"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Measures the screen with `id` scrolled into view, so its capture shows it.
async fn screen_at(app: &App, report: &mut FitReport, id: &str, name: &str) {
    app.wait_testid(id).await.scroll_into_view().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    report.screen(app, name).await;
}

async fn count(app: &App, css: &str) -> usize {
    app.driver()
        .find_all(By::Css(css))
        .await
        .unwrap_or_default()
        .len()
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_a_connector_see_the_diff_roll_back_and_validate_again() {
    let sample = SamplePlatform::start(AuthConfig::demo(), 0).await.unwrap();
    let ws = Workspace::new("connector-versions");
    let instance_id = seed(&ws, &sample.base_url());
    let app = App::start(&ws).await;
    let mut report = FitReport::default();

    // Validate with v1, and test the connection: the instance is up.
    open_instance(&app).await;
    app.click("instance-validate").await;
    app.wait_testid("validation-drawer").await;
    app.click("validation-run").await;
    let status = app
        .wait_css("[data-testid=validation-status][data-status]")
        .await;
    assert_eq!(
        status.attr("data-status").await.unwrap().as_deref(),
        Some("passed"),
        "{}",
        text_of(&status).await
    );
    press(&app, Key::Escape).await;
    app.wait_gone("[data-testid=validation-drawer]").await;
    app.click("instance-test-now").await;
    wait_text_contains(&app, "health-state", "Up since").await;
    wait_text_contains(&app, "uptime-24h-percent", "100 %").await;
    let version: Option<u32> = ws
        .db()
        .query_row(
            "SELECT connector_version FROM test_runs WHERE instance_id = ?1 AND kind = 'validation'",
            [&instance_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, Some(1), "the run records its connector version");
    screen_at(&app, &mut report, "uptime-card", "instance-uptime").await;

    // The platform page: a schedule, then the connector edited in place.
    app.click("instance-platform-link").await;
    app.wait_testid("platform-detail").await;
    app.click("health-interval").await;
    app.click_by(
        By::XPath("//*[@role='option'][normalize-space(.)='Every 15 minutes']"),
        "option every 15 minutes",
    )
    .await;
    wait_text_contains(&app, "health-next-check", "Next check").await;
    let minutes: u32 = ws
        .db()
        .query_row(
            "SELECT interval_minutes FROM health_check_schedules",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(minutes, 15);

    app.click("connector-edit").await;
    app.wait_testid("connector-edit-modal").await;
    app.click("operation-check").await;
    app.clear("request-0-name").await;
    app.fill("request-0-name", RENAMED).await;
    app.click("connector-save").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while ws
        .db()
        .query_row("SELECT count(*) FROM connector_versions", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
        < 2
    {
        assert!(Instant::now() < deadline, "the edit never became v2");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    report.screen(&app, "connector-edit-modal").await;
    press(&app, Key::Escape).await;
    app.wait_gone("[data-testid=connector-edit-modal]").await;

    // The diff names the change; roll back to v1 saves it as v3.
    app.click("connector-versions-toggle").await;
    app.wait_css("[data-testid=diff-row-changed]").await;
    let diff = app.text("connector-diff").await;
    assert!(diff.contains(RENAMED), "{diff}");
    assert_eq!(count(&app, "[data-testid=connector-version]").await, 2);
    screen_at(
        &app,
        &mut report,
        "connector-versions-card",
        "connector-versions",
    )
    .await;
    app.click("connector-roll-back").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&app, "[data-testid=connector-version]").await < 3 {
        assert!(Instant::now() < deadline, "v3 never listed");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let restored: (u32, Option<u32>, String) = ws
        .db()
        .query_row(
            "SELECT version, restored_from, text FROM connector_versions ORDER BY version DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((restored.0, restored.1), (3, Some(1)));
    assert_eq!(restored.2, pb_connector_preset(), "v3 is v1's text");
    let recorded: i64 = ws
        .db()
        .query_row(
            "SELECT count(*) FROM change_history WHERE kind = 'connector'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(recorded >= 3, "seed, edit and roll back are in the history");

    // Validated with v1, the connector is at v3 now: validate again.
    open_instance(&app).await;
    let notice = wait_text_contains(&app, "connector-changed", "Validated with v1").await;
    assert!(notice.contains("(v3)"), "{notice}");
    report.screen(&app, "instance-validate-again").await;
    app.click("connector-changed-validate").await;
    app.wait_testid("validation-drawer").await;

    report.assert_fits();
    app.stop().await;
    pb_e2e::seed::forget_credential(&instance_id);
}
