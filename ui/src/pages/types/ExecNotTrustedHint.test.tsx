import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OperationError } from '../../bindings/OperationError';
import { IpcFailure } from '../../ipc';
import { installExecTrustBackend } from '../../test/fakeExecTrust';
import { renderWithProviders } from '../../test/render';
import { connectionTest } from '../../test/validationFixtures';
import { OperationInspector } from '../integration/Inspector';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';
import { StageList } from '../validation/StageList';
import { StepTimeline } from '../validation/StepTimeline';
import { PlatformTypeScope } from './platformTypeScope';

const MESSAGE = 'this machine has not trusted the program /usr/bin/sh (sha256 3f5a9c0e…)';

/** A connection test whose API probe was refused before the program ran. */
function untrustedTest(code: string | null = 'exec_not_trusted') {
  const test = connectionTest({ status: 'failed' });
  test.stages[4] = { ...test.stages[4], status: 'failed', message: MESSAGE, class: 'configuration', code };
  return test;
}

const untrustedError: OperationError = {
  code: 'exec_not_trusted',
  class: 'configuration',
  message: MESSAGE,
  remediation: 'Review the program and trust it on this machine.',
};

function renderIn(ui: ReactElement, typeId: string | null = 'KAFKA') {
  const backend = installExecTrustBackend();
  const user = userEvent.setup();
  renderWithProviders(<PlatformTypeScope value={typeId}>{ui}</PlatformTypeScope>);
  return { backend, user };
}

describe('an untrusted exec program next to the failure it caused', () => {
  it('offers to review and trust the program from a failed connection-test stage', async () => {
    const { backend, user } = renderIn(<StageList test={untrustedTest()} />);
    const probe = screen.getAllByTestId('connection-stage')[4];
    const hint = within(probe).getByTestId('exec-not-trusted-hint');
    expect(hint).toHaveTextContent('has not trusted the program the connector of KAFKA runs');

    await user.click(within(hint).getByTestId('exec-not-trusted-open'));
    const dialog = await screen.findByRole('dialog', { name: 'Trust this program on this machine?' });
    expect(await within(dialog).findByTestId('exec-trust-sha256')).toHaveTextContent('3f5a9c0e');
    await user.click(within(dialog).getByTestId('exec-trust-confirm'));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // The prompt read the type the view is about (and read it again once trusted).
    expect(new Set(backend.callsTo('get_exec_trust').map((c) => c.args.identifier))).toEqual(new Set(['KAFKA']));
    expect(backend.callsTo('set_exec_trust').map((c) => c.args)).toEqual([{ identifier: 'KAFKA', key: 'key-1' }]);
  });

  it('loads nothing until asked, and shows no hint for other failures', async () => {
    const { backend } = renderIn(<StageList test={untrustedTest('redirected')} />);
    expect(screen.queryByTestId('exec-not-trusted-hint')).not.toBeInTheDocument();
    expect(backend.callsTo('get_exec_trust')).toHaveLength(0);
  });

  it('points to the platform page where the view does not know the type', () => {
    renderIn(<StageList test={untrustedTest()} />, null);
    const hint = screen.getByTestId('exec-not-trusted-hint');
    expect(hint).toHaveTextContent("Trust it in the ‘Runs a local program’ panel on the platform page.");
    expect(screen.queryByTestId('exec-not-trusted-open')).not.toBeInTheDocument();
  });

  it('offers it next to an operation report error (Try it) and a validation step', () => {
    renderIn(
      <>
        <OperationInspector
          report={{
            operation: 'check',
            ok: false,
            notFound: false,
            outputs: {},
            error: untrustedError,
            exchanges: [],
            durationMs: 2,
          }}
        />
        <StepTimeline
          steps={[
            {
              index: 0,
              name: 'check',
              status: 'failed',
              report: {
                name: 'check',
                operation: 'check',
                status: 'failed',
                durationMs: 2,
                message: MESSAGE,
                error: untrustedError,
                exchanges: [],
                cleanup: false,
                differences: [],
              },
            },
          ]}
        />
      </>,
    );
    expect(within(screen.getByTestId('inspector-error')).getByTestId('exec-not-trusted-open')).toBeInTheDocument();
    expect(within(screen.getByTestId('validation-step')).getByTestId('exec-not-trusted-open')).toBeInTheDocument();
  });

  it('offers it when the connection test could not run at all for that reason', () => {
    const failure = new IpcFailure('exec_not_trusted', MESSAGE);
    renderIn(<ConnectionTestResult test={null} failure={failure} testId="test-now" />);
    const alert = screen.getByTestId('test-now-error');
    expect(alert).toHaveTextContent(MESSAGE);
    expect(within(alert).getByTestId('exec-not-trusted-open')).toBeInTheDocument();
  });
});
