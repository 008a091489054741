// Options of the VMD sandbox: the seed affirmations, plus any documents a test or a demo adds.
import { z } from 'zod';

export const vmdSandboxOptions = z
  .object({
    /** Serve the built-in seed affirmations (seed.ts). */
    seed: z.boolean().default(true),
    /** Extra affirmations: number → the GeoJSON document to serve as is. */
    affirmations: z.record(z.string().regex(/^[0-9A-Za-z-]{1,40}$/), z.record(z.string(), z.unknown())).default({}),
  })
  .strict();

export type VmdSandboxOptions = z.output<typeof vmdSandboxOptions>;
