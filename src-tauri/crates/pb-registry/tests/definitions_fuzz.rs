//! Property tests over what reads untrusted text: the definition parser and the
//! template renderer never panic, whatever they are given, and a valid document
//! with random damage is either read or reported as problems. A fixed budget of
//! cases per property keeps this in every `cargo test`.

use std::path::Path;

use pb_connector::template::{check_syntax, Templates};
use pb_registry::definitions::parse::read_text;
use proptest::prelude::*;
use serde_json::json;

const VALID: &str = "apiVersion: platformbuilder.dev/v1
kind: Instance
metadata:
  name: prod
  platform: billing
  version: 3
spec:
  environment: prod
  endpoint: https://billing.example.com
  fieldValues:
    region: eu-west-1
    sizes: [1, 2, 3]
  credential:
    fromEnv: TOKEN
---
apiVersion: platformbuilder.dev/v1
kind: Platform
metadata:
  name: billing
spec:
  displayName: Billing
  type: GENERIC-REST
  tags:
    - key: team
      value: core
";

fn config() -> ProptestConfig {
    // `make fuzz` raises the budget through PB_FUZZ_CASES.
    let cases = std::env::var("PB_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1500);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_is_read_or_reported(text in "\\PC{0,400}") {
        let (documents, problems) = read_text(Path::new("fuzz.yaml"), &text);
        for p in &problems {
            prop_assert!(p.line.is_none_or(|l| l >= 1));
        }
        let _ = documents;
    }

    #[test]
    fn a_damaged_document_is_read_or_reported(
        at in 0usize..VALID.len(),
        cut in 0usize..12,
        insert in "[-:{}\\[\\]\"'#&*!|> \n\ta-z0-9]{0,8}",
    ) {
        let mut text = VALID.to_owned();
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let end = (at + cut).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
        text.replace_range(at..end, &insert);
        let (documents, problems) = read_text(Path::new("fuzz.yaml"), &text);
        prop_assert!(documents.len() + problems.len() >= 1, "{text}");
        let lines = text.lines().count().max(1);
        for p in &problems {
            prop_assert!(p.line.is_none_or(|l| l <= lines + 1), "line {:?} of {lines}: {text}", p.line);
        }
    }

    #[test]
    fn templates_render_or_fail_cleanly(template in "[a-z{}%|. _()'\"0-9-]{0,60}") {
        let context = json!({"tenant": {"name": "t1", "tags": ["a"]}, "fields": {"region": "eu"}});
        let _ = Templates::new().render(&template, &context);
        let _ = Templates::new().render_value(&json!({"body": template.clone()}), &context);
        let _ = check_syntax(&json!([template]));
    }
}
