import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IpcFailure } from '../../ipc';
import { renderWithProviders } from '../../test/render';
import { connectionTest, connectionTestWithCertificate } from '../../test/validationFixtures';
import { ConnectionTestResult } from './ConnectionTestResult';

// The one view of a finished connection test, as the wizard, the instance page,
// the instance form and the validation drawer configure it.

const FAILURE = new IpcFailure('keyring', 'The OS keyring is locked', [], 'Unlock the keyring and test again.');

describe('connection test result', () => {
  it('shows the status under the given test ids, the stages and the certificate when asked', () => {
    renderWithProviders(
      <ConnectionTestResult test={connectionTestWithCertificate()} failure={null} testId="connection" withCertificate />,
    );
    const result = screen.getByTestId('connection-result');
    expect(within(result).getByText('Connection test')).toBeInTheDocument();
    expect(within(result).getByTestId('connection-status')).toHaveTextContent('ok');
    expect(within(result).getAllByTestId('connection-stage')).toHaveLength(5);
    expect(within(result).getByTestId('certificate-details')).toHaveTextContent('CN=kafka-prod.example.com');
    expect(within(result).getByTestId('certificate-expiring')).toHaveTextContent('expires in 10 days');
  });

  it('leaves the certificate out unless asked, and shows notes above the stages', () => {
    renderWithProviders(
      <ConnectionTestResult
        test={connectionTestWithCertificate()}
        failure={null}
        testId="draft"
        heading={<span>Test of the values above</span>}
        statusLabel={(status) => status.toUpperCase()}
      >
        <p>A note</p>
      </ConnectionTestResult>,
    );
    expect(screen.getByTestId('draft-result')).toHaveTextContent('Test of the values above');
    expect(screen.getByTestId('draft-status')).toHaveTextContent('OK');
    expect(screen.getByText('A note')).toBeInTheDocument();
    expect(screen.queryByTestId('certificate-details')).not.toBeInTheDocument();
  });

  it('shows why a test could not run, with the code when asked, and can be dismissed', async () => {
    const onDismiss = vi.fn();
    const user = userEvent.setup();
    const { rerender } = renderWithProviders(
      <ConnectionTestResult test={undefined} failure={FAILURE} testId="test-now" withCode onDismiss={onDismiss} />,
    );
    const error = screen.getByTestId('test-now-error');
    expect(error).toHaveTextContent('The connection test could not run');
    expect(error).toHaveTextContent('The OS keyring is locked (keyring)');
    expect(error).toHaveTextContent('Unlock the keyring and test again.');
    await user.click(within(error).getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledTimes(1);

    rerender(<ConnectionTestResult test={connectionTest()} failure={null} testId="test-now" onDismiss={onDismiss} />);
    await user.click(screen.getByRole('button', { name: 'Dismiss the connection test result' }));
    expect(onDismiss).toHaveBeenCalledTimes(2);
  });

  it('shows nothing before a test ran', () => {
    renderWithProviders(<ConnectionTestResult test={null} failure={null} testId="connection" />);
    expect(screen.queryByTestId('connection-result')).not.toBeInTheDocument();
    expect(screen.queryByTestId('connection-error')).not.toBeInTheDocument();
  });
});
