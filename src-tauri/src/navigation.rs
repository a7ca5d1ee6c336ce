//! The window only ever shows the app. A link clicked in the app (generated
//! documentation, access information) opens in the system browser through the
//! opener plugin (ui/src/components/Markdown.tsx); this guard makes sure the
//! webview itself never leaves the app, even for a link that slipped past the
//! preview: such a page would run with the app's IPC bridge at hand.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether `url` is the app's own UI: embedded in the binary (`tauri://localhost`
/// on Linux and macOS, `http(s)://tauri.localhost` on Windows), or the dev server
/// of a build without the `custom-protocol` feature.
pub(crate) fn stays_in_app(url: &Url, dev_url: Option<&Url>) -> bool {
    match url.scheme() {
        "tauri" => true,
        "http" | "https" if url.host_str() == Some("tauri.localhost") => true,
        _ => dev_url.is_some_and(|dev| dev.origin() == url.origin()),
    }
}

pub(crate) fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            use tauri::Manager;
            // The dev server is the app only in a development build.
            let dev_url = if cfg!(dev) {
                webview.config().build.dev_url.clone()
            } else {
                None
            };
            let allowed = stays_in_app(url, dev_url.as_ref());
            if !allowed {
                // The scheme and host only: a path or query may carry a token.
                tracing::warn!(
                    scheme = url.scheme(),
                    host = url.host_str().unwrap_or_default(),
                    "refused to navigate the window away from the app"
                );
            }
            allowed
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn only_the_app_itself_is_shown_in_the_window() {
        for own in [
            "tauri://localhost",
            "tauri://localhost/index.html#/platforms",
            "http://tauri.localhost/",
            "https://tauri.localhost/assets/x.js",
        ] {
            assert!(stays_in_app(&url(own), None), "{own}");
        }
        for away in [
            "https://docs.example.com/guide",
            "http://localhost:1420/",
            "mailto:team@example.com",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://tauri.localhost.example.com/",
        ] {
            assert!(!stays_in_app(&url(away), None), "{away}");
        }
        let dev = url("http://localhost:1420");
        assert!(stays_in_app(&url("http://localhost:1420/#/x"), Some(&dev)));
        assert!(!stays_in_app(&url("http://localhost:1421/"), Some(&dev)));
    }
}
