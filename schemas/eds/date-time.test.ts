import { describe, expect, it } from 'vitest';
import { formatEdsDateTime, localDate, parseEdsDateTime, zoneOffsetMinutes } from './date-time.js';

describe('EDS date-times', () => {
  it('reads a time without offset as Riga time, winter (+02:00) and summer (+03:00)', () => {
    expect(new Date(parseEdsDateTime('2024-01-15T10:00:00')!.instantMs).toISOString()).toBe('2024-01-15T08:00:00.000Z');
    expect(new Date(parseEdsDateTime('2024-07-15T10:00:00')!.instantMs).toISOString()).toBe('2024-07-15T07:00:00.000Z');
  });

  it('honours Z and explicit offsets', () => {
    expect(new Date(parseEdsDateTime('2024-07-15T10:00:00Z')!.instantMs).toISOString()).toBe('2024-07-15T10:00:00.000Z');
    expect(new Date(parseEdsDateTime('2024-07-15T10:00:00-01:30')!.instantMs).toISOString()).toBe('2024-07-15T11:30:00.000Z');
  });

  it('handles the autumn DST change (03:30 exists twice; the reading is one of them)', () => {
    const t = parseEdsDateTime('2024-10-27T03:30:00')!.instantMs;
    expect([Date.parse('2024-10-27T00:30:00Z'), Date.parse('2024-10-27T01:30:00Z')]).toContain(t);
  });

  it('refuses impossible dates and offsets', () => {
    expect(parseEdsDateTime('2023-02-29T10:00:00')).toBeUndefined();
    expect(parseEdsDateTime('2024-13-01T10:00:00')).toBeUndefined();
    expect(parseEdsDateTime('2024-01-01T10:00:00+15:00')).toBeUndefined();
    expect(parseEdsDateTime('2024-01-01T10:60:00')).toBeUndefined();
  });

  it('names the Latvian day of an instant (23:30Z on 30 April is 1 May in Riga)', () => {
    expect(localDate(Date.parse('2024-04-30T23:30:00Z'))).toBe('2024-05-01');
    expect(zoneOffsetMinutes(Date.parse('2024-04-30T23:30:00Z'), 'Europe/Riga')).toBe(180);
    expect(formatEdsDateTime(Date.parse('2024-04-30T23:30:00Z'))).toBe('2024-05-01T02:30:00+03:00');
  });
});
