// Configuration of the EUDR reference desk (service.eudr-desk): the HTTP API the console uses to
// ask for due diligence statements and read their numbers back.
import { z } from 'zod';
import { zSecret } from '../../../lib/secret.js';
import type { ComponentSpec } from '../../../topics/component.js';

export const eudrDeskConfig = z
  .object({
    requestsTopic: z.string().default('eudr.statements.requested').describe('Where POSTed requests go (and whose requests the desk follows).'),
    receiptsTopic: z.string().default('eudr.statements.receipts').describe('TRACES receipts: the reference and verification numbers.'),
    dlqTopic: z.string().default('eudr.dlq').describe('Statements that failed or TRACES rejected, with the reason.'),
    apiKeys: z.array(zSecret()).default([]).describe('Bearer keys accepted by the desk; with none, only loopback callers are answered.'),
    loopbackOnly: z.boolean().default(true).describe('Answer only callers on this machine when no API key is configured (always true without keys).'),
    maxCsvRows: z.number().int().min(1).max(1_000_000).default(100_000).describe('Most rows one references.csv answer holds.'),
  })
  .strict();

export type EudrDeskConfig = z.output<typeof eudrDeskConfig>;

export const eudrDeskSpec: ComponentSpec<typeof eudrDeskConfig> = {
  type: 'service.eudr-desk',
  kind: 'service',
  summary: 'The EUDR reference desk: ask for due diligence statements over HTTP and read their reference and verification numbers back.',
  description: `
Routes on the broker's HTTP server. POST /v1/eudr/statements {client (name, country, address, email,
phone, identifiers), affirmations [numbers], products?, operatorRole?, account?, comment?} puts one
StatementRequest on eudr.statements.requested (several affirmations → one statement) and answers 202
{id} with Location only once it is durable; a retry with the same Idempotency-Key header answers the
same id and asks for no second statement. GET /v1/eudr/statements/{id} answers its status
(REQUESTED, AVAILABLE, REJECTED, FAILED), reference and verification numbers, uuid and the reason of a
failure; GET /v1/eudr/statements/{id}/print a printable HTML page of it; GET
/v1/eudr/references.csv?client=&from=&to= the reference codes (one row per felling affirmation:
affirmation, reference number, verification number, date, status, client, statement) of the
statements requested in that period (dates YYYY-MM-DD, inclusive). The desk follows
eudr.statements.requested, .receipts and eudr.dlq into its own state store, so it also answers for
statements the papiNet flow asked for. Without apiKeys only callers on this machine are answered;
with them, Authorization: Bearer <key>.`,
  config: eudrDeskConfig,
  secrets: ['apiKeys'],
  examples: [
    { title: 'Local use (default config)', config: { type: 'service.eudr-desk' } },
    { title: 'For the console on another machine', config: { type: 'service.eudr-desk', apiKeys: ['${env:EDI_EUDR_DESK_KEY}'] } },
  ],
};
