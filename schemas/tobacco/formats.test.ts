import { describe, expect, it } from 'vitest';
import { dateFromEpochDays, formatDate, formatEventTime, formatTimeLong, parseDate, parseEventTime, parseTimeLong } from './formats.js';

describe('data dictionary time formats', () => {
  it('Event_Time is YYMMDDhh in UTC, whatever the local zone', () => {
    const at = new Date('2025-01-15T23:59:59+02:00'); // 21:59 UTC
    expect(formatEventTime(at)).toBe('25011521');
    expect(parseEventTime('25011521')?.toISOString()).toBe('2025-01-15T21:00:00.000Z');
  });

  it('impossible calendar values are not times', () => {
    for (const v of ['25022910', '25013124', '25130110', '2501151', 'abcdefgh']) expect(parseEventTime(v), v).toBeUndefined();
    expect(parseEventTime('24022910')?.toISOString()).toBe('2024-02-29T10:00:00.000Z');
  });

  it('Message_Time_Long has seconds and Z, no fraction or offset', () => {
    expect(formatTimeLong(new Date('2025-01-15T10:11:12.345Z'))).toBe('2025-01-15T10:11:12Z');
    expect(parseTimeLong('2025-01-15T10:11:12Z')?.getTime()).toBe(Date.UTC(2025, 0, 15, 10, 11, 12));
    expect(parseTimeLong('2025-01-15T10:11:12+00:00')).toBeUndefined();
    expect(parseTimeLong('2025-01-15T10:61:12Z')).toBeUndefined();
  });

  it('dates are YYYY-MM-DD; Avro epoch days map onto them', () => {
    expect(parseDate('2025-02-30')).toBeUndefined();
    expect(formatDate(dateFromEpochDays(20_103))).toBe('2025-01-15');
  });
});
