// Options of the EDS sandbox (validated from config): who exists at start (the seed), token
// lifetime, call limit, and the rule settings it shares with the broker's validator.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_FUTURE_TOLERANCE_SECONDS, DEFAULT_TIME_ZONE } from '../../schemas/eds/index.js';

const SECRET_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The seed file's shape, which is also the broker's credential registry shape (secrets by name). */
export const edsSeedSchema = z
  .object({
    about: z.string().optional(),
    carriers: z.array(z.object({ taxpayerCode: z.string().length(11), name: z.string().min(1) }).strict()).min(1),
    secrets: z.record(z.string().regex(SECRET_NAME), z.string().min(8)),
    clients: z
      .array(
        z
          .object({
            clientId: z.string().min(1).max(200),
            carrier: z.string().length(11),
            personCode: z.string().min(11).max(12).optional(),
            plate: z.string().min(2).max(12).optional(),
            secret: z.string().regex(SECRET_NAME),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((seed, ctx) => {
    const carriers = new Set(seed.carriers.map((c) => c.taxpayerCode));
    seed.clients.forEach((c, i) => {
      if (!carriers.has(c.carrier)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'carrier'], message: `carrier ${c.carrier} is not in carriers` });
      if (!Object.hasOwn(seed.secrets, c.secret)) ctx.addIssue({ code: 'custom', path: ['clients', i, 'secret'], message: `no secret named ${c.secret}` });
    });
  });

export type EdsSeed = z.output<typeof edsSeedSchema>;

/** sandbox/eds/seed.json: 3 carriers, 50 drivers and clients, 10 of them sharing one secret. */
export const DEFAULT_SEED_FILE = new URL('./seed.json', import.meta.url);

let defaultSeed: EdsSeed | undefined;

export function loadDefaultSeed(): EdsSeed {
  defaultSeed ??= edsSeedSchema.parse(JSON.parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')));
  return defaultSeed;
}

export const edsSandboxOptions = z
  .object({
    /** Replaces the default seed (sandbox/eds/seed.json). */
    seed: edsSeedSchema.optional(),
    /** Token lifetime unless faults.tokenTtlSeconds says otherwise (EDS's own is undocumented; the public mock said 100500). */
    tokenTtlSeconds: z.number().int().min(1).max(10_000_000).default(3600),
    /** Calls per second per client before 429, unless faults.rateLimitPerSecond is set; 0 = no limit (EDS's limit is undocumented). */
    rateLimitPerSecond: z.number().min(0).default(0),
    futureToleranceSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_FUTURE_TOLERANCE_SECONDS),
    timeZone: z.string().default(DEFAULT_TIME_ZONE),
    /** Refuse (403) a trip whose CarriersTaxpayerCode is not the carrier that created the client. */
    checkCarrier: z.boolean().default(true),
  })
  .strict();

export type EdsSandboxOptions = z.output<typeof edsSandboxOptions>;
