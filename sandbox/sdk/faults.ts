// Fault injection shared by every sandbox: POST /_sandbox/faults sets these; GET returns them.
import { z } from 'zod';

export const faultsSchema = z
  .object({
    /** Added to every answer of the system's own routes. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** Share of requests answered with errorStatus (0..1). */
    errorRate: z.number().min(0).max(1).default(0),
    errorStatus: z.number().int().min(400).max(599).default(500),
    /** Share of requests whose connection is dropped without an answer (0..1). */
    dropRate: z.number().min(0).max(1).default(0),
    /** Answer 503 to everything until this many ms from now (0 ends an outage). */
    outageMs: z.number().int().min(0).default(0),
    /** Lifetime of newly issued tokens, for systems with tokens. */
    tokenTtlSeconds: z.number().int().min(1).optional(),
    /** Invalidate every token issued so far (the next call gets 401). */
    expireTokensNow: z.boolean().optional(),
    /** Requests per second per client before 429, for systems with a rate limit; 0 = none. */
    rateLimitPerSecond: z.number().min(0).optional(),
    /** Only requests whose path starts with this are affected (default: all but /_sandbox). */
    pathPrefix: z.string().optional(),
    /** Affect only the next N requests, then clear (0 = until changed). */
    count: z.number().int().min(0).default(0),
  })
  .strict();

export type FaultSettings = z.output<typeof faultsSchema>;

export class Faults {
  private settings: FaultSettings = faultsSchema.parse({});
  private outageUntil = 0;
  private remaining = 0;
  /** Monotonic counter bumped by expireTokensNow; sandboxes compare a token's epoch to it. */
  tokenEpoch = 0;

  set(input: unknown): FaultSettings {
    const parsed = faultsSchema.parse(input ?? {});
    this.settings = parsed;
    this.outageUntil = parsed.outageMs > 0 ? Date.now() + parsed.outageMs : 0;
    this.remaining = parsed.count;
    if (parsed.expireTokensNow) this.tokenEpoch++;
    return parsed;
  }

  current(): FaultSettings & { outageRemainingMs: number } {
    return { ...this.settings, outageRemainingMs: Math.max(0, this.outageUntil - Date.now()) };
  }

  get tokenTtlSeconds(): number | undefined {
    return this.settings.tokenTtlSeconds;
  }

  get rateLimitPerSecond(): number {
    return this.settings.rateLimitPerSecond ?? 0;
  }

  /** Decides what happens to one request of the system's own routes. */
  decide(path: string): { action: 'pass' | 'drop' | 'outage' | 'error'; latencyMs: number; status?: number } {
    const s = this.settings;
    if (s.pathPrefix !== undefined && !path.startsWith(s.pathPrefix)) return { action: 'pass', latencyMs: 0 };
    if (this.outageUntil > Date.now()) return { action: 'outage', latencyMs: 0, status: 503 };
    const limited = s.count > 0;
    if (limited && this.remaining <= 0) return { action: 'pass', latencyMs: 0 };
    let action: 'pass' | 'drop' | 'error' = 'pass';
    if (s.dropRate > 0 && Math.random() < s.dropRate) action = 'drop';
    else if (s.errorRate > 0 && Math.random() < s.errorRate) action = 'error';
    if (limited && (action !== 'pass' || s.latencyMs > 0)) this.remaining--;
    return { action, latencyMs: s.latencyMs, status: s.errorStatus };
  }
}
