// Date-times as EDS takes them: `yyyy-MM-ddTHH:mm:ss`, an offset (`Z`, `+03:00`) accepted
// (reference README; OpenAPI example "2000-01-31T00:00:00"). A value without an offset is the
// carrier's wall-clock time in Latvia (the zone rule is undocumented; Europe/Riga is the
// only reading that makes sense for a Latvian taxi), so the zone is a parameter, Riga by default.

export const DEFAULT_TIME_ZONE = 'Europe/Riga';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})?$/;

export interface EdsDateTime {
  /** The text as given. */
  text: string;
  /** The instant it names (ms since the epoch). */
  instantMs: number;
  offsetGiven: boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for a zone the runtime does not know (checked once, at config time). */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instantMs: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Minutes the zone is ahead of UTC at that instant (Riga: 120 in winter, 180 in summer). */
export function zoneOffsetMinutes(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/** The parsed value, or undefined when the text is not an EDS date-time or not a real date. */
export function parseEdsDateTime(text: string, timeZone = DEFAULT_TIME_ZONE): EdsDateTime | undefined {
  const m = PATTERN.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallAsUtc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined; // 2024-02-30
  const zone = m[7];
  if (zone !== undefined) {
    let offset = 0;
    if (zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const oh = Number(zone.slice(1, 3));
      const om = Number(zone.slice(4, 6));
      if (oh > 14 || om > 59) return undefined;
      offset = sign * (oh * 60 + om);
    }
    return { text, instantMs: wallAsUtc - offset * 60_000, offsetGiven: true };
  }
  // Wall-clock time in the zone: the offset at the guessed instant, corrected once (DST edges).
  let instant = wallAsUtc - zoneOffsetMinutes(wallAsUtc, timeZone) * 60_000;
  instant = wallAsUtc - zoneOffsetMinutes(instant, timeZone) * 60_000;
  return { text, instantMs: instant, offsetGiven: false };
}

/** `YYYY-MM-DD` of the instant in the zone: the day a trip belongs to in reports. */
export function localDate(instantMs: number, timeZone = DEFAULT_TIME_ZONE): string {
  const w = wallClock(instantMs, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The instant as an EDS date-time with the zone's offset, e.g. 2024-05-01T12:30:00+03:00. */
export function formatEdsDateTime(instantMs: number, timeZone = DEFAULT_TIME_ZONE): string {
  const w = wallClock(instantMs, timeZone);
  const off = zoneOffsetMinutes(instantMs, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(w.year).padStart(4, '0')}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}:${two(w.second)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
