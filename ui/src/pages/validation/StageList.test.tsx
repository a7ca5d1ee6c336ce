import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../../test/render';
import { connectionTest, exchange } from '../../test/validationFixtures';
import { StageList } from './StageList';

// What Rust writes for the auth and probe stages: the request line, the response
// headers, a blank line and a body excerpt (already redacted).
const DETAIL = [
  'POST http://keystone.example:5000/v3/auth/tokens?nocatalog= → HTTP 201 in 12 ms',
  'content-type: application/json',
  'x-subject-token: *****',
  '',
  '{"token": {"expires_at": "2026-12-02T13:25:37.000000Z"}}',
].join('\n');

function stageNamed(name: string) {
  return screen.getAllByTestId('connection-stage').find((s) => s.textContent?.includes(name.toUpperCase()))!;
}

describe('connection test stages', () => {
  it('keeps a detail collapsed until asked for, then shows it line by line', async () => {
    const test = connectionTest();
    test.stages[3] = { ...test.stages[3], detail: DETAIL };
    const user = userEvent.setup();
    renderWithProviders(<StageList test={test} />);

    const auth = stageNamed('auth');
    expect(within(auth).queryByTestId('stage-detail')).not.toBeInTheDocument();
    expect(auth).not.toHaveTextContent('x-subject-token');
    // Only stages with a detail offer one.
    expect(screen.getAllByTestId('stage-detail-toggle')).toHaveLength(1);

    const toggle = within(auth).getByRole('button', { name: 'Details of the AUTH stage' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);

    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const detail = within(auth).getByRole('region', { name: 'Details of the AUTH stage' });
    expect(toggle).toHaveAttribute('aria-controls', detail.id);
    expect(detail).toHaveAttribute('data-testid', 'stage-detail');
    // The lines stay lines: the text is kept as sent, shown pre-wrapped and scrollable.
    expect(detail.textContent).toBe(DETAIL);
    expect(detail).toHaveStyle({ whiteSpace: 'pre-wrap', overflow: 'auto', maxHeight: '200px' });
    expect(detail.tagName).toBe('PRE');
    expect(detail).toHaveAttribute('tabindex', '0');

    // The keyboard closes it again.
    toggle.focus();
    await user.keyboard('{Enter}');
    expect(within(auth).queryByTestId('stage-detail')).not.toBeInTheDocument();
    expect(toggle).toHaveAccessibleName('Details of the AUTH stage');
  });

  it('offers the detail of failed and warning stages too, and marks a warning as one', async () => {
    const test = connectionTest({ status: 'failed' });
    test.stages[3] = {
      ...test.stages[3],
      status: 'warning',
      message: 'not confirmed: the platform answered 200 without checking the token',
      detail: DETAIL,
    };
    test.stages[4] = { ...test.stages[4], status: 'failed', message: 'the API answered 500', detail: 'GET http://x/ → HTTP 500 in 3 ms' };
    const user = userEvent.setup();
    renderWithProviders(<StageList test={test} />);

    const auth = stageNamed('auth');
    expect(auth).toHaveAttribute('data-status', 'warning');
    // Yellow, as warnings are everywhere (format.ts), and says so in words.
    expect(within(auth).getByText('warning').parentElement!.getAttribute('style')).toContain('--mantine-color-yellow-light');
    expect(auth).toHaveTextContent('not confirmed: the platform answered 200');
    const probe = stageNamed('probe');
    await user.click(within(probe).getByRole('button', { name: 'Details of the PROBE stage' }));
    expect(within(probe).getByTestId('stage-detail')).toHaveTextContent('GET http://x/ → HTTP 500 in 3 ms');
    // Opening one leaves the others closed.
    expect(within(auth).queryByTestId('stage-detail')).not.toBeInTheDocument();
  });

  it('offers the requests of a passed test too, collapsed until asked for', async () => {
    const probe = exchange({
      request: 'check',
      method: 'GET',
      url: 'https://kafka-prod.example.com/health',
      status: 200,
      responseBody: '{"up":true}',
    });
    const test = connectionTest({ exchanges: [probe] });
    const user = userEvent.setup();
    renderWithProviders(<StageList test={test} />);

    expect(screen.getAllByTestId('connection-stage').map((s) => s.getAttribute('data-status'))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
    ]);
    expect(screen.queryByTestId('exchanges')).not.toBeInTheDocument();
    const toggle = screen.getByRole('button', { name: 'Show requests (1)' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('exchange-url')).toHaveTextContent('https://kafka-prod.example.com/health');
    expect(screen.getByTestId('exchange-response-body')).toHaveTextContent('{"up":true}');
    // Headers stay out, as for a failed step.
    expect(document.body).not.toHaveTextContent('masked-header');
    await user.click(screen.getByRole('button', { name: 'Hide requests' }));
    expect(screen.queryByTestId('exchanges')).not.toBeInTheDocument();
  });

  it('offers no requests when the test sent none', () => {
    renderWithProviders(<StageList test={connectionTest()} />);
    expect(screen.queryByTestId('stage-exchanges-toggle')).not.toBeInTheDocument();
  });
});
