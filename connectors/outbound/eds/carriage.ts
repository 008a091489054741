// POST {base}/api/taxi/carriage with the driver's bearer token and the trip's stored bytes
// (never re-serialised, so a resend after a lost answer is byte-identical and EDS can only
// answer 409), and EDS's answer judged (reference README "Essentials"; issue 6, "Delivery"):
// 201 recorded, 409 identical record exists (delivered), 400 ModelState (DLQ, Latvian kept
// verbatim with an English gloss), 401 renew the token once, 403 carrier mismatch (DLQ),
// 429 back off at least Retry-After, 5xx / 408 / network retried.
import type { EdiError } from '../../../lib/errors.js';
import type { Secret } from '../../../lib/secret.js';
import { glossModelState } from '../../../schemas/eds/index.js';
import { edsDeliveryErrors } from './errors.js';
import { exchange, upstreamError, type EdsAnswer } from './http.js';
import { statusCodeOf } from './receipt.js';
import type { EdsTokens } from './tokens.js';

/** A 429 without Retry-After waits this long at least (EDS's limit is undocumented). */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

export type CarriageVerdict = { recorded: true; status: 201; statusCode: string } | { recorded: true; status: 409; statusCode: null };

export class CarriageClient {
  /** Carriage calls sent, and how EDS answered them (for describe()). */
  readonly answers = new Map<number, number>();

  constructor(
    private readonly baseUrl: string,
    private readonly tokens: EdsTokens,
    private readonly timeoutMs: number,
  ) {}

  /** Sends one trip; resolves when EDS holds it, throws an EdiError (retriable or not) otherwise. */
  async send(clientId: string, body: Buffer, signal?: AbortSignal): Promise<CarriageVerdict> {
    let token = await this.tokens.get(clientId, signal);
    let answer = await this.post(clientId, token, body, signal);
    if (answer.status === 401) {
      // Expired early, revoked, or EDS restarted: renew once. A refused renewal (the client
      // itself revoked) throws EDI_ERR_EDS_CLIENT_REVOKED from the token cache.
      this.tokens.invalidate(clientId, token);
      token = await this.tokens.get(clientId, signal);
      answer = await this.post(clientId, token, body, signal);
      if (answer.status === 401) {
        this.tokens.invalidate(clientId, token);
        throw edsDeliveryErrors.create('EDI_ERR_EDS_UNAUTHORIZED', { clientId, operation: 'POST /api/taxi/carriage' }, { detail: { clientId, status: 401 } });
      }
    }
    return judge(clientId, answer);
  }

  private async post(clientId: string, token: Secret, body: Buffer, signal?: AbortSignal): Promise<EdsAnswer> {
    const answer = await exchange(
      `${this.baseUrl}/api/taxi/carriage`,
      { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', authorization: `Bearer ${token.reveal()}` }, body },
      `POST /api/taxi/carriage of client ${clientId}`,
      this.timeoutMs,
      signal,
    );
    this.answers.set(answer.status, (this.answers.get(answer.status) ?? 0) + 1);
    return answer;
  }
}

function messageOf(json: unknown): string {
  const m = json !== null && typeof json === 'object' ? (json as { Message?: unknown; message?: unknown }).Message ?? (json as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : '';
}

export function judge(clientId: string, answer: EdsAnswer): CarriageVerdict {
  const { status } = answer;
  if (status === 201 || status === 200) return { recorded: true, status: 201, statusCode: statusCodeOf(answer.text, answer.json) };
  if (status === 409) return { recorded: true, status: 409, statusCode: null };
  if (status === 400) throw rejected(answer);
  if (status === 403) throw edsDeliveryErrors.create('EDI_ERR_EDS_FORBIDDEN', { clientId, reason: messageOf(answer.json) || answer.text.slice(0, 200) }, { detail: { clientId, status, message: messageOf(answer.json) } });
  if (status === 429) {
    const waitMs = answer.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    throw edsDeliveryErrors.create('EDI_ERR_EDS_RATE_LIMITED', { clientId, waitMs }, { retryAfterMs: waitMs, detail: { clientId, status } });
  }
  if (status >= 500 || status === 408) throw upstreamError(`POST /api/taxi/carriage of client ${clientId}`, answer);
  throw edsDeliveryErrors.create('EDI_ERR_EDS_UNEXPECTED_ANSWER', { status, operation: 'POST /api/taxi/carriage', reason: messageOf(answer.json) || answer.text.slice(0, 200) }, { detail: { clientId, status } });
}

/** A 400: EDS's ModelState verbatim (Latvian) with each field glossed in English. */
function rejected(answer: EdsAnswer): EdiError {
  const gloss = glossModelState(answer.json);
  const summary =
    gloss.length === 0
      ? messageOf(answer.json) || answer.text.slice(0, 300) || 'no ModelState'
      : gloss.map((g) => `${g.field || g.key} (${g.fieldGloss}): ${g.messages.join(' ')}`).join('; ');
  const modelState = answer.json !== null && typeof answer.json === 'object' ? (answer.json as { ModelState?: unknown }).ModelState : undefined;
  return edsDeliveryErrors.create('EDI_ERR_EDS_REJECTED', { summary }, {
    detail: { status: 400, ...(gloss[0]?.field ? { path: gloss[0].field, field: gloss[0].field } : {}), message: messageOf(answer.json), modelState: modelState ?? null, gloss },
  });
}
