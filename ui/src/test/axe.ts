import axe from 'axe-core';

// Runs axe-core on what is rendered and keeps the violations an administrator
// using a screen reader or the keyboard cannot work around: impact serious or
// critical. Minor and moderate findings are left to review.

const BLOCKING = new Set(['serious', 'critical']);

const OPTIONS: axe.RunOptions = {
  rules: {
    // Contrast needs the computed colours of laid-out text over its backdrop;
    // jsdom neither lays out nor paints (no canvas), so axe can only report
    // every text as "needs review" or guess wrong.
    'color-contrast': { enabled: false },
    // Compares an element's visible text with its accessible name, but first
    // measures each text in a canvas to tell icon-font ligatures from words;
    // jsdom has no canvas, so the check throws on every element it applies to.
    'label-content-name-mismatch': { enabled: false },
  },
  resultTypes: ['violations'],
};

/**
 * One line per offending element: "rule: help — selector", then the start of its
 * HTML, since Mantine's generated class names alone rarely say which element it is.
 */
export function formatViolations(violations: axe.Result[]): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} — ${n.target.join(' ')} ${n.html.slice(0, 160)}`))
    .join('\n');
}

/**
 * The serious and critical violations in the whole document body: modals,
 * drawers and popovers are portalled outside the rendered container.
 */
export async function seriousViolations(root: Element = document.body): Promise<string> {
  const results = await axe.run(root, OPTIONS);
  return formatViolations(results.violations.filter((v) => v.impact && BLOCKING.has(v.impact)));
}
