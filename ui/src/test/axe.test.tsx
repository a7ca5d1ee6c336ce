import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { seriousViolations } from './axe';

// The helper behind a11y.test.tsx: it must report what blocks a screen-reader
// user, and only that.

describe('seriousViolations', () => {
  it('names the rule, its help and the element of each serious or critical violation', async () => {
    render(
      <main>
        <h1>Instances</h1>
        <input id="endpoint" />
        <button type="button">
          <svg aria-hidden="true" />
        </button>
      </main>,
    );
    const report = (await seriousViolations()).split('\n');
    expect(report).toEqual([
      expect.stringMatching(/^button-name: Buttons must have discernible text — button <button type="button">/),
      expect.stringMatching(/^label: Form elements must have labels — #endpoint <input id="endpoint">/),
    ]);
  });

  it('leaves out minor and moderate findings (a skipped heading level)', async () => {
    render(
      <main>
        <h1>Platforms</h1>
        <h4>Instances</h4>
      </main>,
    );
    expect(await seriousViolations()).toBe('');
  });
});
