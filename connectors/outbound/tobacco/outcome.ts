// What the router's answer means for the delivery loop: 202 / 299 → a receipt; 400 → the DLQ
// with the router's Errors[]; anything else unexpected → the DLQ with the status. A resend the
// router recognised is a success either way it says so: answered as the first time (the
// sandbox's default), or "Code already exists" (CEH's primary repository).
import type { EdiError } from '../../../lib/errors.js';
import { tobaccoRouterErrors } from './errors.js';
import type { OutgoingMessage, RouterAnswer } from './router-client.js';

export type AnswerVerdict = { accepted: true; duplicate: boolean } | { accepted: false; error: EdiError };

export function verdictOf(answer: RouterAnswer, message: OutgoingMessage): AnswerVerdict {
  if (answer.status === 202 || answer.status === 299 || answer.status === 200) return { accepted: true, duplicate: false };
  const errors = answer.body.Errors ?? [];
  if (answer.status === 400) {
    const alreadyHere = errors.length > 0 && errors.every((e) => e.Error_Code === 'FAILED_VALIDATION' && e.Error_Data === message.code && /already exists/i.test(e.Error_Descr));
    if (alreadyHere) return { accepted: true, duplicate: true };
    const shown = errors.length === 0 ? 'no Errors in the answer' : errors.map((e) => `${e.Error_Code}${e.Error_Data ? ` [${e.Error_Data}]` : ''}: ${e.Error_Descr}`).join('; ');
    return {
      accepted: false,
      error: tobaccoRouterErrors.create(
        'EDI_ERR_TOBACCO_ROUTER_REJECTED',
        { messageType: message.messageType, code: message.code, status: answer.status, errors: shown },
        { detail: { status: answer.status, Code: message.code, routerCodes: errors.map((e) => e.Error_Code), Errors: errors.slice(0, 50) } },
      ),
    };
  }
  return {
    accepted: false,
    error: tobaccoRouterErrors.create(
      'EDI_ERR_TOBACCO_ROUTER_UNEXPECTED',
      { status: answer.status, messageType: message.messageType, code: message.code, url: message.url, reason: errors.map((e) => e.Error_Code).join(',') || 'no router error code' },
      { detail: { status: answer.status, Code: message.code, Errors: errors.slice(0, 50) } },
    ),
  };
}
