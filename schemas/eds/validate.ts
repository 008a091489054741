// The EDS rules of one trip (reconstructed OpenAPI definitions.Carriage, reference README):
// required fields, types, lengths, ranges, the PaymentType enum, the date-time format, a plate
// without dash or space, end after start, nothing in the future. Pure; run by the broker
// before sending and by the EDS sandbox on every POST /api/taxi/carriage.
import { DEFAULT_TIME_ZONE, parseEdsDateTime, type EdsDateTime } from './date-time.js';
import { CARRIAGE_FIELDS, FIELD_SPECS, isPaymentType, PAYMENT_TYPES, type Carriage, type CarriageField, type FieldSpec } from './fields.js';
import { violation, type CarriageViolation } from './violation.js';

export const DEFAULT_FUTURE_TOLERANCE_SECONDS = 120;

export interface CarriageRuleOptions {
  /** Reference time for not-in-future (default: now). */
  now?: number | Date;
  /** Zone of date-times written without an offset (default Europe/Riga). */
  timeZone?: string;
  /** Clock skew between the sender and EDS that is tolerated (default 120 s). */
  futureToleranceSeconds?: number;
  /** exact (the broker) or case-insensitive (Json.NET model binding, hence the sandbox). */
  fieldNames?: 'exact' | 'case-insensitive';
  /** Properties that are no Carriage field: ignored (as EDS does) or reported (the broker). */
  unknownFields?: 'ignore' | 'error';
  /** Properties allowed beside the Carriage fields and left out of it (the routing field). */
  allowedExtraFields?: readonly string[];
}

export type CarriageValidation =
  | { ok: true; carriage: Carriage; start: EdsDateTime; end: EdsDateTime }
  | { ok: false; violations: CarriageViolation[] };

const LOWER = new Map(CARRIAGE_FIELDS.map((f) => [f.toLowerCase(), f]));

function lengthText(min: number, max: number): string {
  return min === max ? `length ${min} characters` : `length ${min} to ${max} characters`;
}

function checkString(spec: FieldSpec, v: unknown, out: CarriageViolation[]): string | undefined {
  if (typeof v !== 'string') {
    out.push(violation(spec.field, 'type', 'must be a string', v));
    return undefined;
  }
  if (spec.length !== undefined) {
    const [min, max] = spec.length;
    if (v.length < min || v.length > max) {
      out.push(violation(spec.field, 'length', lengthText(min, max), v, { min, max }));
      return undefined;
    }
  }
  // Reference README: NumberPlate "2–12, no dash"; plates are letters and digits.
  if (spec.field === 'NumberPlate' && !/^[\p{L}\p{N}]+$/u.test(v)) {
    out.push(violation(spec.field, 'plate-characters', 'letters and digits only (no dash or space)', v));
    return undefined;
  }
  return v;
}

function checkNumber(spec: FieldSpec, v: unknown, out: CarriageViolation[]): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    out.push(violation(spec.field, 'type', 'must be a number', v));
    return undefined;
  }
  if (spec.range !== undefined) {
    const [min, max] = spec.range;
    if (v < min || v > max) {
      out.push(violation(spec.field, 'range', `between ${min} and ${max}`, v, { min, max }));
      return undefined;
    }
  }
  return v;
}

export function validateCarriage(input: unknown, options: CarriageRuleOptions = {}): CarriageValidation {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, violations: [violation('', 'object', 'the body must be a JSON object (one trip)', input)] };
  }
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const nowMs = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const toleranceMs = (options.futureToleranceSeconds ?? DEFAULT_FUTURE_TOLERANCE_SECONDS) * 1000;
  const extra = new Set(options.allowedExtraFields ?? []);
  const caseInsensitive = options.fieldNames === 'case-insensitive';

  const given = new Map<CarriageField, unknown>();
  const out: CarriageViolation[] = [];
  for (const [name, value] of Object.entries(input)) {
    const field = caseInsensitive ? LOWER.get(name.toLowerCase()) : Object.hasOwn(FIELD_SPECS, name) ? (name as CarriageField) : undefined;
    if (field !== undefined) given.set(field, value);
    else if (options.unknownFields === 'error' && !extra.has(name)) {
      out.push(violation('', 'unknown-field', 'not a field of the EDS trip record', value, { name }));
    }
  }

  const carriage: Partial<Record<CarriageField, unknown>> = {};
  const times: Partial<Record<'StartDateTime' | 'EndDateTime', EdsDateTime>> = {};
  for (const field of CARRIAGE_FIELDS) {
    const spec = FIELD_SPECS[field];
    const v = given.get(field);
    if (v === undefined || v === null) {
      if (spec.required) out.push(violation(field, 'required', 'required', v ?? undefined));
      continue;
    }
    switch (spec.kind) {
      case 'string': {
        const s = checkString(spec, v, out);
        if (s !== undefined) carriage[field] = s;
        break;
      }
      case 'number': {
        const n = checkNumber(spec, v, out);
        if (n !== undefined) carriage[field] = n;
        break;
      }
      case 'payment-type':
        if (isPaymentType(v)) carriage[field] = v;
        else if (typeof v === 'string') out.push(violation(field, 'enum', `one of ${PAYMENT_TYPES.join(', ')}`, v));
        else out.push(violation(field, 'type', 'must be a string', v));
        break;
      case 'date-time': {
        const parsed = typeof v === 'string' ? parseEdsDateTime(v, timeZone) : undefined;
        if (parsed === undefined) {
          out.push(violation(field, 'date-time-format', 'a date and time yyyy-MM-ddTHH:mm:ss, optionally with Z or ±hh:mm', v));
          break;
        }
        // Cabinet Regulation No. 541 point 11: a trip is reported after it ended, never ahead.
        if (parsed.instantMs > nowMs + toleranceMs) {
          out.push(violation(field, 'not-in-future', `not in the future (now ${new Date(nowMs).toISOString()}, ${toleranceMs / 1000} s tolerated)`, v));
          break;
        }
        times[field as 'StartDateTime' | 'EndDateTime'] = parsed;
        carriage[field] = v;
        break;
      }
    }
  }
  const { StartDateTime: start, EndDateTime: end } = times;
  if (start !== undefined && end !== undefined && end.instantMs <= start.instantMs) {
    out.push(violation('EndDateTime', 'end-after-start', `after StartDateTime ${start.text}`, end.text));
  }
  if (out.length > 0 || start === undefined || end === undefined) return { ok: false, violations: out };
  const ordered: Record<string, unknown> = {};
  for (const field of CARRIAGE_FIELDS) if (carriage[field] !== undefined) ordered[field] = carriage[field];
  return { ok: true, carriage: ordered as unknown as Carriage, start, end };
}
