import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useFlash } from './useFlash';

describe('useFlash', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('marks a key for the given time, then clears it', () => {
    const { result } = renderHook(() => useFlash(2000));
    expect(result.current[0]).toBeNull();

    act(() => result.current[1]('KAFKA'));
    expect(result.current[0]).toBe('KAFKA');

    act(() => vi.advanceTimersByTime(1999));
    expect(result.current[0]).toBe('KAFKA');
    act(() => vi.advanceTimersByTime(1));
    expect(result.current[0]).toBeNull();
  });

  it('restarts the time when the same key is flashed again', () => {
    const { result } = renderHook(() => useFlash(2000));
    act(() => result.current[1]('KAFKA'));
    act(() => vi.advanceTimersByTime(1500));
    act(() => result.current[1]('KAFKA'));
    act(() => vi.advanceTimersByTime(1500));
    expect(result.current[0]).toBe('KAFKA');
    act(() => vi.advanceTimersByTime(500));
    expect(result.current[0]).toBeNull();
  });
});
