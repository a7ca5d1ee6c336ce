//! The whole wizard with the keyboard only, as an administrator who does not use a
//! mouse (or a screen-reader user) walks it: Tab to each control by its accessible
//! name, Enter to press it, typing into the focused field. From the navigation to
//! Finish on the in-process sandbox: create the type, rename the platform, save
//! and test the connection, run the validation suite to green, finish. No click.

use pb_e2e::keyboard::{activate, press, tab_to, type_text};
use pb_e2e::thirtyfour::Key;
use pb_e2e::{App, Workspace};

fn count(ws: &Workspace, sql: &str) -> i64 {
    ws.db().query_row(sql, [], |r| r.get(0)).unwrap()
}

async fn next_step(app: &App, shown: &str) {
    activate(app, "Next").await;
    app.wait_text(shown).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wizard_can_be_walked_end_to_end_with_the_keyboard_only() {
    let ws = Workspace::new("wizard-keyboard");
    let app = App::start(&ws).await;

    activate(&app, "Establish a platform").await;
    activate(&app, "Try with a sandbox platform").await;

    // 1. Type.
    app.wait_text("Step 1 of 10").await;
    activate(&app, "Create type").await;
    app.wait_text("Custom type SANDBOX created").await;
    next_step(&app, "Step 2 of 10").await;

    // 2. Details: the name is typed, replacing the sandbox's word "platform".
    tab_to(&app, "Name").await;
    press(&app, Key::End).await;
    for _ in 0.."platform".len() {
        press(&app, Key::Backspace).await;
    }
    type_text(&app, "keyboard").await;
    let name = app.by_label("Name").await;
    assert_eq!(
        name.value().await.unwrap().as_deref(),
        Some("Sandbox keyboard")
    );
    next_step(&app, "Step 3 of 10").await;

    // 3. Connection: one action saves and tests.
    activate(&app, "Save and test connection").await;
    app.wait_text("API key accepted").await;
    next_step(&app, "Step 4 of 10").await;

    // 4. Custom fields, 5. integration and 6. settings as the sandbox brings them.
    next_step(&app, "Step 5 of 10").await;
    next_step(&app, "Step 6 of 10").await;
    // 7. Landing zones: optional here (publishing needs one later).
    next_step(&app, "Step 7 of 10").await;
    next_step(&app, "Step 8 of 10").await;

    // 8. Validate: the suite runs to green.
    activate(&app, "Run validation suite").await;
    app.wait_text("Validation passed").await;
    next_step(&app, "Step 9 of 10").await;

    // 9. Instances, then 10. review and Finish.
    next_step(&app, "Step 10 of 10").await;
    app.screenshot("wizard-keyboard-review").await;
    activate(&app, "Finish").await;
    app.wait_testid("platform-detail").await;
    app.stop().await;

    assert_eq!(
        count(
            &ws,
            "SELECT count(*) FROM platforms WHERE status = 'active' AND name = 'Sandbox keyboard'"
        ),
        1
    );
    assert_eq!(count(&ws, "SELECT count(*) FROM wizard_drafts"), 0);
}
