// Configuration of the VMD felling-affirmation fetch (inbound.vmd): where VMD's public
// endpoint is, which topics it reads and writes, limits and retries.
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { parseDuration } from '../../../lib/duration.js';
import { deliveryConcurrencySchema, deliveryRetrySchema } from '../../sdk/delivery-options.js';

const duration = z.union([z.string(), z.number()]).refine((v) => {
  try {
    parseDuration(v);
    return true;
  } catch {
    return false;
  }
}, 'a duration such as 30s');

export const vmdFetchConfig = z
  .object({
    baseUrl: z
      .url()
      .default('https://epak.vmd.gov.lv')
      .describe('Base URL of VMD\'s public service; GET {baseUrl}/api/public/affirmation-geojson/{number}. The default config points it at the VMD sandbox (${sandbox:vmd}).'),
    topics: z.array(z.string()).min(1).default(['eudr.statements.requested']).describe('Topics of statement requests (StatementRequest JSON, key = statement id).'),
    outputTopic: z.string().default('eudr.statements.prepared').describe('Where each request goes with its affirmations\' GeoJSON (PreparedStatement).'),
    requestTimeout: duration.default('30s').describe('Time allowed per GET; a timeout is retried.'),
    maxDocumentBytes: z.number().int().positive().default(26 * 1024 * 1024).describe('Largest affirmation document accepted (a statement carries at most 25 MB of geolocation).'),
    checkDocuments: z.boolean().default(true).describe('Read each document as a felling affirmation before passing it on, so an unreadable one goes to eudr.dlq here with the affirmation named.'),
    retry: deliveryRetrySchema,
    concurrency: deliveryConcurrencySchema,
  })
  .strict();

export type VmdFetchConfig = z.output<typeof vmdFetchConfig>;

export const vmdFetchSpec: ComponentSpec<typeof vmdFetchConfig> = {
  type: 'inbound.vmd',
  kind: 'inbound',
  summary: 'Fetches the felling affirmations of each statement request from VMD and passes the request on with their GeoJSON.',
  description: `
For each StatementRequest on eudr.statements.requested, GETs every felling affirmation's GeoJSON from
the State Forest Service's public endpoint ({baseUrl}/api/public/affirmation-geojson/{number}) and
produces a PreparedStatement (the request plus each document exactly as VMD served it, with its URL,
SHA-256 and time) on eudr.statements.prepared, keeping the request's edi-id (the statement id).
404 for any affirmation sends the request to eudr.dlq at once with the number named; 5xx, 408, 429,
timeouts and network failures are retried with backoff (the shared retry helper). Runs on the shared
delivery loop: a redelivered request is not fetched twice once prepared.`,
  config: vmdFetchConfig,
  secrets: [],
  examples: [
    { title: 'The VMD sandbox (default config)', config: { type: 'inbound.vmd', baseUrl: '${sandbox:vmd}' } },
    { title: 'VMD itself', config: { type: 'inbound.vmd', baseUrl: 'https://epak.vmd.gov.lv', requestTimeout: '60s' } },
  ],
};
