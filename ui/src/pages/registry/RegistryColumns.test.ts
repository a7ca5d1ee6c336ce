import { describe, expect, it } from 'vitest';
import { visibleColumns } from './RegistryRowCells';

const keys = (width: number) => visibleColumns(width).map((c) => c.key);

describe('registry columns', () => {
  it('shows every column while the width is unknown and on a wide table', () => {
    const all = ['platform', 'instance', 'location', 'tags', 'status', 'lastTested', 'endpoint'];
    expect(keys(0)).toEqual(all);
    expect(keys(1200)).toEqual(all);
  });

  it('leaves out tags, then location, on a narrow table; last tested and the endpoint stay', () => {
    // The table in a 1024 px window is about 740 px wide.
    expect(keys(950)).toEqual(['platform', 'instance', 'location', 'status', 'lastTested', 'endpoint']);
    expect(keys(740)).toEqual(['platform', 'instance', 'status', 'lastTested', 'endpoint']);
  });
});
