//! What the window benchmarks share: timing the registry page in the page itself.

use crate::App;

/// Milliseconds from `action` (JavaScript run in the page) until the registry table
/// shows `rows` rows in all and at least one row, measured in the page and taken
/// at the next animation frame, when the result is painted.
pub async fn time_in_page(app: &App, action: &str, rows: u32) -> f64 {
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        const started = performance.now();
        const shown = () => {{
          const table = document.querySelector('[data-testid="registry-table"]');
          return table && table.getAttribute('aria-rowcount') === '{}'
            && document.querySelector('[data-testid="registry-row"]');
        }};
        const finish = () => requestAnimationFrame(() => done(performance.now() - started));
        const observer = new MutationObserver(() => {{
          if (shown()) {{ observer.disconnect(); finish(); }}
        }});
        observer.observe(document.body, {{ subtree: true, childList: true, attributes: true }});
        {action}
        if (shown()) {{ observer.disconnect(); finish(); }}"#,
        rows + 1
    );
    match app.driver().execute_async(&script, vec![]).await {
        Ok(value) => value.json().as_f64().expect("milliseconds"),
        Err(e) => {
            let state = app
                .driver()
                .execute(
                    "const t = document.querySelector('[data-testid=\"registry-table\"]');
                     return [t && t.getAttribute('aria-rowcount'),
                             document.querySelectorAll('[data-testid=\"registry-row\"]').length];",
                    vec![],
                )
                .await
                .map(|v| v.json().to_string());
            panic!("the registry never showed {rows} rows (table rowcount, rows: {state:?}): {e}");
        }
    }
}

pub const OPEN_REGISTRY: &str = "document.querySelector('[data-testid=\"nav-registry\"]').click();";
