import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ipcError } from '../../test/fakeBackend';
import { execFingerprint, execTrustState, installExecTrustBackend, TRUSTED_AT } from '../../test/fakeExecTrust';
import { queryKeys } from '../../queries';
import { renderWithProviders } from '../../test/render';
import { formatTime } from '../validation/format';
import { ExecTrustPanel } from './ExecTrustPanel';

function renderPanel(options: Parameters<typeof installExecTrustBackend>[0] = {}) {
  const backend = installExecTrustBackend(options);
  const user = userEvent.setup();
  // A host of its own: the providers render notifications beside it.
  const { queryClient } = renderWithProviders(
    <div data-testid="host">
      <ExecTrustPanel identifier="KAFKA" />
    </div>,
  );
  // The panel is empty while loading too, so tests of "nothing" wait for the answer.
  const settled = (status: 'success' | 'error') =>
    waitFor(() => expect(queryClient.getQueryState(queryKeys.execTrust('KAFKA'))?.status).toBe(status));
  return { backend, user, settled, host: screen.getByTestId('host') };
}

async function openPrompt(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('exec-trust-open'));
  return screen.findByRole('dialog', { name: 'Trust this program on this machine?' });
}

describe('the "Runs a local program" panel', () => {
  it('renders nothing for a type whose connector is not an exec connector', async () => {
    const { backend, host, settled } = renderPanel({ execTrust: null });
    await settled('success');
    expect(backend.callsTo('get_exec_trust').map((c) => c.args)).toEqual([{ identifier: 'KAFKA' }]);
    expect(host).toBeEmptyDOMElement();
  });

  it('renders nothing for a type that does not exist yet (a wizard draft)', async () => {
    const { backend, host, settled } = renderPanel({
      overrides: {
        get_exec_trust: () => {
          throw ipcError('not_found', 'Platform type KAFKA does not exist');
        },
      },
    });
    await settled('error');
    expect(backend.callsTo('get_exec_trust')).toHaveLength(1);
    expect(host).toBeEmptyDOMElement();
  });

  it('says so when it cannot tell whether the connector runs a program', async () => {
    const { settled } = renderPanel({
      overrides: {
        get_exec_trust: () => {
          throw ipcError('database', 'database error: disk I/O error');
        },
      },
    });
    await settled('error');
    expect(await screen.findByTestId('query-error')).toHaveTextContent('database error: disk I/O error');
  });

  it('shows what runs, argument by argument, and that it is not trusted', async () => {
    renderPanel();
    const panel = await screen.findByTestId('exec-trust-panel');
    expect(within(panel).getByRole('heading', { name: 'Runs a local program' })).toBeInTheDocument();
    expect(within(panel).getByTestId('exec-trust-status')).toHaveTextContent('Not trusted on this machine: it will not run');

    const fp = execFingerprint();
    const args = within(within(panel).getByTestId('exec-trust-command')).getAllByTestId('exec-trust-argument');
    expect(args.map((a) => a.textContent)).toEqual(fp.command);
    // The long `sh -c` script wraps inside its block rather than widening the page.
    expect(args[2]).toHaveStyle({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' });
    expect(within(panel).getByTestId('exec-trust-program')).toHaveTextContent('/usr/bin/sh');
    const sha = within(panel).getByTestId('exec-trust-sha256');
    expect(sha).toHaveTextContent(fp.programSha256);
    expect(sha).toHaveStyle({ overflowWrap: 'anywhere' });
    const file = within(panel).getByTestId('exec-trust-argument-file');
    expect(file).toHaveTextContent('/etc/kafka-admin/client.properties');
    expect(file).toHaveTextContent(fp.argumentFiles[0][1]);
    expect(within(panel).getAllByTestId('exec-trust-env-var').map((e) => e.textContent)).toEqual([
      'KAFKA_BOOTSTRAP={{ instance.endpoint }}',
      'KAFKA_PASSWORD=admin_password',
    ]);

    expect(within(panel).getByTestId('exec-trust-open')).toHaveTextContent('Trust this program…');
    expect(within(panel).queryByTestId('exec-trust-withdraw')).not.toBeInTheDocument();
  });

  it('trusts the program by the key the prompt showed, after repeating what it is', async () => {
    const { backend, user } = renderPanel();
    const dialog = await openPrompt(user);

    const fp = execFingerprint();
    expect(within(dialog).getAllByTestId('exec-trust-argument').map((a) => a.textContent)).toEqual(fp.command);
    expect(within(dialog).getByTestId('exec-trust-sha256')).toHaveTextContent(fp.programSha256);
    const explanation = within(dialog).getByTestId('exec-trust-explanation');
    expect(explanation).toHaveTextContent('local to this machine');
    expect(explanation).toHaveTextContent('never exported');
    expect(explanation).toHaveTextContent('the command, the environment or the program file changes');
    // Nothing is trusted by merely opening the prompt.
    expect(backend.callsTo('set_exec_trust')).toHaveLength(0);

    await user.click(within(dialog).getByTestId('exec-trust-confirm'));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.callsTo('set_exec_trust').map((c) => c.args)).toEqual([{ identifier: 'KAFKA', key: 'key-1' }]);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('KAFKA is trusted on this machine');
    await waitFor(() =>
      expect(screen.getByTestId('exec-trust-status')).toHaveTextContent(
        `Trusted on this machine since ${formatTime(TRUSTED_AT)}`,
      ),
    );
    expect(screen.queryByTestId('exec-trust-open')).not.toBeInTheDocument();
    expect(screen.getByTestId('exec-trust-withdraw')).toBeInTheDocument();
  });

  it('shows why trusting failed, and the program as it is now when it changed meanwhile', async () => {
    const { backend, user } = renderPanel();
    const dialog = await openPrompt(user);
    // The program is replaced on disk while the prompt is open.
    const changed = execFingerprint({ programSha256: 'ff'.repeat(32), key: 'key-2' });
    backend.trust.state = execTrustState({ fingerprint: changed });

    await user.click(within(dialog).getByTestId('exec-trust-confirm'));

    expect(await within(dialog).findByTestId('exec-trust-error')).toHaveTextContent(
      'the program or its command changed since it was shown; review it again before trusting it',
    );
    // Reloaded: the prompt now shows the new program, and trusting it sends its key.
    await waitFor(() => expect(within(dialog).getByTestId('exec-trust-sha256')).toHaveTextContent('ff'.repeat(32)));
    expect(backend.callsTo('get_exec_trust').length).toBeGreaterThan(1);
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    await user.click(within(dialog).getByTestId('exec-trust-confirm'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.callsTo('set_exec_trust').map((c) => c.args.key)).toEqual(['key-1', 'key-2']);
  });

  it('shows a failure other than a changed program as it came', async () => {
    const { user } = renderPanel({
      overrides: {
        set_exec_trust: () => {
          throw ipcError('database', 'database error: disk I/O error');
        },
      },
    });
    const dialog = await openPrompt(user);
    await user.click(within(dialog).getByTestId('exec-trust-confirm'));
    expect(await within(dialog).findByTestId('exec-trust-error')).toHaveTextContent('database error: disk I/O error');
    expect(within(dialog).getByTestId('exec-trust-confirm')).toBeEnabled();
  });

  it('withdraws the trust of a trusted program', async () => {
    const { backend, user } = renderPanel({ execTrust: execTrustState({ trusted: true, trustedAt: TRUSTED_AT }) });
    const status = await screen.findByTestId('exec-trust-status');
    expect(status).toHaveTextContent(`Trusted on this machine since ${formatTime(TRUSTED_AT)}`);
    expect(screen.queryByTestId('exec-trust-open')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('exec-trust-withdraw'));

    expect(backend.callsTo('remove_exec_trust').map((c) => c.args)).toEqual([{ identifier: 'KAFKA' }]);
    await waitFor(() =>
      expect(screen.getByTestId('exec-trust-status')).toHaveTextContent('Not trusted on this machine: it will not run'),
    );
    expect(screen.getByTestId('exec-trust-open')).toBeInTheDocument();
  });

  it('offers no buttons for a built-in type: it is trusted as shipped', async () => {
    renderPanel({ execTrust: execTrustState({ platformType: 'KAFKA', builtin: true, trusted: true }) });
    const panel = await screen.findByTestId('exec-trust-panel');
    expect(within(panel).getByTestId('exec-trust-status')).toHaveTextContent('Built in — ships with Platform Builder');
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('exec-trust-sha256')).toBeInTheDocument();
  });

  it('says so when the program changed since it was trusted, and offers to trust it again', async () => {
    renderPanel({ execTrust: execTrustState({ staleTrust: true }) });
    expect(await screen.findByTestId('exec-trust-status')).toHaveTextContent(
      'Changed since it was trusted: it will not run until trusted again',
    );
    expect(screen.getByTestId('exec-trust-open')).toBeInTheDocument();
    expect(screen.queryByTestId('exec-trust-withdraw')).not.toBeInTheDocument();
  });

  it('shows why a program that cannot be read cannot be trusted', async () => {
    const problem = 'cannot find kafka-tenants on PATH';
    renderPanel({ execTrust: execTrustState({ fingerprint: null, problem }) });
    const panel = await screen.findByTestId('exec-trust-panel');
    expect(within(panel).getByTestId('exec-trust-status')).toHaveTextContent('The program cannot be read: it will not run');
    expect(within(panel).getByTestId('exec-trust-problem')).toHaveTextContent(problem);
    expect(within(panel).queryByTestId('exec-trust-command')).not.toBeInTheDocument();
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument();
  });
});
