// Config schema and docs of SFTP delivery (outbound.sftp).
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { routesSchema } from '../../sdk/routing.js';
import { FILE_NAME_TOKENS } from '../../sdk/file-names.js';
import { deliveryConcurrencySchema, deliveryRetrySchema } from '../../sdk/delivery-options.js';
import { CREDENTIALS_MESSAGE, hasCredentials, sftpServerSecrets, sftpServerShape } from '../../sdk/sftp/options.js';

export const sftpDeliveryConfig = z
  .object({
    ...sftpServerShape,
    remoteDir: z
      .string()
      .min(1)
      .refine((p) => !p.includes('\0'), 'a remote path without NUL')
      .describe('Remote directory files are delivered to; a route\'s `to` replaces it (absolute, or relative to the login directory).'),
    routes: routesSchema,
    fileName: z.string().min(1).default('{id}{ext}').describe(`File name template: ${FILE_NAME_TOKENS}.`),
    retry: deliveryRetrySchema,
    concurrency: deliveryConcurrencySchema,
  })
  .strict()
  .refine(hasCredentials, { message: CREDENTIALS_MESSAGE, path: ['password'] });

export type SftpDeliveryConfig = z.output<typeof sftpDeliveryConfig>;

export const sftpDeliverySpec: ComponentSpec<typeof sftpDeliveryConfig> = {
  type: 'outbound.sftp',
  kind: 'outbound',
  summary: 'Uploads records as files to a partner\'s SFTP server (NAME.part, then rename), host key pinned.',
  description: `
Each record is uploaded as \`NAME.part\` (fsynced on the server when it offers fsync@openssh.com), then
renamed to \`NAME\`; the rename never replaces a file, so a partner polling the directory never takes a
partial upload or loses a file. One connection is kept open and re-opened when it drops. A server
that is down is retried with backoff (the record waits; nothing is dropped); after the retry limit
the record goes to the DLQ with the reason. The host key is pinned: any other key is refused before
authenticating and raises an alert.`,
  config: sftpDeliveryConfig,
  secrets: sftpServerSecrets,
  examples: [
    {
      title: 'a buyer\'s SFTP inbox',
      config: {
        host: 'sftp.buyer.example',
        username: 'edi-in',
        privateKey: '${file:/run/secrets/buyer_sftp_key}',
        hostKeyFingerprint: 'SHA256:pu4gtpFkyLS9U4rRMoDU61YA7q+05ibUDyo7+IqmOh8',
        remoteDir: '/inbound',
        routes: [{ topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'SE5560000001' }],
        fileName: '{stem}.{id}{ext}',
      },
    },
  ],
};
