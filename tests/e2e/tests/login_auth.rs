//! The session-login editor of the wizard's Connection step in the real window, at
//! the smallest supported size (1024×768): choosing "Session login" shows the
//! login request, the token source and the headers that carry the token; a
//! missing token header is a field error under its input and the step's one
//! action ("Save and test connection") saves nothing: neither the connector nor
//! the instance.
//! Screenshots: target/e2e-screens/login-auth-*.png.

use std::time::Duration;

use pb_e2e::{App, Workspace};

#[tokio::test(flavor = "multi_thread")]
async fn the_login_editor_fits_and_explains_its_mistakes() {
    let ws = Workspace::new("login-auth");
    let app = App::start(&ws).await;
    app.driver().set_window_rect(0, 0, 1024, 768).await.unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;

    // The sandbox brings a custom type with a connector; step 3 holds its auth.
    app.click("nav-establish").await;
    app.click_button("Try with a sandbox platform").await;
    app.click_button("Create type").await;
    app.wait_text("Custom type SANDBOX created").await;
    app.click_button("Next").await;
    app.by_label("Name").await;
    app.click_button("Next").await;

    app.select("auth-type", "login").await;
    let login = app.wait_testid("auth-login").await;
    login.scroll_into_view().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("login-auth-1024").await;
    // The defaults: a JSON login whose token comes back in X-Subject-Token and is
    // sent in X-Auth-Token.
    let header = app.wait_testid("auth-tokenHeader").await;
    assert_eq!(
        header.value().await.unwrap().as_deref(),
        Some("X-Subject-Token")
    );
    let send_key = app.wait_testid("auth-send-key-0").await;
    assert_eq!(
        send_key.value().await.unwrap().as_deref(),
        Some("X-Auth-Token")
    );
    let send_value = app.wait_testid("auth-send-value-0").await;
    assert_eq!(
        send_value.value().await.unwrap().as_deref(),
        Some("{{ token }}")
    );
    send_key.scroll_into_view().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("login-auth-1024-token").await;

    // A mistake is shown where it is, and the connector is not saved.
    let before: String = ws
        .db()
        .query_row(
            "SELECT connector FROM platform_types WHERE identifier = 'SANDBOX'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    app.clear("auth-tokenHeader").await;
    app.click("wizard-connection-test").await;
    let error = app.wait_testid("auth-tokenHeader-error").await;
    assert!(
        pb_e2e::text_of(&error).await.contains("response header"),
        "{}",
        pb_e2e::text_of(&error).await
    );
    error.scroll_into_view().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.screenshot("login-auth-1024-error").await;
    let after: String = ws
        .db()
        .query_row(
            "SELECT connector FROM platform_types WHERE identifier = 'SANDBOX'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        before, after,
        "a refused form must not change the connector"
    );
    let instances: i64 = ws
        .db()
        .query_row("SELECT count(*) FROM instances", [], |r| r.get(0))
        .unwrap();
    assert_eq!(instances, 0, "a refused form must not save the instance");
    app.stop().await;
}
