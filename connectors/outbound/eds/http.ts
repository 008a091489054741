// One HTTP exchange with EDS, read whole: transport failures become retriable EdiErrors, the
// rest is left to the caller to judge by status. The request's own headers and body (a
// secret, a token) are never part of an error.
import { coreErrors, toEdiError } from '../../../lib/errors.js';

export interface EdsAnswer {
  status: number;
  text: string;
  /** The body as JSON, or undefined when it is none. */
  json: unknown;
  retryAfterMs?: number;
}

export async function exchange(url: string, init: { method: string; headers: Record<string, string>; body?: Buffer | string }, operation: string, timeoutMs: number, signal?: AbortSignal): Promise<EdsAnswer> {
  let res: Response;
  let text: string;
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    res = await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    text = await res.text();
  } catch (err) {
    if (signal?.aborted) throw err;
    const e = toEdiError(err, operation);
    // A request that timed out may have been recorded: the retry sends the same bytes (409 then).
    throw e.code === 'EDI_ERR_TIMEOUT' ? coreErrors.create('EDI_ERR_TIMEOUT', { operation, ms: timeoutMs }, { cause: err }) : e;
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const retryAfterMs = retryAfter(res.headers.get('retry-after'));
  return { status: res.status, text, json, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Retry-After in seconds or as an HTTP date, capped at 5 minutes. */
export function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const s = Number(value);
  if (value.trim() !== '' && Number.isFinite(s)) return Math.min(300_000, Math.max(0, s * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.min(300_000, Math.max(0, at - Date.now()));
}

/** A 5xx / 408 answer as the retriable core error. */
export function upstreamError(operation: string, answer: EdsAnswer): Error {
  return coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation, system: 'EDS', status: answer.status }, answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs });
}
