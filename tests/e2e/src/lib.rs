//! Harness for the end-to-end tests: starts the real Platform Builder binary through
//! tauri-driver + WebKitWebDriver (one driver pair per test, on free loopback ports,
//! with a private data directory) and drives the window by `data-testid`.
//!
//! Run inside `.ci/session.sh` (Xvfb, D-Bus session, unlocked gnome-keyring).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::prelude::*;
use thirtyfour::Capabilities;

pub use thirtyfour;

pub mod bench;
pub mod keyboard;
pub mod layout;
pub mod seed;

/// Must match `KEYRING_SERVICE` in the app.
pub const KEYRING_SERVICE: &str = "dev.platformbuilder.app";

const WAIT: Duration = Duration::from_secs(20);

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// The app under test: `PB_APP_BINARY`, else the debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("PB_APP_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/platform-builder"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A private place for one test's database, logs and IPC audit.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new(name: &str) -> Self {
        let base = workspace_root().join("target/e2e-work");
        std::fs::create_dir_all(&base).unwrap();
        Self {
            dir: tempfile::Builder::new()
                .prefix(&format!("{name}-"))
                .tempdir_in(base)
                .unwrap(),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir().join("registry.db")
    }

    pub fn audit_file(&self) -> PathBuf {
        self.dir.path().join("ipc-audit.jsonl")
    }

    pub fn log_dir(&self) -> PathBuf {
        self.data_dir().join("logs")
    }

    /// Opens the app's database read-only, as a second process would.
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.database(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .expect("open app database")
    }
}

pub struct App {
    pub driver: Option<WebDriver>,
    tauri_driver: Child,
}

impl App {
    pub async fn start(ws: &Workspace) -> App {
        let app = Self::start_binary(ws, &app_binary()).await;
        // The shell is up when the navigation is rendered.
        app.wait_testid("nav-platforms").await;
        app
    }

    /// Starts any Tauri binary (the benchmarks' empty window too) with `ws`'s data
    /// directory, without waiting for anything in its window.
    pub async fn start_binary(ws: &Workspace, binary: &Path) -> App {
        // Ports are picked free but released before tauri-driver binds them, so a
        // parallel test can occasionally take one first; retry with new ports.
        let mut last_error = String::new();
        for _attempt in 0..3 {
            match Self::try_start(ws, binary).await {
                Ok(app) => return app,
                Err(e) => last_error = e,
            }
        }
        panic!("could not start the app through tauri-driver: {last_error}");
    }

    async fn try_start(ws: &Workspace, binary: &Path) -> Result<App, String> {
        // Already installed on a retry; either way there is a provider afterwards.
        let _ = rustls::crypto::ring::default_provider().install_default();
        assert!(
            binary.exists(),
            "app binary {} not built (make build, or set PB_APP_BINARY)",
            binary.display()
        );
        let port = free_port();
        let native_port = free_port();
        let log =
            std::fs::File::create(ws.dir.path().join(format!("tauri-driver-{port}.log"))).unwrap();
        // The app inherits this environment through tauri-driver and WebKitWebDriver.
        let tauri_driver = Command::new(tauri_driver_path())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("PB_DATA_DIR", ws.data_dir())
            .env("PB_IPC_AUDIT", ws.audit_file())
            .env("PB_LOG", "debug")
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start tauri-driver (cargo install tauri-driver --locked)");
        let mut app = App {
            driver: None,
            tauri_driver,
        };
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(format!("tauri-driver did not listen on {port}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry").unwrap();
        caps.set(
            "tauri:options",
            json!({ "application": binary, "args": ["--data-dir", ws.data_dir()] }),
        )
        .unwrap();
        match WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await {
            Ok(driver) => {
                app.driver = Some(driver);
                Ok(app)
            }
            // Dropping `app` stops this tauri-driver.
            Err(e) => Err(format!("WebDriver session on port {port}: {e}")),
        }
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("driver open")
    }

    /// Closes the window (ending the app process) and stops tauri-driver.
    pub async fn stop(mut self) {
        if let Some(driver) = self.driver.take() {
            let _ = driver.quit().await;
        }
        self.terminate_driver();
    }

    fn terminate_driver(&mut self) {
        // SIGTERM, never SIGKILL first: tauri-driver stops WebKitWebDriver (and with
        // it the app) only on SIGTERM/SIGINT.
        unsafe {
            libc::kill(self.tauri_driver.id() as i32, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.tauri_driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.tauri_driver.kill();
        let _ = self.tauri_driver.wait();
    }

    pub async fn wait_css(&self, css: &str) -> WebElement {
        self.wait_by(By::Css(css), css).await
    }

    /// The first visible element `by` finds; `what` names it in the failure.
    pub async fn wait_by(&self, by: By, what: &str) -> WebElement {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(found) = self.driver().find_all(by.clone()).await {
                for el in found {
                    if visible(&el).await {
                        return el;
                    }
                }
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("timeout-{}", sanitize(what)))
                    .await;
                panic!("no visible element matches {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The input a user finds by its label (the visible `<label>`, ignoring the
    /// required marker, or an `aria-label`), as the accessibility tree names it.
    pub async fn by_label(&self, label: &str) -> WebElement {
        self.wait_by(By::XPath(label_xpath(label)), &format!("label {label}"))
            .await
    }

    pub async fn fill_label(&self, label: &str, text: &str) {
        let el = self.by_label(label).await;
        el.send_keys(text).await.expect("type");
    }

    /// Replaces what an input labelled `label` holds.
    pub async fn replace_label(&self, label: &str, text: &str) {
        let el = self.by_label(label).await;
        el.send_keys(Key::Control + "a").await.expect("select all");
        el.send_keys(Key::Backspace).await.expect("delete");
        el.send_keys(text).await.expect("type");
    }

    /// Clicks the button (or tab, radio, menu item) with this accessible name.
    pub async fn click_button(&self, name: &str) {
        self.click_by(By::XPath(button_xpath(name)), &format!("button {name}"))
            .await;
    }

    /// True when an element with this exact text is visible now.
    pub async fn text_visible(&self, text: &str) -> bool {
        let xpath = format!("//*[normalize-space(text())={}]", xpath_literal(text));
        for el in self
            .driver()
            .find_all(By::XPath(xpath))
            .await
            .unwrap_or_default()
        {
            if visible(&el).await {
                return true;
            }
        }
        false
    }

    /// Waits for an element whose own text contains `text`.
    pub async fn wait_text(&self, text: &str) -> WebElement {
        let xpath = format!("//*[contains(text(), {})]", xpath_literal(text));
        self.wait_by(By::XPath(xpath), &format!("text {text}"))
            .await
    }

    pub async fn wait_testid(&self, id: &str) -> WebElement {
        self.wait_css(&format!("[data-testid=\"{id}\"]")).await
    }

    /// True when some element matching `css` is visible now.
    pub async fn any_visible(&self, css: &str) -> bool {
        for el in self
            .driver()
            .find_all(By::Css(css))
            .await
            .unwrap_or_default()
        {
            if visible(&el).await {
                return true;
            }
        }
        false
    }

    /// Waits until no visible element matches.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            if !self.any_visible(css).await {
                return;
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("still-visible-{}", sanitize(css)))
                    .await;
                panic!("{css} still visible");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks a button that closes what it is in (a confirm dialog), clicking again
    /// if a click was swallowed by a transition and the button is still there.
    pub async fn click_until_gone(&self, id: &str) {
        let css = format!("[data-testid=\"{id}\"]");
        for _ in 0..3 {
            self.click_css(&css).await;
            let deadline = Instant::now() + Duration::from_secs(3);
            while Instant::now() < deadline {
                if !self.any_visible(&css).await {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        self.screenshot(&format!("not-gone-{}", sanitize(&css)))
            .await;
        panic!("{css} is still there after three clicks");
    }

    /// Closes an edited form with Escape and confirms discarding its input.
    pub async fn discard_form(&self, first_input: &str) {
        self.driver()
            .find(By::Css("body"))
            .await
            .expect("body")
            .send_keys(Key::Escape)
            .await
            .expect("press Escape");
        self.click_until_gone("discard-confirm").await;
        self.wait_gone(&format!("[data-testid={first_input}]"))
            .await;
    }

    pub async fn click(&self, id: &str) {
        self.click_css(&format!("[data-testid=\"{id}\"]")).await;
    }

    /// Clicks the first visible match, retrying while something (a closing modal's
    /// overlay, a transition) keeps it from being interactable.
    pub async fn click_css(&self, css: &str) {
        self.click_by(By::Css(css), css).await;
    }

    pub async fn click_by(&self, by: By, what: &str) {
        let css = what;
        let deadline = Instant::now() + WAIT;
        loop {
            let el = self.wait_by(by.clone(), what).await;
            // WebKitWebDriver does not scroll nested scroll containers (a tall modal's
            // body) to the element by itself.
            let _ = el.scroll_into_view().await;
            // A modal that is still sliding in moves its buttons; a click computed
            // from a stale position lands on the overlay and closes the modal. Wait
            // until the element stops moving.
            // Mantine's transitions last 200 ms and may hold still for a frame
            // before they start, so require the same box over three samples.
            let mut last = el.rect().await.ok();
            let mut still = 0;
            for _ in 0..60 {
                tokio::time::sleep(Duration::from_millis(80)).await;
                let now = el.rect().await.ok();
                let same = matches!((&last, &now), (Some(a), Some(b))
                    if a.x == b.x && a.y == b.y && a.width == b.width && a.height == b.height);
                still = if same { still + 1 } else { 0 };
                if still >= 3 {
                    break;
                }
                last = now;
            }
            match el.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => {
                    self.screenshot(&format!("click-{}", sanitize(css))).await;
                    panic!("cannot click {css}: {e}");
                }
            }
        }
    }

    pub async fn fill(&self, id: &str, text: &str) {
        let el = self.wait_testid(id).await;
        el.send_keys(text).await.expect("type");
    }

    /// Empties a text input the way a user would (select all, delete), so React
    /// sees the change.
    pub async fn clear(&self, id: &str) {
        let el = self.wait_testid(id).await;
        el.send_keys(Key::Control + "a").await.expect("select all");
        el.send_keys(Key::Backspace).await.expect("delete");
    }

    /// Picks an option of a native <select> the way React sees a user's choice.
    pub async fn select(&self, id: &str, value: &str) {
        let el = self.wait_testid(id).await;
        self.driver()
            .execute(
                "const el = arguments[0];
                 const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
                 set.call(el, arguments[1]);
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![el.to_json().unwrap(), json!(value)],
            )
            .await
            .expect("select option");
    }

    pub async fn text(&self, id: &str) -> String {
        text_of(&self.wait_testid(id).await).await
    }

    pub async fn screenshot(&self, name: &str) {
        let dir = workspace_root().join("target/e2e-screens");
        let _ = std::fs::create_dir_all(&dir);
        let _ = self
            .driver()
            .screenshot(&dir.join(format!("{name}.png")))
            .await;
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // A failed test drops the app without `stop`; do not leave drivers behind.
        if matches!(self.tauri_driver.try_wait(), Ok(None)) {
            self.terminate_driver();
        }
    }
}

/// A string as an XPath literal (XPath 1 has no escapes: quotes are concatenated).
fn xpath_literal(s: &str) -> String {
    if !s.contains('\'') {
        format!("'{s}'")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        let parts: Vec<String> = s.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

fn label_xpath(label: &str) -> String {
    let l = xpath_literal(label);
    // Mantine marks required inputs with " *" inside the label.
    let label_text = format!("normalize-space(translate(., '*', ''))={l}");
    format!(
        "//*[(self::input or self::textarea or self::select or @role='combobox' or @role='switch' \
           or @role='checkbox' or @role='radio' or @role='textbox') \
          and (@aria-label={l} or @id=//label[{label_text}]/@for \
               or @aria-labelledby=//*[{label_text}]/@id)] \
         | //label[{label_text}]//input"
    )
}

fn button_xpath(name: &str) -> String {
    let n = xpath_literal(name);
    format!(
        "//*[(self::button or @role='button' or @role='tab' or @role='radio' or @role='menuitem' or self::a) \
          and (normalize-space(.)={n} or @aria-label={n})]"
    )
}

/// WebKitWebDriver's "displayed" check says false for some rendered elements (a
/// Mantine Badge, for one), so an element with a non-empty box counts as visible too.
async fn visible(el: &WebElement) -> bool {
    if el.is_displayed().await.unwrap_or(false) {
        return true;
    }
    matches!(el.rect().await, Ok(r) if r.width > 0.0 && r.height > 0.0)
}

/// The element's text; `textContent` where WebDriver's rendered text comes back empty
/// (see [`visible`]).
pub async fn text_of(el: &WebElement) -> String {
    match el.text().await {
        Ok(t) if !t.trim().is_empty() => t,
        _ => el
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
            .trim()
            .to_owned(),
    }
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let candidate = home.join("bin/tauri-driver");
    if candidate.exists() {
        candidate
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// Every file under `dir` (recursively) whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut hits = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return hits;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            hits.extend(files_containing(&path, needle));
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                hits.push(path);
            }
        }
    }
    hits
}
