//! The documentation as a standalone HTML page.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// The addresses a link in the documentation may have, as in the window's
/// preview (ui/src/components/Markdown.tsx): a web page or an e-mail.
fn openable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// A standalone page. Raw HTML in the markdown (from access information) is shown
/// as text, so a document cannot carry scripts. A link or image whose address is
/// not http(s) or mailto (`javascript:` would run, `data:` embed, `file:` or a
/// relative path point at the reader's disk) keeps only its text.
pub(super) fn to_html(title: &str, md: &str) -> String {
    // Whether each open link or image was dropped, so its end is dropped too.
    // Links do not nest, but an image may sit inside a link.
    let mut links = Vec::new();
    let mut images = Vec::new();
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES).filter_map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let keep = openable(dest_url);
            links.push(keep);
            keep.then_some(e)
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(true).then_some(e),
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            let keep =
                openable(dest_url) && !dest_url.trim().to_ascii_lowercase().starts_with("mailto:");
            images.push(keep);
            keep.then_some(e)
        }
        Event::End(TagEnd::Image) => images.pop().unwrap_or(true).then_some(e),
        other => Some(other),
    });
    let mut body = String::new();
    html::push_html(&mut body, parser);
    let escaped_title = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{escaped_title}</title>\n<style>\nbody {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}\ntable {{ border-collapse: collapse; margin: 1rem 0; }}\nth, td {{ border: 1px solid #ccc; padding: .3rem .6rem; text-align: left; vertical-align: top; }}\ncode {{ background: #f3f3f3; padding: 0 .2rem; }}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_keep_their_address() {
        let html = to_html(
            "t",
            "[a](javascript:alert(1)) [b](https://x.example) [c](/docs) ![d](data:text/html,x) [e](JavaScript:x) [f](mailto:t@example.com) [![g](file:///g.png)](https://y.example)",
        );
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("javascript:"), "{html}");
        assert!(!html.contains("data:") && !html.contains("file:"), "{html}");
        assert!(!html.contains("/docs"), "{html}");
        assert!(html.contains("<p>a <a href=\"https://x.example\">b</a> c d e <a href=\"mailto:t@example.com\">f</a> <a href=\"https://y.example\">g</a></p>"), "{html}");
    }
}
