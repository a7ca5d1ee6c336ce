//! meshStack wants a platform type's icon as an image data URI; the app's icons
//! are names of its own icon set. The export draws a plain badge instead — the
//! type's initials on a colour chosen by its icon name — so the marketplace shows
//! something recognisable without shipping anyone else's artwork.

use base64::Engine;

const PALETTE: [&str; 8] = [
    "#1c7ed6", "#e8590c", "#2f9e44", "#7048e8", "#c2255c", "#0c8599", "#5c940d", "#495057",
];

fn colour(icon: &str) -> &'static str {
    // A stable choice (FNV-1a), the same in every export of the same type.
    let hash = icon.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    PALETTE[hash as usize % PALETTE.len()]
}

/// Up to two initials from the words of the display name (letters and digits).
fn initials(display_name: &str) -> String {
    let letters: String = display_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| w.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase();
    if letters.is_empty() {
        "P".into()
    } else {
        letters
    }
}

pub fn data_uri(display_name: &str, icon: &str) -> String {
    let svg = format!(
        concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">"##,
            r##"<rect width="64" height="64" rx="12" fill="{}"/>"##,
            r##"<text x="32" y="41" font-family="sans-serif" font-size="24" font-weight="700" text-anchor="middle" fill="#ffffff">{}</text>"##,
            "</svg>"
        ),
        colour(icon),
        initials(display_name)
    );
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_a_stable_colour() {
        assert_eq!(initials("Event streaming"), "ES");
        assert_eq!(initials("§§"), "P");
        assert_eq!(data_uri("Kafka", "server"), data_uri("Kafka", "server"));
        assert!(data_uri("Kafka", "server").starts_with("data:image/svg+xml;base64,"));
    }
}
