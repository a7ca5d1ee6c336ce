import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { TYPE_ICONS, TypeIcon } from './TypeIcon';

describe('TypeIcon', () => {
  it('draws a distinct Tabler icon for every icon the backend allows', () => {
    const drawn = TYPE_ICONS.map((name) => {
      const { container, unmount } = render(<TypeIcon name={name} />);
      const svg = container.querySelector('svg');
      expect(svg, name).not.toBeNull();
      const tablerClass = [...svg!.classList].find((c) => c.startsWith('tabler-icon-'));
      unmount();
      return tablerClass;
    });
    expect(drawn).not.toContain('tabler-icon-puzzle');
    expect(new Set(drawn).size).toBe(TYPE_ICONS.length);
  });

  it('falls back to a generic icon for a name it does not know', () => {
    const { container } = render(<TypeIcon name="mainframe" />);
    expect(container.querySelector('svg')).toHaveClass('tabler-icon-puzzle');
  });
});
