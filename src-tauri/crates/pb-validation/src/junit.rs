//! JUnit XML for test runs, in the shape common CI systems read (Jenkins, GitLab,
//! GitHub test reporters): `<testsuites>` → `<testsuite>` with counts → one
//! `<testcase>` per step or stage, with `<failure>` or `<skipped>`.

use pb_connector::diagnose::{ConnectionTest, StageStatus};

use crate::report::{StepStatus, TestRun};

/// One test case.
pub struct Case {
    pub name: String,
    pub time_ms: u64,
    pub outcome: Outcome,
    pub output: String,
}

pub enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other control characters, even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn seconds(ms: u64) -> String {
    format!("{:.3}", ms as f64 / 1000.0)
}

/// `suite` names the suite (e.g. "Kafka / prod: validation"); `timestamp` is ISO 8601.
pub fn render(suite: &str, timestamp: &str, cases: &[Case]) -> String {
    let count = |f: fn(&Outcome) -> bool| cases.iter().filter(|c| f(&c.outcome)).count();
    let failures = count(|o| matches!(o, Outcome::Failed(_)));
    let skipped = count(|o| matches!(o, Outcome::Skipped(_)));
    let total_ms: u64 = cases.iter().map(|c| c.time_ms).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"{name}\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{t}\">\n",
        name = escape(suite),
        n = cases.len(),
        t = seconds(total_ms)
    ));
    xml.push_str(&format!(
        "  <testsuite name=\"{name}\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"{t}\" timestamp=\"{ts}\">\n",
        name = escape(suite),
        n = cases.len(),
        t = seconds(total_ms),
        ts = escape(timestamp)
    ));
    for case in cases {
        xml.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
            escape(&case.name),
            escape(suite),
            seconds(case.time_ms)
        ));
        let body = match &case.outcome {
            Outcome::Passed => String::new(),
            Outcome::Failed(m) => format!(
                "      <failure message=\"{}\" type=\"failure\">{}</failure>\n",
                escape(m),
                escape(m)
            ),
            Outcome::Skipped(m) => format!("      <skipped message=\"{}\"/>\n", escape(m)),
        };
        let output = if case.output.is_empty() {
            String::new()
        } else {
            format!("      <system-out>{}</system-out>\n", escape(&case.output))
        };
        if body.is_empty() && output.is_empty() {
            xml.push_str("/>\n");
        } else {
            xml.push_str(&format!(">\n{body}{output}    </testcase>\n"));
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// The steps of a validation run (cleanup steps included, prefixed), and one case
/// per leftover so a pipeline sees what needs removing by hand.
pub fn validation_cases(run: &TestRun) -> Vec<Case> {
    let mut cases: Vec<Case> = run
        .steps
        .iter()
        .map(|s| Case {
            name: s.name.clone(),
            time_ms: s.duration_ms,
            outcome: match s.status {
                // JUnit has no warning: a known deviation passes, and says so in
                // its output.
                StepStatus::Passed | StepStatus::Warning => Outcome::Passed,
                StepStatus::Failed => Outcome::Failed(s.explained()),
                StepStatus::Skipped | StepStatus::Cancelled => Outcome::Skipped(s.message.clone()),
            },
            output: (s.status == StepStatus::Warning)
                .then(|| format!("warning: {}", s.explained()))
                .into_iter()
                .chain(s.exchanges.iter().map(|e| {
                    format!(
                        "{} {} -> {}",
                        e.method,
                        e.url,
                        e.status
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| "no response".into())
                    )
                }))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    for left in &run.leftovers {
        cases.push(Case {
            name: format!("left behind: {} {}", left.kind, left.identifier),
            time_ms: 0,
            outcome: Outcome::Failed(left.detail.clone()),
            output: String::new(),
        });
    }
    cases
}

/// The stages of a connection test.
pub fn connection_cases(test: &ConnectionTest) -> Vec<Case> {
    test.stages
        .iter()
        .map(|s| {
            let name = serde_json::to_value(s.name)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            Case {
                name,
                time_ms: s.duration_ms,
                outcome: match s.status {
                    StageStatus::Ok | StageStatus::Warning => Outcome::Passed,
                    StageStatus::Failed => Outcome::Failed(s.message.clone()),
                    StageStatus::Skipped => Outcome::Skipped(s.message.clone()),
                },
                output: match s.status {
                    StageStatus::Warning => format!("warning: {}", s.message),
                    _ => s.message.clone(),
                },
            }
        })
        .collect()
}
