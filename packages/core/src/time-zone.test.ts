import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, isValidTimeZone } from './time-zone.ts';

describe('time zones', () => {
  it('accepts Kolkata, the default, and rejects a made-up zone', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Kolkata');
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Asia/Dhaka')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
