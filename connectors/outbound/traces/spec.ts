// Configuration of the TRACES statement client (outbound.traces): the environment, the web
// service users (accounts) with their authentication keys, how statements are built
// (transformers/eudr options), how TRACES is polled for the numbers, and retries.
import { z } from 'zod';
import { zSecret } from '../../../lib/secret.js';
import { parseDuration } from '../../../lib/duration.js';
import type { ComponentSpec } from '../../../topics/component.js';
import { eudrStatementOptions } from '../../../transformers/eudr/options.js';
import { deliveryConcurrencySchema, deliveryRetrySchema } from '../../sdk/delivery-options.js';

export const duration = z.union([z.string(), z.number()]).refine((v) => {
  try {
    parseDuration(v);
    return true;
  } catch {
    return false;
  }
}, 'a duration such as 2s, 5m');

export const tracesAccountSchema = z
  .object({
    name: z.string().min(1).max(80).default('default').describe('How statement requests name this account (StatementRequest.account); "default" when they name none.'),
    username: z.string().min(1).max(100).describe('EU Login user name of the web service user.'),
    authKey: zSecret().describe('Its authentication key (${env:…} / ${file:…}); only its digest is ever sent, it is never logged.'),
    webServiceClientId: z.string().min(1).default('eudr-test').describe('WebServiceClientId header: eudr-test on acceptance, eudr-repository on production.'),
    bodyIdentity: z
      .object({
        kind: z.enum(['OperatorAccessIdentifier', 'AuthorityActivityAccessIdentifier', 'OrganicControlBodyAccessIdentifier', 'OtherBodyAccessIdentifier']).default('OperatorAccessIdentifier'),
        value: z.string().min(1).max(16),
      })
      .strict()
      .optional()
      .describe('Optional BodyIdentity header: which operator a multi-operator web service user acts for (release 8.2.1).'),
  })
  .strict();

export type TracesAccountConfig = z.output<typeof tracesAccountSchema>;

const accounts = z
  .array(tracesAccountSchema)
  .min(1)
  .refine((a) => new Set(a.map((x) => x.name)).size === a.length, 'account names must be unique')
  .describe('TRACES web service users; a statement request picks one by name (default "default").');

export const tracesEndpointSchema = {
  baseUrl: z
    .url()
    .default('https://acceptance.eudr.webcloud.ec.europa.eu/tracesnt/')
    .describe('TRACES base URL (…/tracesnt/): acceptance, production (https://eudr.webcloud.ec.europa.eu/tracesnt/) or the sandbox (${sandbox:traces}/tracesnt/).'),
  accounts,
  requestTimeout: duration.default('60s').describe('Time allowed per SOAP call; a timeout is retried.'),
  rateLimitPerSecond: z.number().positive().max(50).default(5).describe('Calls per second per web service user (the Commission asks for at most 5).'),
};

export const tracesStatementConfig = z
  .object({
    ...tracesEndpointSchema,
    topics: z.array(z.string()).min(1).default(['eudr.statements.prepared']).describe('Topics of prepared statements (PreparedStatement JSON, key = statement id).'),
    receiptsTopic: z.string().default('eudr.statements.receipts').describe('Where receipts (uuid, reference and verification numbers) go, key = statement id.'),
    requestsTopic: z.string().default('eudr.statements.requested').describe('Where a statement rejected after the background poll came from: its DLQ record holds the request, replayable there.'),
    dlqTopic: z.string().default('eudr.dlq').describe('Where failed statements go, with the reason.'),
    statement: eudrStatementOptions.prefault({}).describe('How statements are built: operator role (REPRESENTATIVE_OPERATOR by default), activity, products and their HS codes, quantities, species, coordinate systems.'),
    poll: z
      .object({
        initialDelay: duration.default('1s').describe('First getDds after this long; the delay grows by factor each time.'),
        maxDelay: duration.default('30s').describe('Longest wait between two getDds calls.'),
        factor: z.number().min(1).max(4).default(1.5).describe('Growth of the delay between polls.'),
        inlinePolls: z.number().int().min(1).max(50).default(6).describe('getDds calls made right after the submission while the record is held; after that a background poller takes over (a consumer must not hold its batch for minutes).'),
        maxAge: duration.default('14d').describe('A statement still SUBMITTED this long after submission goes to eudr.dlq.'),
      })
      .strict()
      .prefault({})
      .describe('getDds polling until the statement is AVAILABLE or REJECTED (the real system takes seconds to many minutes): a few polls while the record is held, then in the background from the state store, up to 100 uuids per call.'),
    retry: deliveryRetrySchema,
    concurrency: deliveryConcurrencySchema,
  })
  .strict();

export type TracesStatementConfig = z.output<typeof tracesStatementConfig>;

export const tracesStatementSpec: ComponentSpec<typeof tracesStatementConfig> = {
  type: 'outbound.traces',
  kind: 'outbound',
  summary: 'Submits due diligence statements to EU TRACES (DDS V3) and puts their reference and verification numbers on eudr.statements.receipts.',
  description: `
Consumes PreparedStatements (a client's request with its felling affirmations' GeoJSON from VMD), builds
one DueDiligenceStatement per request (transformers/eudr: GeoJSON normalised to what TRACES accepts,
species names, the planned volume split into the configured HS codes), and submits it over SOAP 1.1
with WS-Security (UsernameToken PasswordDigest, Timestamp) and the WebServiceClientId header, as
REPRESENTATIVE_OPERATOR for the client (its name, address and identifiers) or as OPERATOR. The
statement's internalReferenceNumber is derived from the request's edi-id, and before any submission
the client asks getDdsByInternalReference: a statement submitted before a crash is found again and
polled, never submitted twice. getDds is polled with backoff (a few times while the record is held,
then by a background poller over the pending statements kept in the state store, so a restart loses
none) until AVAILABLE, then the receipt {uuid,
referenceNumber, verificationNumber, affirmations, client, status} goes to eudr.statements.receipts
(compacted, key = statement id). REJECTED goes to eudr.dlq with TRACES' rejection reason;
BusinessRulesValidationException and schema faults go to eudr.dlq at once with the official codes;
UnauthenticatedException (and a role the user lacks) raises an alert on edi.alerts and goes to the DLQ
without retries; HTTP 5xx, 429, network failures and InternalSystemException are retried with backoff.
At most rateLimitPerSecond calls per web service user. The authentication key never reaches a log,
an error, tracking or the DLQ.`,
  config: tracesStatementConfig,
  secrets: ['accounts.authKey'],
  examples: [
    {
      title: 'The TRACES sandbox with its seeded data-centre user (default config)',
      config: {
        type: 'outbound.traces',
        baseUrl: '${sandbox:traces}/tracesnt/',
        accounts: [{ name: 'default', username: 'edi-data-centre', authKey: '${env:EDI_TRACES_AUTH_KEY:-sandbox-auth-key-data-centre-0001}', webServiceClientId: 'eudr-test' }],
      },
    },
    {
      title: 'Acceptance, as authorised representative, fuel wood only from alder',
      config: {
        type: 'outbound.traces',
        baseUrl: 'https://acceptance.eudr.webcloud.ec.europa.eu/tracesnt/',
        accounts: [{ name: 'default', username: '${env:EDI_TRACES_USER}', authKey: '${file:/run/secrets/traces-auth-key}', webServiceClientId: 'eudr-test' }],
        statement: { operatorRole: 'REPRESENTATIVE_OPERATOR', products: [{ hsHeading: '4403', description: 'Roundwood', share: 1, shareBySpecies: { '6': 0.5, '9': 0.5 } }, { hsHeading: '4401', description: 'Fuel wood', share: 0, shareBySpecies: { '6': 0.5, '9': 0.5 } }] },
        poll: { initialDelay: '20s', maxDelay: '2m' },
      },
    },
  ],
};
