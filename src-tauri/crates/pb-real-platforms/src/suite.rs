//! Running a preset's whole validation suite against a real server, and judging it
//! the way "done" is defined for a preset: every step passed, or skipped for a
//! reason the connector gives, and nothing left behind.

use pb_connector::definition::Connector;
use pb_connector::{CallContext, Engine};
use pb_validation::{run_suite, Cancel, StepStatus, TestRun, ValidationPlan};

/// Parses a preset (or any connector text) and runs the whole suite once.
pub async fn run_whole_suite(
    connector_text: &str,
    ctx: &CallContext,
    plan: &ValidationPlan,
) -> (Connector, TestRun) {
    let connector = pb_connector::parse(connector_text)
        .unwrap_or_else(|e| panic!("the connector does not parse: {e}"))
        .connector;
    let run = run_suite(
        &Engine::new(),
        &connector,
        ctx,
        plan,
        &Cancel::default(),
        |_| {},
    )
    .await;
    (connector, run)
}

/// One line per step, for failure messages: what ran and what it said.
pub fn table(run: &TestRun) -> String {
    let mut out = String::new();
    for s in &run.steps {
        out.push_str(&format!(
            "{:<9} {:<34} {:>6} ms  {}\n",
            s.status.as_str(),
            s.name,
            s.duration_ms,
            s.message
        ));
        if s.status == StepStatus::Failed {
            for e in &s.exchanges {
                out.push_str(&format!(
                    "            {} {} -> {:?} {}\n",
                    e.method,
                    e.url,
                    e.status,
                    e.response_body
                        .as_deref()
                        .unwrap_or_default()
                        .chars()
                        .take(300)
                        .collect::<String>()
                ));
            }
        }
    }
    for l in &run.leftovers {
        out.push_str(&format!(
            "LEFTOVER {} {}: {}\n",
            l.kind, l.identifier, l.detail
        ));
    }
    out
}

/// Asserts the run passed as a whole: no step failed or was cancelled, no
/// leftovers, and exactly the steps in `skips` were skipped, each with a message
/// containing its reason. Returns the run's step table for printing.
pub fn assert_whole_suite_passed(run: &TestRun, skips: &[(&str, &str)]) -> String {
    let shown = table(run);
    assert_eq!(run.status, StepStatus::Passed, "the suite failed:\n{shown}");
    assert!(run.leftovers.is_empty(), "leftovers:\n{shown}");
    for step in &run.steps {
        match step.status {
            StepStatus::Passed => {}
            StepStatus::Skipped => {
                let expected = skips.iter().find(|(name, _)| *name == step.name);
                let Some((_, why)) = expected else {
                    panic!("'{}' was skipped unexpectedly:\n{shown}", step.name);
                };
                assert!(
                    step.message.contains(why),
                    "'{}' was skipped for another reason than '{why}':\n{shown}",
                    step.name
                );
            }
            other => panic!("'{}' is {}:\n{shown}", step.name, other.as_str()),
        }
    }
    for (name, _) in skips {
        assert!(
            run.steps.iter().any(|s| s.name == *name),
            "no step '{name}':\n{shown}"
        );
    }
    // Every passed step that ran an operation sent something: nothing was faked.
    for step in run.steps.iter().filter(|s| s.status == StepStatus::Passed) {
        if step.operation.is_some() {
            assert!(
                !step.exchanges.is_empty(),
                "'{}' passed without a single exchange:\n{shown}",
                step.name
            );
        }
    }
    shown
}

/// The suite's own time against the time its exchanges took (for `make bench`):
/// (suite ms, sum of exchange ms).
pub fn suite_and_exchange_ms(run: &TestRun) -> (u64, u64) {
    let exchanges = run
        .steps
        .iter()
        .flat_map(|s| &s.exchanges)
        .map(|e| e.duration_ms)
        .sum();
    (run.duration_ms, exchanges)
}
