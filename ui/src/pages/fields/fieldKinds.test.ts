import { describe, expect, it } from 'vitest';
import { field } from '../../test/fakeFields';
import { changeKind, changeOptions, keyFromLabel, newDraft, toCustomField, toDraft } from './fieldKinds';

describe('keyFromLabel', () => {
  it.each([
    ['Project ID', 'projectId'],
    ['API endpoint', 'apiEndpoint'],
    ['  CPU   limit (cores) ', 'cpuLimitCores'],
    ['2nd region', 'ndRegion'],
    ['Région', 'region'],
    ['—', ''],
  ])('%j → %j', (label, key) => {
    expect(keyFromLabel(label)).toBe(key);
    if (key) expect(key).toMatch(/^[a-z][a-zA-Z0-9_]{0,62}$/);
  });

  it('keeps keys within 63 characters', () => {
    expect(keyFromLabel('word '.repeat(40))).toHaveLength(63);
  });
});

describe('toCustomField', () => {
  it('leaves out what the kind does not use, as Rust requires', () => {
    const draft = { ...newDraft('number'), key: 'n', label: 'N', pattern: '[0-9]+', options: ['a'], min: 1, max: '' };
    expect(toCustomField(draft)).toEqual(field('n', 'number', { label: 'N', min: 1 }));
  });

  it('never sends a default for a secret and treats empty defaults as none', () => {
    expect(toCustomField({ ...newDraft('secret'), key: 's', default: 'x' }).default).toBeNull();
    expect(toCustomField({ ...newDraft('text'), key: 't', default: '' }).default).toBeNull();
    expect(toCustomField({ ...newDraft('list'), key: 'l', default: [] }).default).toBeNull();
  });

  it('reads a saved field back unchanged', () => {
    const saved = field('cidrs', 'list', { label: 'CIDRs', pattern: '[0-9./]+', min: 1, default: ['10.0.0.0/8'] });
    expect(toCustomField(toDraft(saved))).toEqual(saved);
  });
});

describe('draft changes', () => {
  it('drops a default that does not fit the new kind', () => {
    const text = { ...newDraft('text'), default: 'abc' };
    expect(changeKind(text, 'url').default).toBe('abc');
    expect(changeKind(text, 'number').default).toBeNull();
  });

  it('drops a default choice that is no longer offered', () => {
    const choice = { ...newDraft('choice'), options: ['eu', 'us'], default: 'us' };
    expect(changeOptions(choice, ['eu']).default).toBeNull();
    const multi = { ...newDraft('multi_choice'), options: ['a', 'b'], default: ['a', 'b'] };
    expect(changeOptions(multi, ['a']).default).toEqual(['a']);
  });
});

describe('toDraft', () => {
  it('pins the key of a saved field, which templates already use', () => {
    expect(toDraft(field('projectId', 'text', { label: 'Project ID' })).keyEdited).toBe(true);
    expect(newDraft('text').keyEdited).toBe(false);
  });
});
