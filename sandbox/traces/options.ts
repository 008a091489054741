// Options of the TRACES sandbox (validated from config): its web service users and their
// operators, how fast statements become AVAILABLE, the windows it enforces and how it writes
// error codes. Defaults follow the Commission's V3 documents and what was observed on the
// acceptance environment (numbers after seconds to minutes; hyphenated codes in real faults).
import { z } from 'zod';
import { DEFAULT_USERS } from './seed-users.js';

const identifier = z.object({ type: z.enum(['eori', 'vat', 'gln', 'tin', 'cbr', 'cin', 'duns', 'comp_num', 'comp_reg', 'oni']), value: z.string().min(1).max(80) }).strict();

export const tracesUserSchema = z
  .object({
    /** EU Login user name of the web service user. */
    username: z.string().min(1).max(100),
    /** Its authentication key (this is a local stand-in: /_sandbox/seed shows it on purpose). */
    authKey: z.string().min(8),
    webServiceClientId: z.string().min(1).default('eudr-test'),
    /** The operator the user belongs to (a web service user belongs to one operator). */
    operator: z
      .object({
        name: z.string().min(1).max(200),
        country: z.string().regex(/^[A-Z]{2}$/),
        identifiers: z.array(identifier).default([]),
      })
      .strict(),
    /** Roles it may submit in; empty for a downstream operator or trader (Verify only). */
    roles: z.array(z.enum(['OPERATOR', 'REPRESENTATIVE_OPERATOR'])).default(['OPERATOR']),
    /** Activities of the operator profile. */
    activities: z.array(z.enum(['DOMESTIC', 'IMPORT', 'EXPORT'])).default(['DOMESTIC']),
    /** BodyIdentity OperatorAccessIdentifier values it may act for (release 8.2.1 multi-operator users). */
    operatorAccessIdentifiers: z.array(z.string().max(16)).default([]),
  })
  .strict();

export type TracesUser = z.output<typeof tracesUserSchema>;

export const tracesSandboxOptions = z
  .object({
    users: z.array(tracesUserSchema).min(1).default(DEFAULT_USERS),
    /** SUBMITTED → AVAILABLE after this long (the real system: seconds to many minutes). */
    availableAfterMs: z.number().int().min(0).max(24 * 3_600_000).default(2000),
    /** Amend/withdraw window from submission (Operator API Reference §4.1.2: 72 hours). */
    amendWindowHours: z.number().positive().default(72),
    /** How far wsu:Created may be from the sandbox clock (§3.9: 5 minutes). */
    clockSkewMs: z.number().int().min(0).default(5 * 60_000),
    /** Real faults write codes with hyphens; the documents with underscores. */
    errorCodeStyle: z.enum(['hyphens', 'underscores']).default('hyphens'),
    /** Validate requests against the official V3 XSD when ../shared/reference is present, or always the project's copy. */
    schemas: z.enum(['official-when-present', 'project']).default('official-when-present'),
    /** Where the official V3 files are (default: ../shared/reference/eudr/v3 of the repository). */
    referenceDir: z.string().optional(),
    /** A statement whose comment contains this becomes REJECTED instead of AVAILABLE (to exercise rejections). */
    rejectWhenCommentContains: z.string().min(1).default('SANDBOX-REJECT'),
    rejectionReason: z.string().max(1000).default('Rejected by the competent authority (sandbox): the declared geolocation could not be confirmed'),
    /** DOMESTIC percentage estimation range (Units of Measure guidance §2: 0–25). */
    maxPercentageEstimation: z.number().min(0).max(100).default(25),
    /** Statuses Verify answers EXISTING_USABLE for. */
    usableStatuses: z.array(z.enum(['SUBMITTED', 'AVAILABLE', 'REJECTED', 'WITHDRAWN', 'ARCHIVED', 'SUSPENDED', 'UPDATED', 'GROUPED', 'OBSOLETE'])).default(['AVAILABLE', 'ARCHIVED']),
  })
  .strict();

export type TracesSandboxOptions = z.output<typeof tracesSandboxOptions>;
