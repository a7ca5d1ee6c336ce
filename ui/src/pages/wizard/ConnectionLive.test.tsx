import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Stage } from '../../bindings/Stage';
import { ipc } from '../../ipc';
import { channelSender } from '../../test/fakeValidation';
import { renderWithProviders } from '../../test/render';
import { ConnectionTestRunning } from './ConnectionTestRunning';

const stage = (name: Stage['name'], message: string): Stage => ({
  name,
  status: 'ok',
  durationMs: 3,
  message,
  detail: null,
  class: null,
  remediation: null,
  code: null,
  certificate: null,
});

describe('live connection test', () => {
  it('hands each stage to the caller as the backend sends it', async () => {
    let release: () => void = () => undefined;
    mockIPC(async (cmd, args) => {
      if (cmd !== 'test_connection') throw `unexpected ${cmd}`;
      const send = channelSender<Stage>((args as { onStage: unknown }).onStage);
      send(stage('dns', 'resolved'));
      send(stage('tcp', 'connected'));
      await new Promise<void>((r) => (release = r));
      return { stages: [], exchanges: [], status: 'ok' };
    });
    const seen: string[] = [];
    const done = ipc.testConnection('i-1', (s) => seen.push(s.name));
    await waitFor(() => expect(seen).toEqual(['dns', 'tcp']));
    release();
    await done;
  });

  it('shows the completed stages and names the one in progress', () => {
    renderWithProviders(<ConnectionTestRunning live={[stage('dns', 'resolved api.example.com'), stage('tcp', 'connected')]} />);
    expect(screen.getAllByTestId('connection-stage')).toHaveLength(2);
    expect(screen.getByText('resolved api.example.com')).toBeInTheDocument();
    expect(screen.getByText('Testing TLS…')).toBeInTheDocument();
  });
});
