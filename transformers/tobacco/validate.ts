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
/**
 * edi-error-detail is a bounded header (topics/dlq.ts cuts it at 4000 characters): the detail
 * keeps as many violations as fit in this budget, so that it stays parseable JSON.
 */
const DETAIL_BUDGET = 3200;
const MAX_VALUE_JSON = 200;

/** A value small enough for a header: as it is when short, else its shortened text. */
function boundedValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return json !== undefined && json.length <= MAX_VALUE_JSON ? value : showValue(value);
}

export function violationDetail(v: Violation | Warning): ViolationDetail {
  return { path: v.path, rule: v.rule, ruleText: v.ruleText, value: boundedValue(v.value), routerCode: v.code, message: v.message };
}

function withinBudget(violations: readonly Violation[]): ViolationDetail[] {
  const out: ViolationDetail[] = [];
  let size = 0;
  for (const v of violations.slice(0, MAX_DETAILED)) {
    const d = violationDetail(v);
    size += JSON.stringify(d).length + 1;
    if (out.length > 0 && size > DETAIL_BUDGET) break;
    out.push(d);
  }
  return out;
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
        ...detailed(violations),
      },
    },
  );
}

function detailed(violations: readonly Violation[]): { violations: ViolationDetail[]; omitted?: number } {
  const kept = withinBudget(violations);
  return kept.length < violations.length ? { violations: kept, omitted: violations.length - kept.length } : { violations: kept };
}

export function validateTobaccoMessage(json: unknown, options: ValidationOptions | CompiledValidationOptions = {}, now?: Date): TobaccoValidation {
  const r = validateMessage(json, options, now);
  if (r.ok) return { ok: true, messageType: r.type, message: r.message, warnings: r.warnings };
  return { ok: false, error: violationsError(r.type ?? 'message', r.errors), violations: r.errors };
}
