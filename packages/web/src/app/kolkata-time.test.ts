import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  formatMonth,
  fromKolkataInput,
  isKolkataLocal,
  kolkataDay,
  kolkataInputValue,
  kolkataMonthKey,
} from './kolkata-time.ts';

describe('a time entered on Kolkata’s clock, whatever the browser’s zone', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fills an input with the Kolkata wall-clock time of an instant', () => {
    // 18:00 UTC is 23:30 in Kolkata, the same evening.
    expect(kolkataInputValue('2025-03-14T18:00:00Z')).toBe('2025-03-14T23:30');
    // 19:00 UTC is already the next morning there.
    expect(kolkataInputValue('2025-03-14T19:00:00Z')).toBe('2025-03-15T00:30');
    expect(kolkataInputValue('2025-03-15T00:30:00+05:30')).toBe('2025-03-15T00:30');
  });

  it('fills an input with now when no instant is given', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-12-31T20:00:00Z'));
    expect(kolkataInputValue()).toBe('2026-01-01T01:30');
  });

  it('sends what was typed with Kolkata’s offset, and the same instant comes back', () => {
    expect(fromKolkataInput('2025-01-10T09:30')).toBe('2025-01-10T09:30:00+05:30');
    expect(fromKolkataInput('2025-01-10T09:30:15')).toBe('2025-01-10T09:30:15+05:30');
    expect(kolkataInputValue(fromKolkataInput('2025-01-10T09:30'))).toBe('2025-01-10T09:30');
  });

  it('leaves an empty input empty, so the form asks for it rather than calling it no date', () => {
    expect(fromKolkataInput('')).toBe('');
    expect(fromKolkataInput('  ')).toBe('');
  });

  it('tells a whole date and time from a half-filled or empty input', () => {
    expect(isKolkataLocal('2025-01-10T09:30')).toBe(true);
    expect(isKolkataLocal('2025-01-10T09:30:15')).toBe(true);
    expect(isKolkataLocal('2025-01-10')).toBe(false);
    expect(isKolkataLocal('')).toBe(false);
    expect(isKolkataLocal('2025-01-10T09:30+05:30')).toBe(false);
  });

  it('puts an instant on the Kolkata calendar day and month it falls in', () => {
    // 31 March 20:00 UTC is 1 April 01:30 in Kolkata.
    expect(kolkataDay('2025-03-31T20:00:00Z')).toBe('2025-04-01');
    expect(kolkataMonthKey('2025-03-31T20:00:00Z')).toBe('2025-04');
    expect(kolkataDay('2025-03-31T18:00:00Z')).toBe('2025-03-31');
    expect(kolkataMonthKey('2025-03-31T18:00:00Z')).toBe('2025-03');
  });

  it('names a month in the reader’s language', () => {
    expect(formatMonth('2025-03', 'en')).toBe('March 2025');
    expect(formatMonth('2025-03', 'hi')).toContain('मार्च');
  });
});
