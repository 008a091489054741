// One broken rule: where (field path), which rule, the offending value, and the error code the
// repository router answers for it (reference README, "Error codes"), so that the broker's
// DLQ and the sandbox's 400 speak the same language.

/** Router error codes a sender-side rule can produce. */
export type RuleErrorCode = 'INVALID_INPUT_FORMAT' | 'REQUIRED_FIELD_FAILED_VALIDATION' | 'FAILED_VALIDATION' | 'MULTIPLE_UID';

/** Router warning codes (HTTP 299, message accepted) plus our own for tolerated oddities. */
export type RuleWarningCode = 'OPERATION_WITHIN_24_HOURS' | 'SHIPMENT_WITHIN_24_HOURS' | 'UNKNOWN_FIELD';

export type RuleId =
  | 'json-object'
  | 'message-type'
  | 'required'
  | 'required-if'
  | 'not-empty'
  | 'type'
  | 'format'
  | 'enum'
  | 'min'
  | 'max-length'
  | 'country'
  | 'currency'
  | 'unique-ui'
  | 'parallel-lists'
  | 'spelled-twice'
  | 'unknown-field'
  | 'reported-late';

interface Base {
  /** Field path in the message: `Destination_ID2`, `upUIs[3]`; '' for the message itself. */
  path: string;
  rule: RuleId;
  /** The rule in words, e.g. "required when Destination_ID1 = 2". */
  ruleText: string;
  /** The offending value (undefined when the field is missing). */
  value: unknown;
  message: string;
  /** The router's Error_Data: the field, or '#'-joined UIs for UI rules. */
  data: string;
}

export interface Violation extends Base {
  severity: 'error';
  code: RuleErrorCode;
}

export interface Warning extends Base {
  severity: 'warning';
  code: RuleWarningCode;
}

const MAX_SHOWN = 80;

/** A value as it appears in a message text: JSON, cut short, never the whole 10 000 UI list. */
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

export function violation(code: RuleErrorCode, rule: RuleId, path: string, ruleText: string, value: unknown, data = path): Violation {
  return { severity: 'error', code, rule, path, ruleText, value, data, message: `${path || 'message'}: ${ruleText} (value ${showValue(value)})` };
}

export function warning(code: RuleWarningCode, rule: RuleId, path: string, ruleText: string, value: unknown, data = path): Warning {
  return { severity: 'warning', code, rule, path, ruleText, value, data, message: `${path || 'message'}: ${ruleText} (value ${showValue(value)})` };
}
