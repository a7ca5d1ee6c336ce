//! The wizard and the registry in the real window, found by label and role as an
//! administrator (or a screen reader) finds them: establish a platform on the
//! in-process sandbox through all nine steps to a green validation, register a
//! second instance, find both in the registry by search and filter, delete one.
//! A screenshot of every step is saved in target/e2e-screens/wizard-*.png.

use pb_e2e::thirtyfour::prelude::*;
use pb_e2e::{App, Workspace};

async fn next(app: &App, step: &str) {
    app.screenshot(&format!("wizard-{step}")).await;
    app.click_button("Next").await;
}

/// Waits until `text` is shown (a result that takes a moment).
async fn wait_for_text(app: &App, text: &str) {
    app.wait_text(text).await;
}

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sandbox_platform_is_established_validated_and_found_in_the_registry() {
    let ws = Workspace::new("wizard");
    let app = App::start(&ws).await;

    app.click("nav-establish").await;
    app.screenshot("wizard-00-start").await;
    app.click_button("Try with a sandbox platform").await;

    // 1. Type: the sandbox fills in a custom type; the administrator creates it.
    let identifier = app.by_label("Identifier").await;
    assert_eq!(
        identifier.value().await.unwrap().as_deref(),
        Some("SANDBOX")
    );
    app.screenshot("wizard-01-type").await;
    app.click_button("Create type").await;
    app.wait_text("Custom type SANDBOX created").await;
    next(&app, "01-type-created").await;

    // 2. Details: prefilled; the identifier follows the name.
    let name = app.by_label("Name").await;
    assert_eq!(
        name.value().await.unwrap().as_deref(),
        Some("Sandbox platform")
    );
    app.replace_label("Name", "Sandbox streaming").await;
    app.fill_label("Description", "Kafka-like streams for app teams")
        .await;
    next(&app, "02-details").await;

    // 3. Connection: the sandbox's endpoint and credential; the staged test.
    let endpoint = app.by_label("Endpoint").await;
    let url = endpoint.value().await.unwrap().unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    app.click_button("Save and test connection").await;
    wait_for_text(&app, "API key accepted").await;
    next(&app, "03-connection").await;

    // 4. Custom fields and 5. integration: what the sandbox preset brings.
    app.by_label("Kind of the new field").await;
    next(&app, "04-custom-fields").await;
    app.wait_text("Create a tenant").await;
    next(&app, "05-integration").await;

    // 6. Quotas, roles and naming, then 7. a green validation run.
    next(&app, "06-settings").await;
    app.click_button("Run validation suite").await;
    wait_for_text(&app, "Validation passed").await;
    next(&app, "07-validate").await;

    // 8. Instances: a second one, cloned for staging.
    app.click_button("Clone instance sandbox-dev").await;
    app.replace_label("Name of the copy", "sandbox-staging")
        .await;
    app.replace_label("Environment of the copy", "staging")
        .await;
    app.click_button("Clone instance").await;
    app.wait_text("sandbox-staging").await;
    next(&app, "08-instances").await;

    // 9. Review and Finish: the platform becomes active.
    app.screenshot("wizard-09-review").await;
    app.click_button("Finish").await;
    app.wait_testid("platform-detail").await;
    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM platforms WHERE status = 'active' AND name = 'Sandbox streaming'"
        ),
        1
    );
    assert_eq!(count(&ws, "SELECT count(*) FROM instances"), 2);
    assert_eq!(count(&ws, "SELECT count(*) FROM wizard_drafts"), 0);

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
        By::XPath("//td[normalize-space(.)='sandbox-staging']"),
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
}
