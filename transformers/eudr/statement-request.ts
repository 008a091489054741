// The records of the statement flow on the bus, shared by whoever asks for a due diligence
// statement (the papiNet step, the reference desk), the VMD stage and the TRACES client:
//   eudr.statements.requested  StatementRequest   — a client and its felling affirmations
//   eudr.statements.prepared   PreparedStatement  — the same with each affirmation's GeoJSON as VMD served it
//   eudr.statements.receipts   StatementReceipt   — TRACES' uuid, reference and verification numbers
// One statement may cover several affirmations (Regulation (EU) 2023/1115 Art. 4(2)); its id
// is the request's edi-id, from which the internalReferenceNumber is derived.
import { z } from 'zod';
import { IDENTIFIER_TYPES, type IdentifierType } from '../../schemas/traces/v3/model.js';
import { productSchema } from './options.js';
import type { StatementClient } from './build-statement.js';

/** VMD affirmation numbers are digits; letters and dashes are tolerated for other registers. */
export const AFFIRMATION_NUMBER = /^[0-9A-Za-z][0-9A-Za-z-]{0,39}$/;

export const statementClientSchema = z
  .object({
    /** Our key for the client: the mandate's party id (VAT number), used in receipts, CSV and billing. */
    id: z.string().min(1).max(80).optional().describe('Our key for the client, e.g. its VAT number (the mandate); default the first identifier.'),
    name: z.string().trim().min(1).max(200).describe('Legal name of the operator.'),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2').describe('Country (ISO 3166-1 alpha-2).'),
    address: z
      .object({
        street: z.string().trim().min(1).max(300),
        postalCode: z.string().trim().min(1).max(20),
        city: z.string().trim().min(1).max(100),
        fullAddress: z.string().max(500).optional(),
      })
      .strict()
      .optional()
      .describe('Street, postal code and city (required when the data centre acts as authorised representative).'),
    email: z.email().max(200).optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    identifiers: z
      .array(z.object({ type: z.enum(IDENTIFIER_TYPES as [IdentifierType, ...IdentifierType[]]), value: z.string().trim().min(1).max(80) }).strict())
      .max(12)
      .default([])
      .describe('Operator identifiers (vat, eori, …).'),
  })
  .strict();

export type StatementRequestClient = z.output<typeof statementClientSchema>;

export const statementOriginSchema = z
  .object({
    kind: z.enum(['papinet', 'desk']),
    /** papiNet document that asked for it: kind, number, edi-id. */
    document: z.string().optional(),
    number: z.string().optional(),
    ediId: z.string().optional(),
  })
  .strict();

export const statementRequestSchema = z
  .object({
    /** The statement id: the request record's edi-id. */
    id: z.string().min(1).max(40),
    client: statementClientSchema,
    /** OPERATOR (the client's own TRACES account) or REPRESENTATIVE_OPERATOR (the data centre under a mandate). */
    operatorRole: z.enum(['OPERATOR', 'REPRESENTATIVE_OPERATOR']).optional(),
    /** Name of the TRACES account (web service user) of the TRACES client's config; default "default". */
    account: z.string().min(1).max(80).optional(),
    affirmations: z.array(z.string().regex(AFFIRMATION_NUMBER, 'a felling affirmation number')).min(1).max(100),
    /** Product split for this statement (HS codes and shares); the TRACES client's default otherwise. */
    products: z.array(productSchema).min(1).optional(),
    comment: z.string().max(2000).optional(),
    origin: statementOriginSchema.optional(),
    requestedAt: z.string(),
  })
  .strict();

export type StatementRequest = z.output<typeof statementRequestSchema>;

export const affirmationDocumentSchema = z
  .object({
    number: z.string(),
    /** Where it was fetched from. */
    url: z.string(),
    /** The GeoJSON text exactly as VMD served it. */
    geojson: z.string(),
    sha256: z.string(),
    fetchedAt: z.string(),
  })
  .strict();

export const preparedStatementSchema = z
  .object({
    request: statementRequestSchema,
    affirmationDocuments: z.array(affirmationDocumentSchema).min(1),
  })
  .strict();

export type PreparedStatement = z.output<typeof preparedStatementSchema>;
export type AffirmationDocument = z.output<typeof affirmationDocumentSchema>;

export const statementReceiptSchema = z
  .object({
    /** Statement id (edi-id of the request). */
    id: z.string().min(1),
    /** Only AVAILABLE statements get a receipt; REJECTED ones go to eudr.dlq with the reason. */
    status: z.literal('AVAILABLE'),
    uuid: z.string().min(1),
    internalReferenceNumber: z.string(),
    referenceNumber: z.string().min(1),
    verificationNumber: z.string().min(1),
    affirmations: z.array(z.string()).min(1),
    client: z.object({ id: z.string(), name: z.string(), country: z.string() }).strict(),
    operatorRole: z.enum(['OPERATOR', 'REPRESENTATIVE_OPERATOR']),
    /** Cutting areas (felling sites) declared: the service is billed per felling site. */
    fellingSites: z.number().int().nonnegative(),
    areaHa: z.number().nonnegative(),
    /** TRACES environment (the WebServiceClientId) and the account that submitted. */
    environment: z.string(),
    account: z.string(),
    submittedAt: z.string(),
    availableAt: z.string(),
  })
  .strict();

export type StatementReceipt = z.output<typeof statementReceiptSchema>;

export const STATEMENT_CONTENT_TYPE = 'application/json';
export const STATEMENT_REQUEST_SCHEMA = 'eudr.StatementRequest';
export const PREPARED_STATEMENT_SCHEMA = 'eudr.PreparedStatement';
export const STATEMENT_RECEIPT_SCHEMA = 'eudr.StatementReceipt';

/** Our key for a client: its id, else its first identifier, else its name. */
export function clientKey(client: Pick<StatementRequestClient, 'id' | 'identifiers' | 'name'>): string {
  return client.id ?? client.identifiers[0]?.value ?? client.name;
}

/** The client as the statement builder takes it. */
export function toStatementClient(c: StatementRequestClient): StatementClient {
  const out: StatementClient = { name: c.name, country: c.country, identifiers: c.identifiers };
  if (c.address !== undefined) out.address = c.address.fullAddress === undefined ? { street: c.address.street, postalCode: c.address.postalCode, city: c.address.city } : c.address;
  if (c.email !== undefined) out.email = c.email;
  if (c.phone !== undefined) out.phone = c.phone;
  return out;
}

/** A request from its record value; a malformed one is a permanent error of the caller's choosing. */
export function readStatementRequest(value: Buffer): { ok: true; request: StatementRequest } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  const parsed = statementRequestSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, reason: `${i.path.join('.') || 'request'}: ${i.message}` };
  }
  return { ok: true, request: parsed.data };
}

export function readPreparedStatement(value: Buffer): { ok: true; prepared: PreparedStatement } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  const parsed = preparedStatementSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, reason: `${i.path.join('.') || 'prepared statement'}: ${i.message}` };
  }
  return { ok: true, prepared: parsed.data };
}

export function readStatementReceipt(value: Buffer): { ok: true; receipt: StatementReceipt } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: `not JSON (${(err as Error).message})` };
  }
  const parsed = statementReceiptSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, reason: `${i.path.join('.') || 'receipt'}: ${i.message}` };
  }
  return { ok: true, receipt: parsed.data };
}
