// The time and date formats of the data dictionary (Reg. 2018/574 Annex II, Chapter II
// "Data types": Time = UTC YYMMDDhh, Time(L) = UTC YYYY-MM-DDThh:mm:ssZ, Date = YYYY-MM-DD).
// Parsers return undefined for anything that is not a real UTC instant (e.g. month 13).

const EVENT_TIME = /^(\d{2})(\d{2})(\d{2})(\d{2})$/;
const TIME_LONG = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date | undefined {
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over into March; a round trip tells a real date from a rolled one.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  if (d.getUTCHours() !== hour || d.getUTCMinutes() !== minute || d.getUTCSeconds() !== second) return undefined;
  return d;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** `Event_Time` (Time): YYMMDDhh in UTC; the two-digit year is 20YY (the system started in 2019). */
export function parseEventTime(value: string): Date | undefined {
  const m = EVENT_TIME.exec(value);
  if (!m) return undefined;
  return utc(2000 + Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]));
}

export function formatEventTime(at: Date): string {
  return `${two(at.getUTCFullYear() % 100)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}`;
}

/** `Message_Time_Long` (Time(L)): YYYY-MM-DDThh:mm:ssZ in UTC, no fractions, no offset. */
export function parseTimeLong(value: string): Date | undefined {
  const m = TIME_LONG.exec(value);
  if (!m) return undefined;
  return utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function formatTimeLong(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

/** Date: YYYY-MM-DD (UTC calendar day). */
export function parseDate(value: string): Date | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  return utc(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function formatDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Avro's `date` logical type counts days since 1970-01-01. */
export function dateFromEpochDays(days: number): Date {
  return new Date(days * 86_400_000);
}
