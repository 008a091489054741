// The one retry helper (kafkajs habit): exponential backoff with jitter, and only for errors
// that say they are retriable. Every client in the broker goes through it.
import { toEdiError, coreErrors, type EdiError } from './errors.js';

export interface RetryPolicy {
  /** Total attempts including the first; Infinity retries until aborted. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** 0 = fixed delays, 1 = anywhere between 0 and the exponential delay ("full jitter"). */
  jitter: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 0.5,
};

export interface RetryOptions {
  operation: string;
  signal?: AbortSignal;
  onRetry?: (err: EdiError, attempt: number, delayMs: number) => void;
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}

export async function retry<T>(
  op: (attempt: number) => Promise<T>,
  policy: Partial<RetryPolicy>,
  options: RetryOptions,
): Promise<T> {
  const p: RetryPolicy = { ...defaultRetryPolicy, ...policy };
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await op(attempt);
    } catch (thrown) {
      const err = toEdiError(thrown, options.operation);
      if (!err.retriable) throw err;
      if (attempt >= p.maxAttempts) {
        throw coreErrors.create(
          'EDI_ERR_RETRIES_EXHAUSTED',
          { operation: options.operation, attempts: attempt, reason: `${err.code}: ${err.message}` },
          { cause: err, detail: { lastCode: err.code } },
        );
      }
      const delayMs = Math.max(backoffDelay(p, attempt), err.retryAfterMs ?? 0);
      options.onRetry?.(err, attempt, delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
