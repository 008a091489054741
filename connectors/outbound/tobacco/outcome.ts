// What the router's answer means for the delivery loop: 202 / 299 → a receipt; 400 → the DLQ
// with the router's Errors[]; anything else unexpected → the DLQ with the status. A resend the
// router recognised is a success either way it says so: answered as the first time (the
// sandbox's default), or "Code already exists" (CEH's primary repository).
import type { EdiError } from '../../../lib/errors.js';
import { tobaccoRouterErrors } from './errors.js';
import type { OutgoingMessage, RouterAnswer, RouterError } from './router-client.js';

/** The router's errors as they fit a bounded header (edi-error-detail): long Error_Data cut, few kept. */
function boundedErrors(errors: readonly RouterError[]): { Errors: RouterError[]; omitted?: number } {
  const kept: RouterError[] = [];
  let size = 0;
  for (const e of errors) {
    const data = e.Error_Data !== null && e.Error_Data.length > 300 ? `${e.Error_Data.slice(0, 300)}…` : e.Error_Data;
    const item = { Error_Code: e.Error_Code, Error_Descr: e.Error_Descr.slice(0, 300), Error_Data: data };
    size += JSON.stringify(item).length + 1;
    if (kept.length > 0 && size > 2500) break;
    kept.push(item);
  }
  return kept.length < errors.length ? { Errors: kept, omitted: errors.length - kept.length } : { Errors: kept };
}

export type AnswerVerdict = { accepted: true; duplicate: boolean } | { accepted: false; error: EdiError };

export function verdictOf(answer: RouterAnswer, message: OutgoingMessage): AnswerVerdict {
  if (answer.status === 202 || answer.status === 299 || answer.status === 200) return { accepted: true, duplicate: false };
  const errors = answer.body.Errors ?? [];
  if (answer.status === 400) {
    const alreadyHere = errors.length > 0 && errors.every((e) => e.Error_Code === 'FAILED_VALIDATION' && e.Error_Data === message.code && /already exists/i.test(e.Error_Descr));
    if (alreadyHere) return { accepted: true, duplicate: true };
    const shown = errors.length === 0 ? 'no Errors in the answer' : errors.slice(0, 5).map((e) => `${e.Error_Code}${e.Error_Data ? ` [${e.Error_Data.slice(0, 120)}]` : ''}: ${e.Error_Descr}`).join('; ') + (errors.length > 5 ? `; and ${errors.length - 5} more` : '');
    return {
      accepted: false,
      error: tobaccoRouterErrors.create(
        'EDI_ERR_TOBACCO_ROUTER_REJECTED',
        { messageType: message.messageType, code: message.code, status: answer.status, errors: shown },
        { detail: { status: answer.status, Code: message.code, routerCodes: [...new Set(errors.map((e) => e.Error_Code))], ...boundedErrors(errors) } },
      ),
    };
  }
  return {
    accepted: false,
    error: tobaccoRouterErrors.create(
      'EDI_ERR_TOBACCO_ROUTER_UNEXPECTED',
      { status: answer.status, messageType: message.messageType, code: message.code, url: message.url, reason: errors.map((e) => e.Error_Code).join(',') || 'no router error code' },
      { detail: { status: answer.status, Code: message.code, ...boundedErrors(errors) } },
    ),
  };
}
