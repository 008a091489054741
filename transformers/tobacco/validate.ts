// The broker's side of the data-dictionary rules: schemas/tobacco's validateMessage (the same
// function the router sandbox runs), with violations turned into typed EdiErrors that name the
// field path, the rule and the value, for the DLQ, the tracking index and HTTP answers.
import type { EdiError } from '../../lib/errors.js';
import { showValue, validateMessage, type CompiledValidationOptions, type MessageType, type TobaccoMessage, type ValidationOptions, type Violation, type Warning } from '../../schemas/tobacco/index.js';
import { tobaccoErrors } from './errors.js';

/** One violation as it travels in edi-error-detail: what the router would have answered. */
export interface ViolationDetail {
  path: string;
  rule: string;
  ruleText: string;
  value: unknown;
  routerCode: string;
  message: string;
}

export type TobaccoValidation =
  | { ok: true; messageType: MessageType; message: TobaccoMessage; warnings: Warning[] }
  | { ok: false; error: EdiError; violations: Violation[] };

const MAX_DETAILED = 50;

export function violationDetail(v: Violation | Warning): ViolationDetail {
  return { path: v.path, rule: v.rule, ruleText: v.ruleText, value: v.value, routerCode: v.code, message: v.message };
}

/** All violations of one message as one error: the first in the text, every one in the detail. */
export function violationsError(messageType: string, violations: readonly Violation[]): EdiError {
  const first = violations[0];
  if (first === undefined) throw new Error('violationsError needs at least one violation');
  return tobaccoErrors.create(
    'EDI_ERR_TOBACCO_RULE',
    { messageType, count: violations.length, first: `${first.message} [${first.code}]` },
    {
      detail: {
        path: first.path,
        rule: first.rule,
        value: showValue(first.value),
        routerCode: first.code,
        violations: violations.slice(0, MAX_DETAILED).map(violationDetail),
        ...(violations.length > MAX_DETAILED ? { omitted: violations.length - MAX_DETAILED } : {}),
      },
    },
  );
}

export function validateTobaccoMessage(json: unknown, options: ValidationOptions | CompiledValidationOptions = {}, now?: Date): TobaccoValidation {
  const r = validateMessage(json, options, now);
  if (r.ok) return { ok: true, messageType: r.type, message: r.message, warnings: r.warnings };
  return { ok: false, error: violationsError(r.type ?? 'message', r.errors), violations: r.errors };
}
