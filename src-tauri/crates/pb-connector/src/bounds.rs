//! Bounds on documents that come from other people: definition files, connector
//! YAML/JSON, OpenAPI documents, JSON custom field values. The YAML parser the
//! types are read with (serde_norway, after libyaml) spends time quadratic in the
//! nesting depth: a 100 KB file of `[` took more than a minute to be refused. So
//! every such text first goes through a linear event scan that refuses nesting
//! deeper than [`MAX_DEPTH`] at the point it happens. Response bodies and exec
//! replies are read with serde_json, whose own limit is the same 128 levels.

/// Levels of mappings and sequences a document may nest. Real definitions use
/// fewer than 15; OpenAPI documents fewer than 40.
pub const MAX_DEPTH: usize = 128;

/// Opening brackets up to which a text the scan finds invalid is still handed to
/// the full parser, so that its (more familiar) message reports the syntax error:
/// the parser's quadratic cost is bounded by this count squared, milliseconds.
const HAND_ON_BRACKETS: usize = 4096;

/// Why a text is refused before it is parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooDeep {
    /// 1-based line where the limit was passed (or the syntax error is).
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for TooDeep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn too_deep(line: usize) -> TooDeep {
    TooDeep {
        line,
        message: format!("nested more than {MAX_DEPTH} levels deep; no definition needs that many"),
    }
}

/// Ok when `text` nests at most [`MAX_DEPTH`] levels, found in one linear scan.
/// A syntax error met on the way stops the scan: the text is then refused with
/// the scanner's message, unless it has so few brackets that the full parser can
/// safely report the error in its own words.
pub fn check_depth(text: &str) -> Result<(), TooDeep> {
    use saphyr_parser::{Event, Parser};
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        match event {
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), span)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(span.start.line()));
                }
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(e) => {
                let line = e.marker().line();
                // The scanner's own recursion guard: the same refusal, in our words.
                if e.to_string().contains("recursion limit") {
                    return Err(too_deep(line));
                }
                let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
                if brackets <= HAND_ON_BRACKETS {
                    return Ok(());
                }
                return Err(TooDeep {
                    line,
                    message: format!("not valid YAML or JSON: {e}"),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_documents_pass_and_deep_ones_are_refused_with_the_line() {
        assert!(check_depth("a: [1, {b: c}]\nd:\n  e: f\n").is_ok());
        assert!(check_depth("{\"a\": [[[1]]]}").is_ok());
        let ok = format!(
            "a: {}{}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(check_depth(&ok).is_ok());
        let deep = format!(
            "x: 1\na: {}{}",
            "[".repeat(MAX_DEPTH),
            "]".repeat(MAX_DEPTH)
        );
        let err = check_depth(&deep).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.to_string().starts_with("line 2: nested more than 128"),
            "{err}"
        );
        let block: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert!(check_depth(&block)
            .unwrap_err()
            .message
            .contains("nested more than"));
    }

    #[test]
    fn brackets_inside_strings_and_block_scalars_do_not_count() {
        let text = format!(
            "a: '{0}'\nb: \"{0}\"\nc: |\n  {0}\n# {0}\n",
            "[".repeat(500)
        );
        assert!(check_depth(&text).is_ok(), "{:?}", check_depth(&text));
    }

    #[test]
    fn syntax_errors_go_to_the_full_parser_unless_the_text_is_bracket_heavy() {
        assert!(check_depth("a: [1, 2\nb: }").is_ok());
        let heavy = format!("a: [1, 2\nb: }}\n{}", "[x] ".repeat(5000));
        assert!(check_depth(&heavy)
            .unwrap_err()
            .message
            .starts_with("not valid YAML"));
    }

    #[test]
    fn a_million_levels_are_refused_at_once() {
        let n = 1_000_000;
        let text = format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        let started = std::time::Instant::now();
        assert!(check_depth(&text).is_err());
        // Generous: the scan stops at the limit, microseconds in practice.
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
