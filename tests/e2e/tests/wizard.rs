//! The wizard and the registry in the real window, found by label and role as an
//! administrator (or a screen reader) finds them: establish a platform on the
//! in-process sandbox through all ten steps (a landing zone on the way) to a green
//! validation, register a second instance, publish the platform and export it to
//! meshStack, find both instances in the registry by search and filter, delete one.
//! On the way: Back and Next share one row at 1024 and 1280 px wide, and the
//! stepper jumps back to a done step and ahead again.
//! A screenshot of every step is saved in target/e2e-screens/wizard-*.png.

use std::time::Duration;

use pb_e2e::layout::FitReport;
use pb_e2e::thirtyfour::prelude::*;
use pb_e2e::{App, Workspace};

/// Measures the step at both window sizes (see `pb_e2e::layout`), then goes on.
async fn next(app: &App, fit: &mut FitReport, step: &str) {
    fit.screen(app, &format!("wizard-{step}")).await;
    app.click_button("Next").await;
}

/// Waits until `text` is shown (a result that takes a moment).
async fn wait_for_text(app: &App, text: &str) {
    app.wait_text(text).await;
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Back and Next stay on one row, the reason for a disabled Next beside them,
/// at both supported widths; the window gets its size back afterwards.
async fn back_and_next_on_one_row(app: &App) {
    let before = app.driver().get_window_rect().await.unwrap();
    for (width, height) in [(1024, 768), (1280, 800)] {
        app.driver()
            .set_window_rect(0, 0, width, height)
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(700)).await;
        let back = app.wait_testid("wizard-back").await.rect().await.unwrap();
        let next = app.wait_testid("wizard-next").await.rect().await.unwrap();
        assert!(
            (back.y - next.y).abs() < 2.0,
            "at {width}x{height} Next wraps under Back: Back at y={}, Next at y={}",
            back.y,
            next.y
        );
        app.screenshot(&format!("wizard-01-nav-{width}x{height}"))
            .await;
    }
    app.driver()
        .set_window_rect(
            before.x,
            before.y,
            before.width as u32,
            before.height as u32,
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sandbox_platform_is_established_validated_and_found_in_the_registry() {
    let ws = Workspace::new("wizard");
    let app = App::start(&ws).await;
    let mut fit = FitReport::default();

    app.click("nav-establish").await;
    app.screenshot("wizard-00-start").await;
    app.click_button("Try with a sandbox platform").await;

    // 1. Type: the sandbox fills in a custom type; the administrator creates it.
    let identifier = app.by_label("Identifier").await;
    assert_eq!(
        identifier.value().await.unwrap().as_deref(),
        Some("SANDBOX")
    );
    fit.screen(&app, "wizard-01-type").await;
    // Next is disabled until the type is created, with the reason beside it.
    app.wait_testid("wizard-next-reason").await;
    back_and_next_on_one_row(&app).await;
    app.click_button("Create type").await;
    app.wait_text("Custom type SANDBOX created").await;
    next(&app, &mut fit, "01-type-created").await;

    // 2. Details: prefilled; the identifier follows the name.
    let name = app.by_label("Name").await;
    assert_eq!(
        name.value().await.unwrap().as_deref(),
        Some("Sandbox platform")
    );
    app.replace_label("Name", "Sandbox streaming").await;
    app.fill_label("Description", "Kafka-like streams for app teams")
        .await;
    next(&app, &mut fit, "02-details").await;

    // 3. Connection: the sandbox's endpoint and credential; one action saves the
    // instance (the sandbox's key becomes its credential) and runs the staged test.
    let endpoint = app.by_label("Endpoint").await;
    let url = endpoint.value().await.unwrap().unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(
        !app.text_visible("Save authentication").await,
        "the Connection step has one save: Save and test connection"
    );
    app.click_button("Save and test connection").await;
    wait_for_text(&app, "API key accepted").await;
    next(&app, &mut fit, "03-connection").await;

    // 4. Custom fields and 5. integration: what the sandbox preset brings.
    app.by_label("Kind of the new field").await;
    next(&app, &mut fit, "04-custom-fields").await;
    app.wait_text("Create a tenant").await;
    next(&app, &mut fit, "05-integration").await;

    // 6. Quotas, roles and naming; 7. a landing zone with its own CPU quota,
    // refused above the quota's maximum first; 8. a green validation run.
    next(&app, &mut fit, "06-settings").await;
    app.wait_testid("zones-empty").await;
    app.click("zone-add").await;
    let cpu = app.wait_testid("zone-quota-cpu").await;
    assert_eq!(
        app.wait_testid("zone-identifier")
            .await
            .value()
            .await
            .unwrap()
            .as_deref(),
        Some("sandbox-streaming-default")
    );
    app.clear("zone-quota-cpu").await;
    cpu.send_keys("99").await.unwrap();
    app.click("zone-save").await;
    wait_for_text(&app, "must lie between 1 cores and 16 cores").await;
    fit.screen(&app, "wizard-07-zone-refused").await;
    app.clear("zone-quota-cpu").await;
    app.fill("zone-quota-cpu", "2").await;
    app.click("zone-save").await;
    app.wait_testid("zone-sandbox-streaming-default").await;
    wait_for_text(&app, "CPU cores 2 cores").await;
    next(&app, &mut fit, "07-landing-zones").await;
    app.click_button("Run validation suite").await;
    wait_for_text(&app, "Validation passed").await;
    next(&app, &mut fit, "08-validate").await;

    // 8. Instances: a second one, cloned for staging.
    app.click_button("Clone instance sandbox-dev").await;
    app.replace_label("Name of the copy", "sandbox-staging")
        .await;
    app.replace_label("Environment of the copy", "staging")
        .await;
    app.click_button("Clone instance").await;
    app.wait_text("sandbox-staging").await;
    next(&app, &mut fit, "09-instances").await;

    // 10. Review. The stepper goes back to a done step and ahead again.
    fit.screen(&app, "wizard-10-review").await;
    let zones = app.text("review-landing-zones").await;
    assert!(
        zones.contains("Default (sandbox-streaming-default)"),
        "{zones}"
    );
    app.click("wizard-step-2").await;
    app.wait_text("Step 2 of 10").await;
    // Back on Validate, the last run is there with its steps; a passed step's
    // requests and responses open like a failed one's.
    app.click("wizard-step-8").await;
    app.wait_text("Step 8 of 10").await;
    app.wait_testid("validation-previous").await;
    app.wait_text("Last validation run").await;
    app.click_css(
        "[data-testid=validation-previous] [data-testid=validation-step][data-status=passed] \
         [data-testid=step-exchanges-toggle]",
    )
    .await;
    app.wait_css("[data-testid=validation-previous] [data-testid=exchange]")
        .await;
    app.screenshot("wizard-07-revisited").await;
    app.click("wizard-step-10").await;
    app.wait_text("Step 10 of 10").await;

    // Finish: the platform becomes active.
    app.click_button("Finish").await;
    app.wait_testid("platform-detail").await;
    // Nothing stays on top of the new platform's rows once its toast has gone:
    // no tooltip opened by the pointer left where Finish was, no notification.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    for overlay in ["[role=tooltip]", "[data-testid=success-notification]"] {
        assert!(
            !app.any_visible(overlay).await,
            "{overlay} still shown over the platform page after Finish"
        );
    }
    fit.screen(&app, "wizard-11-finished").await;
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM platforms WHERE status = 'active' AND name = 'Sandbox streaming'"
        ),
        1
    );
    assert_eq!(count(&ws, "SELECT count(*) FROM instances"), 2);
    assert_eq!(count(&ws, "SELECT count(*) FROM wizard_drafts"), 0);
    assert_eq!(
        count(&ws, "SELECT count(*) FROM landing_zones WHERE identifier = 'sandbox-streaming-default' AND quotas = '{\"cpu\":2.0}'"),
        1
    );

    // Publish: the validated instance, the landing zone and the location are
    // there, so the platform page says it is ready; then export to meshStack.
    wait_for_text(&app, "Ready to publish").await;
    app.by_label("Publication").await.click().await.unwrap();
    app.click_by(
        By::XPath("//*[@role='option'][normalize-space(.)='Published']"),
        "option Published",
    )
    .await;
    app.click("offering-save").await;
    wait_for_text(&app, "Sandbox streaming: published, private").await;
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM platforms WHERE publication = 'published'"
        ),
        1
    );
    fit.screen(&app, "platform-published").await;
    let out = ws.data_dir().join("meshstack-export");
    app.click("offering-export-meshstack").await;
    app.fill("export-dir", out.to_str().unwrap()).await;
    fit.screen(&app, "export-meshstack").await;
    app.click("export-meshstack-submit").await;
    wait_for_text(&app, "Exported to meshStack: 7 files").await;
    // Compared with runs of spaces as one: the alignment is terraform fmt's.
    let words = |file: &str| {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let platforms = words("platforms.tf");
    assert!(
        platforms.contains("publication_state = \"PUBLISHED\""),
        "{platforms}"
    );
    assert!(
        platforms.contains("location_ref = meshstack_location.local.ref"),
        "{platforms}"
    );
    let zones = words("landing_zones.tf");
    assert!(
        zones.contains("name = \"sandbox-streaming-default\""),
        "{zones}"
    );
    assert!(zones.contains("{ key = \"cpu\" value = 2 }"), "{zones}");
    // The sandbox's API key (`sandbox-` and 32 hex digits) is the instance's
    // credential: never in the export.
    for file in std::fs::read_dir(&out).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let leaked = text.match_indices("sandbox-").any(|(at, _)| {
            let rest = &text[at + 8..];
            rest.len() >= 32 && rest[..32].bytes().all(|b| b.is_ascii_hexdigit())
        });
        assert!(!leaked, "a sandbox key in the export:\n{text}");
    }

    // The registry finds both by search, one by the environment filter.
    app.click("nav-registry").await;
    app.fill_label("Search", "sandbox").await;
    app.wait_text("2 instances").await;
    app.screenshot("registry-search").await;
    let env = app.by_label("Environment").await;
    env.send_keys("staging").await.unwrap();
    app.click_by(
        By::XPath("//*[@role='option'][normalize-space(.)='staging']"),
        "option staging",
    )
    .await;
    app.wait_text("1 instance").await;
    app.screenshot("registry-filtered").await;

    // Open the staging instance and delete it; the keyring entries are named.
    app.click_by(
        By::XPath(
            "//*[@data-testid='registry-instance-name'][normalize-space(.)='sandbox-staging']",
        ),
        "row sandbox-staging",
    )
    .await;
    app.wait_testid("instance-delete").await;
    app.wait_text("History").await;
    app.screenshot("instance-page").await;
    app.click("instance-delete").await;
    app.click_button("Delete instance").await;
    // Back on the registry, where the filtered view is now empty.
    app.wait_text("No instances match").await;
    app.screenshot("registry-after-delete").await;
    assert_eq!(count(&ws, "SELECT count(*) FROM instances"), 1);

    app.stop().await;
    fit.assert_fits();
}
