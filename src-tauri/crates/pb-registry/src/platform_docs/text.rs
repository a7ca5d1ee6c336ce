//! Values from the registry written into the documentation's Markdown. They come
//! from administrators and from definition files, so none may change the
//! document's structure: a table cell stays one cell, a code span stays code, and
//! only an http(s) or mailto address becomes a link.

use chrono::{DateTime, NaiveDate, Utc};

/// A value inside a Markdown table cell: pipes and line breaks would end the cell.
pub(super) fn cell(text: &str) -> String {
    let text = one_line(text);
    if text.trim().is_empty() {
        "—".into()
    } else {
        text
    }
}

/// Pipes escaped (GFM strips the backslash again, inside code spans too) and line
/// breaks turned into spaces.
fn one_line(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// `text` as a code span, also inside a table cell. The fence is one backtick more
/// than the longest run in the text, so a backtick in a naming pattern or a key
/// cannot close the span early and turn the rest into Markdown (a link, say).
pub(super) fn code(text: &str) -> String {
    let text = one_line(text);
    let longest = text
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default();
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space on each side, which lets the text start or end
    // with a backtick (or a space) and still be read back exactly.
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text shown as it is: every ASCII punctuation character that could start
/// Markdown (a link, emphasis, an autolink, an HTML tag, an e-mail address the
/// GFM preview would link) is escaped.
pub(super) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            // The backslash too: with only the `[` escaped, `\[` would become `\\[`,
            // an escaped backslash before a live `[`.
            c if c.is_ascii_punctuation() && !".,:;/-'\"=?%$".contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A link when `url` is an http(s) or mailto address, otherwise the text (a
/// `javascript:` or `file:` address from a definition file is never clickable).
/// An autolink, so the reader sees the address itself, in the saved Markdown too.
pub(super) fn link(url: &str) -> String {
    let url = url.trim();
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https" | "mailto") => {
            // An autolink ends at a space, `<` or `>`; the parser's serialisation
            // percent-encodes those, so it is used only when the address needs it
            // (it also adds a trailing slash, which would change what is shown).
            let fits = url
                .chars()
                .all(|c| !c.is_control() && !c.is_whitespace() && !"<>|\\".contains(c));
            let address = if fits { url } else { parsed.as_str() };
            format!("<{}>", address.replace('|', "%7C").replace('\\', "%5C"))
        }
        _ => plain(url),
    }
}

/// A stored time (RFC 3339, as test runs record it) or a date, as people read it
/// and the same wherever the documentation is generated: `3 Dec 2026, 14:05 UTC`,
/// `26 Nov 2026`. Anything else is shown as it is.
pub(super) fn readable_time(stored: &str) -> String {
    if let Ok(at) = DateTime::parse_from_rfc3339(stored.trim()) {
        return at
            .with_timezone(&Utc)
            .format("%-d %b %Y, %H:%M UTC")
            .to_string();
    }
    match NaiveDate::parse_from_str(stored.trim(), "%Y-%m-%d") {
        Ok(day) => day.format("%-d %b %Y").to_string(),
        Err(_) => plain(stored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_the_same_everywhere_and_in_utc() {
        assert_eq!(
            readable_time("2026-12-03T14:05:09.123Z"),
            "3 Dec 2026, 14:05 UTC"
        );
        assert_eq!(
            readable_time("2026-12-03T15:05:00+01:00"),
            "3 Dec 2026, 14:05 UTC"
        );
        assert_eq!(readable_time("2026-11-26"), "26 Nov 2026");
        assert_eq!(readable_time("yesterday"), "yesterday");
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("{prefix}-{suffix}"), "`{prefix}-{suffix}`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("^(a|b)$"), "`^(a\\|b)$`");
    }

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(
            link("https://docs.example.com"),
            "<https://docs.example.com>"
        );
        assert_eq!(link("mailto:team@example.com"), "<mailto:team@example.com>");
        assert_eq!(
            link("https://x.example/a b>c"),
            "<https://x.example/a%20b%3Ec>"
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert\\(1\\)");
        assert_eq!(link("file:///etc/passwd"), "file:///etc/passwd");
        assert_eq!(link("[x](javascript:y)"), "\\[x\\]\\(javascript:y\\)");
        assert_eq!(plain("\\[a|b]"), "\\\\\\[a\\|b\\]");
        assert_eq!(plain("team@example.com"), "team\\@example.com");
    }
}
