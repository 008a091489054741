// One broken EDS rule: the field, the rule, the offending value, an English message for the
// broker's DLQ, and the Latvian message EDS puts in ModelState under `value.<Field>` (the
// model-binding key ASP.NET Web API uses; seen in the public mock's 400 body), so the broker's
// DLQ and the sandbox's 400 say the same thing.
import type { CarriageField } from './fields.js';
import { latvianMessage } from './latvian.js';
import type { CarriageRule, RuleParams } from './rule.js';

export interface CarriageViolation {
  /** The field, or '' for the body as a whole; for unknown-field the name as given. */
  field: CarriageField | '';
  rule: CarriageRule;
  /** The rule in English, e.g. "length 11 to 12 characters". */
  ruleText: string;
  /** The offending value (undefined when missing). */
  value: unknown;
  /** English, for the DLQ: `Distance: between 0 and 1000000000 (value -1)`. */
  message: string;
  /** Latvian, as EDS answers it in ModelState. */
  lv: string;
  /** ModelState key: `value.<Field>` or `value`. */
  modelStateKey: string;
}

const MAX_SHOWN = 80;

/** A value as it appears in a message: JSON, cut short. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length <= MAX_SHOWN ? s : `${s.slice(0, MAX_SHOWN - 1)}…`;
}

/** A person code as it may appear in a message or log line: only the last three characters. */
export function maskPersonCode(code: unknown): string {
  if (typeof code !== 'string') return showValue(code);
  return code.length <= 3 ? '"***"' : `"${'*'.repeat(code.length - 3)}${code.slice(-3)}"`;
}

export function violation(field: CarriageField | '', rule: CarriageRule, ruleText: string, value: unknown, params: RuleParams = {}): CarriageViolation {
  const name = field === '' ? (params.name ?? '') : field;
  return {
    field,
    rule,
    ruleText,
    value,
    // Person codes are personal data: messages travel to logs, so they show them masked.
    message: `${name || 'trip'}: ${ruleText} (value ${field === 'DriversPersonCode' ? maskPersonCode(value) : showValue(value)})`,
    lv: latvianMessage(rule, name, params),
    modelStateKey: name ? `value.${name}` : 'value',
  };
}
