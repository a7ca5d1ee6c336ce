//! Does a screen fit? At each supported window size (1024×768, the smallest, and
//! 1280×800) the page is measured in the real window: a table cell, button, tab,
//! badge or label whose content is wider than its box — clipped by an ellipsis or
//! spilling into its neighbour — counts as a problem unless the full value is one
//! hover away (a `title`, or `data-full-text` set by the UI's tooltip components)
//! or the content sits in a scroll container the administrator can scroll. So does
//! anything that ends beyond the window's right edge outside a scroll container,
//! and a page that scrolls sideways as a whole.
//!
//! The measurement runs in the page, so it sees what WebKit laid out, not what the
//! CSS intended. Each size is also captured to target/e2e-screens/NAME-WxH.png.

use std::time::Duration;

use crate::App;

/// The window sizes every main screen must fit.
pub const SIZES: [(u32, u32); 2] = [(1024, 768), (1280, 800)];

const MEASURE: &str = r#"
const problems = [];
const vw = document.documentElement.clientWidth;
const shown = (el) => {
  const r = el.getBoundingClientRect();
  // 1 px or less: text only for screen readers (Mantine's VisuallyHidden).
  if (r.width <= 1 || r.height <= 1) return false;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
  // Behind an open modal's overlay is not on the screen the administrator sees.
  const dialogs = document.querySelectorAll('[role=dialog][aria-modal=true]');
  const top = dialogs.length ? dialogs[dialogs.length - 1] : null;
  return !top || top.contains(el);
};
const describe = (el) => {
  const id = el.closest('[data-testid]');
  const where = id ? ` in [data-testid=${id.getAttribute('data-testid')}]` : '';
  const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  return `${el.tagName.toLowerCase()} "${text}"${where}`;
};
// The nearest title of any ancestor is what hovering anywhere inside shows.
const hoverable = (el) => {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    if (e.hasAttribute('title') || e.hasAttribute('data-full-text')) return true;
  }
  return !!el.querySelector('[title],[data-full-text]');
};
const scrollable = (el) => {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const s = getComputedStyle(e);
    if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && e.scrollWidth > e.clientWidth + 1) return true;
  }
  return false;
};
const boxes = 'td, th, button, [role=tab], [role=button], .mantine-Badge-root, label, .mantine-Stepper-step';
for (const box of document.querySelectorAll(boxes)) {
  if (!shown(box)) continue;
  // The box and what it holds: a truncated Text inside a cell clips, not the cell.
  // A table that scrolls sideways does not excuse a cell that clips its own text.
  for (const el of [box, ...box.querySelectorAll('*')]) {
    if (el !== box && !shown(el)) continue;
    const s = getComputedStyle(el);
    const clips = el === box || s.overflowX === 'hidden' || s.overflowX === 'clip' || s.textOverflow === 'ellipsis';
    if (!clips || s.overflowX === 'auto' || s.overflowX === 'scroll') continue;
    // Only text can be cut; a switch's track or an icon's box may overhang by design.
    if (!el.textContent.trim()) continue;
    if (el.scrollWidth > el.clientWidth + 1 && !hoverable(el)) {
      problems.push(`content wider than its box (${el.scrollWidth} > ${el.clientWidth} px): ${describe(el)}`);
      break;
    }
  }
  const r = box.getBoundingClientRect();
  if (r.right > vw + 1 && !scrollable(box.parentElement)) {
    problems.push(`ends beyond the window (${Math.round(r.right)} > ${vw} px): ${describe(box)}`);
  }
}
if (document.documentElement.scrollWidth > vw + 1) {
  problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${vw} px)`);
}
return problems;
"#;

/// Resizes the window to `width`×`height` and lets Mantine's breakpoints settle.
pub async fn resize(app: &App, width: u32, height: u32) {
    app.driver()
        .set_window_rect(0, 0, width, height)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
}

/// What does not fit on the current screen at each size, as `screen WxH: problem`
/// lines; also captures each size. Leaves the window at the last size (1280×800).
pub async fn misfits(app: &App, screen: &str) -> Vec<String> {
    let mut all = Vec::new();
    for (w, h) in SIZES {
        resize(app, w, h).await;
        app.screenshot(&format!("{screen}-{w}x{h}")).await;
        let found = app
            .driver()
            .execute(MEASURE, Vec::new())
            .await
            .expect("measure the page");
        let found: Vec<String> = found.convert().unwrap_or_default();
        all.extend(found.into_iter().map(|p| format!("{screen} {w}x{h}: {p}")));
    }
    all
}

/// Collects misfits over several screens, so one run names them all.
#[derive(Default)]
pub struct FitReport {
    problems: Vec<String>,
}

impl FitReport {
    pub async fn screen(&mut self, app: &App, name: &str) {
        self.problems.extend(misfits(app, name).await);
    }

    /// Fails the test with every problem found, one per line.
    pub fn assert_fits(&self) {
        assert!(
            self.problems.is_empty(),
            "{} layout problem(s):\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}
