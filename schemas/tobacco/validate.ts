// validateMessage: one data-dictionary message (the JSON the router receives) against the
// catalogue's rules. Pure: the same function runs in the broker before sending and in the
// router sandbox on receipt, so both refuse the same messages with the same codes.
import { isMessageType, type MessageType } from './catalogue/index.js';
import type { Check, Finding } from './checks/check.js';
import { checkKeys } from './checks/keys.js';
import { checkParallelLists } from './checks/parallel-lists.js';
import { checkPresence } from './checks/presence.js';
import { checkTimeliness } from './checks/timeliness.js';
import { checkUniqueUis } from './checks/unique-uis.js';
import { checkValues } from './checks/values.js';
import { compileValidationOptions, type CompiledValidationOptions, type ValidationOptions } from './options.js';
import { violation, type Violation, type Warning } from './violation.js';

export type TobaccoMessage = Record<string, unknown> & { Message_Type: MessageType };

export type ValidationResult =
  | { ok: true; type: MessageType; message: TobaccoMessage; warnings: Warning[] }
  | { ok: false; type: MessageType | undefined; errors: Violation[]; warnings: Warning[] };

const CHECKS: readonly Check[] = [checkKeys, checkPresence, checkValues, checkUniqueUis, checkParallelLists, checkTimeliness];

export function validateMessage(json: unknown, options: ValidationOptions | CompiledValidationOptions = {}, now: Date = new Date()): ValidationResult {
  const compiled = compileValidationOptions(options);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, type: undefined, errors: [violation('INVALID_INPUT_FORMAT', 'json-object', '', 'a message is a JSON object', json)], warnings: [] };
  }
  const message = json as Record<string, unknown>;
  const type = message.Message_Type;
  if (type === undefined || type === null || type === '') {
    return { ok: false, type: undefined, errors: [violation('REQUIRED_FIELD_FAILED_VALIDATION', 'required', 'Message_Type', 'required', type)], warnings: [] };
  }
  // CEH answers an unknown Message_Type with FAILED_VALIDATION ("Invalid Message_Type").
  if (!isMessageType(type)) {
    return { ok: false, type: undefined, errors: [violation('FAILED_VALIDATION', 'message-type', 'Message_Type', 'must be one of the supported message types (IRU … RCL)', type)], warnings: [] };
  }
  const findings: Finding[] = [];
  for (const check of CHECKS) findings.push(...check({ type, message, options: compiled, now }));
  const errors = findings.filter((f): f is Violation => f.severity === 'error');
  const warnings = findings.filter((f): f is Warning => f.severity === 'warning');
  return errors.length === 0 ? { ok: true, type, message: message as TobaccoMessage, warnings } : { ok: false, type, errors, warnings };
}
