// Options every outbound connector shares: how often and how long a failed delivery is retried
// before the record goes to the DLQ, and how many ordering keys are delivered at once.
import { z } from 'zod';
import { parseDuration } from '../../lib/duration.js';
import type { RetryPolicy } from '../../lib/retry.js';

const duration = z.union([z.string(), z.number()]).refine((v) => {
  try {
    parseDuration(v);
    return true;
  } catch {
    return false;
  }
}, 'a duration such as 500ms, 30s, 5m');

export const deliveryRetrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(1000).default(8).describe('Attempts per record, the first included; then the record goes to the DLQ with the reason.'),
    initialDelay: duration.default('500ms').describe('Delay before the first retry; it doubles each time (with jitter).'),
    maxDelay: duration.default('1m').describe('Longest delay between two attempts.'),
  })
  .strict()
  .prefault({})
  .describe('Retries of transient failures (network, 5xx, timeouts, a full disk).');

export type DeliveryRetryConfig = z.output<typeof deliveryRetrySchema>;

export function compileDeliveryRetry(c: DeliveryRetryConfig): Partial<RetryPolicy> {
  return { maxAttempts: c.maxAttempts, initialDelayMs: parseDuration(c.initialDelay), maxDelayMs: parseDuration(c.maxDelay) };
}

export const deliveryConcurrencySchema = z.number().int().min(1).max(64).default(4).describe('Records of different keys delivered at the same time (one key stays in order).');
