// Options of the tobacco router sandbox (validated from config): who may log in, which
// operators, facilities, machines and UIs exist at start, and the same rule options the
// broker's validator takes, so both can be configured alike.
import { z } from 'zod';

/** The client the default config uses; the secret is documented in README.md, never served. */
export const DEFAULT_CLIENT_ID = 'edi-sandbox-client';
export const DEFAULT_CLIENT_SECRET = 'edi-sandbox-secret';

const id = z.string().min(1).max(100);

export const DEFAULT_OPERATORS = [
  // A manufacturer with a factory (one machine) and a warehouse…
  { EO_ID: 'SBXEO0000001', facilities: [{ F_ID: 'SBXF00000001', machines: ['SBXM00000001'] }, { F_ID: 'SBXF00000002', machines: [] }] },
  // …and a wholesaler with a warehouse and a retail outlet it delivers to.
  { EO_ID: 'SBXEO0000002', facilities: [{ F_ID: 'SBXF00000003', machines: [] }, { F_ID: 'SBXF00000004', machines: [] }] },
];

export const tobaccoSandboxOptions = z
  .object({
    clients: z
      .array(z.object({ clientId: id, clientSecret: z.string().min(8) }).strict())
      .min(1)
      .default([{ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }]),
    operators: z
      .array(
        z
          .object({
            EO_ID: id,
            facilities: z.array(z.object({ F_ID: id, machines: z.array(id).default([]) }).strict()).min(1),
          })
          .strict(),
      )
      .min(1)
      .default(DEFAULT_OPERATORS),
    /** UIs that exist from the start, generated deterministically (prefix + level + serial). */
    uis: z
      .object({
        /** Unit-level UIs already applied (EUA done) and located at `F_ID`. */
        unitCount: z.number().int().min(0).max(1_000_000).default(1000),
        /** Aggregated UIs issued to the facility's operator, not yet applied (ready for EPA). */
        aggregatedCount: z.number().int().min(0).max(100_000).default(50),
        /** Facility of the seeded UIs; the first facility of the first operator by default. */
        F_ID: id.optional(),
        prefix: z.string().regex(/^[A-Z0-9]{1,10}$/).default('SBX'),
      })
      .strict()
      .prefault({}),
    /** The broker's rule options (schemas/tobacco ValidationOptions). */
    rules: z
      .object({
        valueLists: z
          .object({ Payment_Type: z.array(z.number().int()).optional(), Transport_s1: z.array(z.number().int()).optional(), P_Type: z.array(z.number().int()).optional() })
          .strict()
          .optional(),
        unknownFields: z.enum(['error', 'warn', 'ignore']).optional(),
        lateAfterHours: z.number().positive().optional(),
        extraCountryCodes: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
      })
      .strict()
      .prefault({}),
    /**
     * A message whose Code was already accepted: `replay` answers as the first time without a
     * second ledger entry; `reject` answers 400 FAILED_VALIDATION "Code already exists", as
     * the one public primary-repository implementation does (CEH VAL_MSG_CODE_DUPLICATE).
     */
    duplicateCode: z.enum(['replay', 'reject']).default('replay'),
    /** Largest Req_Quantity of one IRU/IRA answered. */
    maxRequestQuantity: z.number().int().min(1).max(1_000_000).default(100_000),
    /** Token lifetime unless faults.tokenTtlSeconds says otherwise (the router: 3600 s). */
    tokenTtlSeconds: z.number().int().min(1).default(3600),
  })
  .strict();

export type TobaccoSandboxOptions = z.output<typeof tobaccoSandboxOptions>;
