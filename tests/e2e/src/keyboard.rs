//! Driving the window with the keyboard only: Tab to a control by its accessible
//! name, then Enter or Space, and type into the focused field. Nothing here clicks,
//! so a flow written with these helpers proves it needs no mouse.

use std::time::Duration;

use thirtyfour::prelude::*;

use crate::App;

/// The focused element's accessible name, as a screen reader would announce it
/// (aria-label, aria-labelledby, its label, else its text), and its tag.
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return ['', 'body'];
const clean = (t) => (t || '').replace(/\*/g, '').replace(/\s+/g, ' ').trim();
let name = el.getAttribute('aria-label');
if (!name && el.getAttribute('aria-labelledby')) {
  name = el.getAttribute('aria-labelledby').split(' ')
    .map((id) => document.getElementById(id)?.innerText || '').join(' ');
}
if (!name && el.labels && el.labels.length) name = el.labels[0].innerText;
if (!name) name = el.innerText || el.value || '';
return [clean(name), el.tagName.toLowerCase()];
"#;

/// How many Tab presses a screen may need; the wizard's longest step has fewer.
const MAX_TABS: usize = 160;

pub async fn focused(app: &App) -> (String, String) {
    let ret = app
        .driver()
        .execute(FOCUSED, Vec::new())
        .await
        .expect("read the focused element");
    ret.convert().unwrap_or_default()
}

pub async fn press(app: &App, key: Key) {
    app.driver()
        .action_chain()
        .send_keys(key)
        .perform()
        .await
        .expect("press a key");
}

/// Types into whatever has the focus.
pub async fn type_text(app: &App, text: &str) {
    app.driver()
        .action_chain()
        .send_keys(text)
        .perform()
        .await
        .expect("type");
}

/// Presses Tab until the control named `name` has the focus; fails with the names
/// passed on the way when it is not in the tab order (or not on the screen).
pub async fn tab_to(app: &App, name: &str) {
    let mut seen = Vec::new();
    for _ in 0..MAX_TABS {
        press(app, Key::Tab).await;
        let (focused, tag) = focused(app).await;
        if focused == name {
            return;
        }
        seen.push(format!("{tag} \"{focused}\""));
    }
    panic!(
        "\"{name}\" is not reachable with Tab; the focus went through: {}",
        seen.join(", ")
    );
}

/// Tab to the control named `name` and activate it with Enter.
pub async fn activate(app: &App, name: &str) {
    tab_to(app, name).await;
    press(app, Key::Enter).await;
    // Let the transition the control starts begin before the next Tab.
    tokio::time::sleep(Duration::from_millis(300)).await;
}
