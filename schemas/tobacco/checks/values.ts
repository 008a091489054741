// The data type of every value given (Reg. 2018/574 Annex II Chapter II "Data types"):
// Time YYMMDDhh, Time(L), Date, Boolean 0/1, Integer, Decimal, Country (ISO 3166-1 alpha-2),
// Currency (ISO 4217), UI (≤ 50 characters, Art. 8 / 11 via Annex II), and the enumerations.
import { fieldsOf } from '../catalogue/index.js';
import type { FieldSpec } from '../catalogue/types.js';
import { ISO_4217 } from '../iso-4217.js';
import { parseDate, parseEventTime, parseTimeLong } from '../formats.js';
import type { CompiledValidationOptions } from '../options.js';
import { violation, type Violation } from '../violation.js';
import { isAbsent, keyOf, type Check, type Finding } from './check.js';

export const UI_MAX_LENGTH = 50;
const TP_ID = /^\d{5}-\d{2}-\d{5}$/;
// UIs are printed codes: no spaces or control characters (a trailing space is a different UI).
const UI_CHARS = /^[\x21-\x7e]+$/;

/** The problem with one scalar value, as [rule, rule text], or undefined when it is fine. */
function scalarProblem(field: FieldSpec, v: unknown, options: CompiledValidationOptions): [Violation['rule'], string] | undefined {
  switch (field.type) {
    case 'text':
      return typeof v === 'string' ? undefined : ['type', 'must be a string'];
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return ['type', 'must be an integer'];
      break;
    case 'decimal':
      if (typeof v !== 'number' || !Number.isFinite(v)) return ['type', 'must be a number (decimal)'];
      break;
    case 'boolean':
      return v === 0 || v === 1 ? undefined : ['type', 'must be 0 or 1 (Boolean)'];
    case 'time':
      return typeof v === 'string' && parseEventTime(v) ? undefined : ['format', 'must be a UTC time YYMMDDhh'];
    case 'timeLong':
      return typeof v === 'string' && parseTimeLong(v) ? undefined : ['format', 'must be a UTC time YYYY-MM-DDThh:mm:ssZ'];
    case 'date':
      return typeof v === 'string' && parseDate(v) ? undefined : ['format', 'must be a date YYYY-MM-DD'];
    case 'country':
      return typeof v === 'string' && options.countries.has(v) ? undefined : ['country', 'must be an ISO 3166-1 alpha-2 country code'];
    case 'currency':
      return typeof v === 'string' && ISO_4217.has(v) ? undefined : ['currency', 'must be an ISO 4217 currency code'];
    case 'tpId':
      return typeof v === 'string' && TP_ID.test(v) ? undefined : ['format', 'must be an EU-CEG product id nnnnn-nn-nnnnn'];
    case 'ui':
      if (typeof v !== 'string' || v.length === 0) return ['type', 'must be a non-empty string (UI)'];
      if (v.length > UI_MAX_LENGTH) return ['max-length', `a UI has at most ${UI_MAX_LENGTH} characters (has ${v.length})`];
      return UI_CHARS.test(v) ? undefined : ['format', 'a UI has no spaces or control characters'];
  }
  if (field.min !== undefined && (v as number) < field.min) return ['min', `must be at least ${field.min}`];
  if (field.enum !== undefined) {
    const allowed = options.enumValues.get(field.enum);
    if (allowed !== undefined && !allowed.has(v as number)) return ['enum', `must be one of ${[...allowed].join(', ')} (${field.enum})`];
  }
  return undefined;
}

export const checkValues: Check = ({ type, message, options }) => {
  const out: Finding[] = [];
  for (const field of fieldsOf(type)) {
    const key = keyOf(message, field);
    if (key === undefined) continue;
    const value = message[key];
    // null and a blank string are "not given": presence.ts decides whether that is allowed.
    if (isAbsent(value)) continue;
    if (field.list) {
      if (!Array.isArray(value)) {
        out.push(violation('FAILED_VALIDATION', 'type', key, 'must be a list (JSON array)', value));
        continue;
      }
      value.forEach((item, i) => {
        const p = scalarProblem(field, item, options);
        if (p) out.push(violation('FAILED_VALIDATION', p[0], `${key}[${i}]`, p[1], item));
      });
    } else {
      const p = scalarProblem(field, value, options);
      if (p) out.push(violation('FAILED_VALIDATION', p[0], key, p[1], value));
    }
  }
  return out;
};
