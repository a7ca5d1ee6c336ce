import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '../../test/render';
import { stepReport, testRun } from '../../test/validationFixtures';
import { RunSummary } from './RunSummary';
import { StepTimeline } from './StepTimeline';

describe('a run says how it judged known deviations', () => {
  it('shows a lenient run with its known deviation as a warning', () => {
    const warned = stepReport({
      name: 'credential refused',
      status: 'warning',
      message: 'known deviation (the sandbox accepts any key): NOT protected: a wrong credential was accepted',
    });
    const run = testRun({ strictness: 'lenient', steps: [stepReport(), warned] });
    renderWithProviders(
      <>
        <RunSummary run={run} />
        <StepTimeline steps={run.steps.map((report, index) => ({ index, name: report.name, status: report.status, report }))} />
      </>,
    );
    expect(screen.getByTestId('validation-status')).toHaveTextContent('Validation passed');
    expect(screen.getByTestId('validation-strictness')).toHaveTextContent('Lenient');
    expect(screen.getByTestId('validation-warnings')).toHaveTextContent('1 known deviation');
    const step = screen.getAllByTestId('validation-step')[1];
    expect(step).toHaveAttribute('data-status', 'warning');
    expect(step).toHaveTextContent('known deviation (the sandbox accepts any key)');
  });

  it('marks a strict run as strict, without warnings', () => {
    renderWithProviders(<RunSummary run={testRun()} />);
    expect(screen.getByTestId('validation-strictness')).toHaveTextContent('Strict');
    expect(screen.queryByTestId('validation-warnings')).not.toBeInTheDocument();
  });
});
