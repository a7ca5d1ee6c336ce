import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { call, ipc, IpcFailure, toFormErrors, toIpcFailure } from './ipc';

function rejectWith(value: unknown) {
  mockIPC(() => {
    throw value;
  });
}

async function failureOf(promise: Promise<unknown>): Promise<IpcFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IpcFailure);
  return error as IpcFailure;
}

describe('call', () => {
  it('resolves with the command reply and passes camelCase arguments', async () => {
    const seen: unknown[] = [];
    mockIPC((cmd, args) => {
      seen.push({ cmd, args });
      return [{ id: 'i-1' }];
    });

    await expect(ipc.listInstances('p-1')).resolves.toEqual([{ id: 'i-1' }]);
    expect(seen).toEqual([{ cmd: 'list_instances', args: { platformId: 'p-1' } }]);
  });

  it('turns a validation IpcError into a failure with fields', async () => {
    rejectWith({
      code: 'validation',
      message: 'Some fields are invalid',
      details: {
        fields: [
          { field: 'identifier', message: 'Identifier is required' },
          { field: 'tags.0.key', message: 'Tag keys use lower-case letters' },
        ],
        remediation: null,
      },
    });

    const failure = await failureOf(call('create_platform_type', { input: {} }));
    expect(failure.code).toBe('validation');
    expect(failure.message).toBe('Some fields are invalid');
    expect(failure.fields).toEqual([
      { field: 'identifier', message: 'Identifier is required' },
      { field: 'tags.0.key', message: 'Tag keys use lower-case letters' },
    ]);
    expect(failure.remediation).toBeNull();
    expect(failure.belongsToForm).toBe(true);
  });

  it('keeps the remediation of a keyring error', async () => {
    rejectWith({
      code: 'keyring_unavailable',
      message: 'No Secret Service keyring is running',
      details: { fields: [], remediation: 'Start and unlock GNOME Keyring.' },
    });

    const failure = await failureOf(ipc.setInstanceCredential('i-1', 's3cret'));
    expect(failure.code).toBe('keyring_unavailable');
    expect(failure.message).toBe('No Secret Service keyring is running');
    expect(failure.remediation).toBe('Start and unlock GNOME Keyring.');
    expect(failure.belongsToForm).toBe(false);
  });

  it('accepts an IpcError without details', async () => {
    rejectWith({ code: 'in_use', message: 'KAFKA is used by 2 platform(s)', details: null });

    const failure = await failureOf(ipc.deletePlatformType('KAFKA'));
    expect(failure).toMatchObject({ code: 'in_use', message: 'KAFKA is used by 2 platform(s)', fields: [] });
  });

  it('uses a plain string rejection as the message', async () => {
    rejectWith('command list_platforms not found');

    const failure = await failureOf(ipc.listPlatforms());
    expect(failure.code).toBe('internal');
    expect(failure.message).toBe('command list_platforms not found');
  });

  it('uses an Error rejection as the message', async () => {
    rejectWith(new TypeError('window.__TAURI_INTERNALS__ is undefined'));

    const failure = await failureOf(ipc.appStatus());
    expect(failure.code).toBe('internal');
    expect(failure.message).toBe('window.__TAURI_INTERNALS__ is undefined');
  });

  it.each([
    ['an object without a message', { foo: 1 }],
    ['an object with an empty message', { code: 'database', message: '  ' }],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an empty string', ''],
    ['an Error without a message', new Error('')],
  ])('gives %s a readable sentence', async (_label, value) => {
    rejectWith(value);

    const failure = await failureOf(call('get_platform', { id: 'x' }));
    expect(failure.message).not.toContain('[object Object]');
    expect(failure.message).not.toBe('');
    expect(failure.message).toMatch(/get_platform/);
  });

  it('keeps the code of an object that has one but no message', async () => {
    rejectWith({ code: 'database', message: '' });

    const failure = await failureOf(call('list_platforms'));
    expect(failure.code).toBe('database');
    expect(failure.message).toBe('The app reported an error without a description (list_platforms) (code: database).');
  });

  it('drops malformed field entries instead of showing them', () => {
    const failure = toIpcFailure({
      code: 'validation',
      message: 'Invalid',
      details: { fields: [{ field: 'name', message: 'Name is required' }, { field: 3 }, 'junk'], remediation: null },
    });
    expect(failure.fields).toEqual([{ field: 'name', message: 'Name is required' }]);
  });

  it('fails when no backend is there at all', async () => {
    // No mockIPC: outside Tauri, invoke itself throws.
    const failure = await failureOf(ipc.listPlatformTypes());
    expect(failure.code).toBe('internal');
    expect(failure.message).not.toContain('[object Object]');
    expect(failure.message.length).toBeGreaterThan(0);
  });
});

describe('toFormErrors', () => {
  it('keys errors by form path and joins several errors of one field', () => {
    expect(
      toFormErrors([
        { field: 'name', message: 'Name is required' },
        { field: 'tags.1.key', message: "Tag 'a' is given twice" },
        { field: 'name', message: 'Name must be unique' },
      ]),
    ).toEqual({
      name: 'Name is required Name must be unique',
      'tags.1.key': "Tag 'a' is given twice",
    });
  });

  it('is empty for no fields', () => {
    expect(toFormErrors([])).toEqual({});
  });
});
