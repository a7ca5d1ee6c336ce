//! Property-based fuzzing of everything in the engine that reads someone else's
//! text (issue 13): connector definitions, the nesting scan, extraction
//! expressions over response bodies, the OpenAPI importer and the exec reply
//! parser. Each must answer (a value or an error), never panic, and refuse deep
//! nesting. `cargo test` runs a small budget per property; `make fuzz` runs them
//! with PB_FUZZ_CASES in the hundreds of thousands (a few minutes each).
//! Inputs that once failed are kept below as regression tests.

use pb_connector::bounds::{check_depth, MAX_DEPTH};
use pb_connector::exec::read_reply;
use pb_connector::redact::Redactor;
use pb_connector::{extract, openapi, presets};
use proptest::prelude::*;
use serde_json::json;

fn config() -> ProptestConfig {
    let cases = std::env::var("PB_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(400);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A valid text with a random cut and a random insertion of YAML-ish bytes.
fn damage(valid: &str, at: usize, cut: usize, insert: &str) -> String {
    let mut text = valid.to_owned();
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let end = (at + cut).min(text.len());
    let end = (end..=text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    text.replace_range(at..end, insert);
    text
}

const OPENAPI: &str = r#"openapi: 3.0.3
info: {title: Tenants, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /tenants:
    get: {operationId: listTenants, responses: {"200": {description: ok}}}
    post:
      operationId: createTenant
      requestBody: {content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}}
      responses: {"201": {description: created}}
  /tenants/{id}:
    delete: {operationId: deleteTenant, parameters: [{name: id, in: path, required: true}], responses: {"204": {description: gone}}}
"#;

/// Random nesting of sequences and mappings, `depth` levels, in flow style.
fn nested(depth: usize, shape: &[bool]) -> String {
    let mut open = String::new();
    let mut close = String::new();
    for level in 0..depth {
        if shape[level % shape.len()] {
            open.push('[');
            close.insert(0, ']');
        } else {
            open.push_str("{k: ");
            close.insert(0, '}');
        }
    }
    format!("a: {open}1{close}\n")
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_is_a_connector_or_an_error(text in "\\PC{0,300}") {
        let _ = pb_connector::parse(&text);
    }

    #[test]
    fn a_damaged_preset_is_a_connector_or_an_error(
        preset in 0usize..presets::PRESETS.len(),
        at in 0usize..4000,
        cut in 0usize..16,
        insert in "[-:{}\\[\\]\"'#&*!|>%@` \n\ta-z0-9]{0,10}",
    ) {
        let text = damage(presets::PRESETS[preset].1, at, cut, &insert);
        let _ = pb_connector::parse(&text);
    }

    #[test]
    fn nesting_is_refused_past_the_limit_and_only_there(
        depth in 1usize..400,
        shape in proptest::collection::vec(any::<bool>(), 1..8),
    ) {
        let text = nested(depth, &shape);
        let scanned = check_depth(&text);
        // `a:` is one mapping level above the nested value.
        prop_assert_eq!(scanned.is_ok(), depth < MAX_DEPTH, "depth {}: {:?}", depth, scanned);
        let _ = pb_connector::parse(&text);
        let _ = openapi::parse(&text);
    }

    #[test]
    fn extraction_answers_for_any_expression_and_body(
        expression in "[-a-z0-9_/.\\[\\]*?@|&!=<>'\"(){}:, `$]{0,40}",
        body in "\\PC{0,200}",
    ) {
        let value = serde_json::from_str(&body).unwrap_or_else(|_| json!({"items": [{"id": 1, "name": body}], "next": null}));
        let _ = extract::find(&value, &expression);
    }

    #[test]
    fn a_damaged_openapi_document_is_read_or_refused(
        at in 0usize..OPENAPI.len(),
        cut in 0usize..20,
        insert in "[-:{}\\[\\]\"'#&*!|>$/ \n\ta-z0-9]{0,10}",
    ) {
        let _ = openapi::parse(&damage(OPENAPI, at, cut, &insert));
    }

    #[test]
    fn any_exec_reply_is_an_outcome(
        stdout in "\\PC{0,200}",
        code in -2i32..300,
        stderr in "\\PC{0,100}",
        ok in any::<bool>(),
        class in "[a-z]{0,14}",
    ) {
        let redactor = Redactor::default();
        let _ = read_reply("exec", &stdout, code, &stderr, &redactor);
        let shaped = json!({"ok": ok, "outputs": {"x": stdout}, "notFound": ok, "error": {"class": class, "message": stderr}}).to_string();
        let (outcome, not_found) = read_reply("exec", &shaped, code, &stderr, &redactor);
        prop_assert_eq!(outcome.is_ok(), ok);
        prop_assert!(!not_found || ok);
    }
}

/// Found by fuzzing: a reply nested 100,000 levels deep is refused by serde_json's
/// own limit, not followed.
#[test]
fn a_deeply_nested_exec_reply_is_an_invalid_body() {
    let reply = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (outcome, _) = read_reply("exec", &reply, 0, "", &Redactor::default());
    assert_eq!(outcome.unwrap_err().code(), "invalid_body");
}

/// Found by fuzzing: OpenAPI documents go through the nesting scan too.
#[test]
fn a_deep_openapi_document_is_refused_with_its_line() {
    let text = format!(
        "openapi: 3.0.3\npaths: {}{}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let err = openapi::parse(&text).unwrap_err();
    assert!(err.contains("nested more than 128"), "{err}");
}
