// Config schema and docs of folder delivery (outbound.folder).
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { routesSchema } from '../../sdk/routing.js';
import { FILE_NAME_TOKENS } from '../../sdk/file-names.js';
import { deliveryConcurrencySchema, deliveryRetrySchema } from '../../sdk/delivery-options.js';

export const folderDeliveryConfig = z
  .object({
    path: z.string().min(1).describe('Destination directory; relative to the broker\'s data directory unless absolute. A route\'s `to` is a directory relative to it.'),
    routes: routesSchema,
    fileName: z.string().min(1).default('{id}{ext}').describe(`File name template: ${FILE_NAME_TOKENS}. It must give a plain file name; a record for which it does not goes to the DLQ.`),
    overwrite: z.boolean().default(false).describe('Replace an existing file of the same name with other content (otherwise the record goes to the DLQ).'),
    retry: deliveryRetrySchema,
    concurrency: deliveryConcurrencySchema,
  })
  .strict();

export type FolderDeliveryConfig = z.output<typeof folderDeliveryConfig>;

export const folderDeliverySpec: ComponentSpec<typeof folderDeliveryConfig> = {
  type: 'outbound.folder',
  kind: 'outbound',
  summary: 'Writes records as files into a folder (a buyer\'s share), chosen by a routing table.',
  description: `
Each file is written under a temporary dot-name in the destination folder, fsynced, then given its
final name in one step (link, never overwriting) and the folder fsynced: a reader never sees half a
file. Delivery runs on the shared delivery loop: an idempotency mark per edi-id, retries with
backoff for transient failures (a full disk), the DLQ with the reason for permanent ones (an unsafe
name, a different file already there), and a tracking event for every delivery.`,
  config: folderDeliveryConfig,
  secrets: [],
  examples: [
    {
      title: 'papiNet documents for two buyers, each into its own folder',
      config: {
        path: '/srv/buyers',
        routes: [
          { topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'LV40003000001', to: 'kurzeme-timber', fileName: '{name}' },
          { topic: 'papinet.outbound', header: 'edi-receiver-id', equals: ['SE5560000001', 'SE5560000002'], to: 'nordic-pulp' },
        ],
      },
    },
  ],
};
