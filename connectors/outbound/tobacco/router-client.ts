// One message to the router (reference README "Messages", "Response"): the exact bytes, with
// Authorization: <token> (raw, no "Bearer", as the real clients send it), X-OriginalHash:
// <lower-case hex MD5 of those bytes> and Content-Type: application/json; charset=utf-8. A 401
// INVALID_OR_EXPIRED_TOKEN renews the token once and sends again. The answer is read by its
// HTTP status: 202 accepted, 299 accepted with warnings, 400 refused with Errors[].
import { createHash } from 'node:crypto';
import { coreErrors, toEdiError } from '../../../lib/errors.js';
import type { Secret } from '../../../lib/secret.js';
import type { TokenSource } from './token.js';
import { retryAfter } from './token.js';
import { tobaccoRouterErrors } from './errors.js';

export const ROUTER_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface RouterError {
  Error_Code: string;
  Error_Descr: string;
  Error_Data: string | null;
}

export interface RouterAnswer {
  status: number;
  /** The router's JSON answer ({Code, Message_Type, Error, Errors, …}); {} when unreadable. */
  body: { Code?: string | null; Message_Type?: string | null; Error?: number; Errors?: RouterError[] | null; [extra: string]: unknown };
  /** MD5 sent as X-OriginalHash. */
  checksum: string;
}

export interface OutgoingMessage {
  bytes: Buffer;
  messageType: string;
  code: string;
  url: string;
}

export const md5Hex = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

export class RouterClient {
  constructor(
    private readonly tokens: TokenSource,
    private readonly timeoutMs: number,
  ) {}

  /** Sends once (twice after a 401); transport failures and 5xx throw retriable errors. */
  async send(message: OutgoingMessage, signal?: AbortSignal): Promise<RouterAnswer> {
    const checksum = md5Hex(message.bytes);
    let token = await this.tokens.get(signal);
    let answer = await this.post(message, token, checksum, signal);
    if (answer.status === 401) {
      // INVALID_OR_EXPIRED_TOKEN: renew once. A second 401 with a fresh token is not the token's age.
      this.tokens.invalidate(token);
      token = await this.tokens.get(signal);
      answer = await this.post(message, token, checksum, signal);
      if (answer.status === 401) {
        throw tobaccoRouterErrors.create('EDI_ERR_TOBACCO_ROUTER_UNAUTHORIZED', { messageType: message.messageType, code: message.code, reason: errorCodes(answer).join(',') || 'no error code' });
      }
    }
    return answer;
  }

  private async post(message: OutgoingMessage, token: Secret, checksum: string, signal?: AbortSignal): Promise<RouterAnswer> {
    const operation = `POST ${message.messageType} ${message.code} to ${message.url}`;
    let res: Response;
    try {
      const timeout = AbortSignal.timeout(this.timeoutMs);
      res = await fetch(message.url, {
        method: 'POST',
        headers: { authorization: token.reveal(), 'x-originalhash': checksum, 'content-type': ROUTER_CONTENT_TYPE, accept: 'application/json' },
        body: message.bytes,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      const e = toEdiError(err, operation);
      // A request that timed out may have been accepted: the redelivery carries the same Code.
      throw e.code === 'EDI_ERR_TIMEOUT' ? coreErrors.create('EDI_ERR_TIMEOUT', { operation, ms: this.timeoutMs }, { cause: err }) : e;
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      throw coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation, system: 'the tobacco router', status: res.status }, retryAfter(res));
    }
    let body: RouterAnswer['body'] = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as RouterAnswer['body'];
    } catch {
      // Read by the status; an unreadable body is reported where it matters (a refusal).
    }
    return { status: res.status, body, checksum };
  }
}

export function errorCodes(answer: Pick<RouterAnswer, 'body'>): string[] {
  return (answer.body.Errors ?? []).map((e) => e.Error_Code);
}
