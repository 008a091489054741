// Config schema and docs of the SFTP inbox (inbound.sftp): the single source for validation,
// `edi connectors` and the README's connector section.
import { z } from 'zod';
import { Cron } from 'croner';
import type { ComponentSpec } from '../../../topics/component.js';
import { parseDuration } from '../../../lib/duration.js';
import { parseSize } from '../../../lib/size.js';
import { CREDENTIALS_MESSAGE, hasCredentials, sftpServerSecrets, sftpServerShape } from '../../sdk/sftp/options.js';

const valid = (parse: (v: string | number) => number) => (v: string | number) => {
  try {
    parse(v);
    return true;
  } catch {
    return false;
  }
};
const duration = z.union([z.string(), z.number()]).refine(valid(parseDuration), 'a duration such as 500ms, 30s, 5m, 30d');
const size = z.union([z.string(), z.number()]).refine(valid(parseSize), 'a size such as 512KB, 50MB');
const remotePath = z
  .string()
  .min(1)
  .refine((p) => !p.includes('\0') && !p.split('/').includes('..'), 'a remote path without NUL or ".." segments');

function validCron(expr: string): boolean {
  try {
    new Cron(expr, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export const sftpInboundConfig = z
  .object({
    ...sftpServerShape,
    remoteDir: remotePath.describe('Remote directory polled for files (absolute, or relative to the login directory).'),
    topic: z.string().min(1).describe('Topic every file is produced to.'),
    include: z.string().default('*').describe('Glob (picomatch) a remote file name must match. Dot-files and .part/.tmp/~ names are never taken.'),
    minAge: duration.default('30s').describe('A file is taken only once its remote modification time is at least this old (uploads in progress). Not applied when a manifest is configured: the manifest says the batch is complete.'),
    pollInterval: duration.default('1m').describe('Time between polls when no cron schedule is given.'),
    cron: z.string().refine(validCron, 'a cron expression such as "0 2 * * *"').optional().describe('Cron schedule for polls (nightly batches: `0 2 * * *`); overrides pollInterval.'),
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Europe/Riga')
      .optional().describe('IANA time zone of the cron schedule, e.g. `Europe/Riga`; default the machine\'s.'),
    pollOnStart: z.boolean().default(true).describe('Poll once at start-up as well (catches a batch missed while the broker was down).'),
    after: z.enum(['move', 'delete']).default('move').describe('What happens to a remote file once its record is durable.'),
    processedDir: remotePath.default('processed').describe('Remote directory files are moved to (after: move); relative to remoteDir unless absolute.'),
    errorDir: remotePath.default('error').describe('Remote directory refused files are moved to, each with NAME.error.json; relative to remoteDir unless absolute.'),
    manifest: z
      .string()
      .min(1)
      .optional()
      .describe('Name of a batch manifest / done-file in remoteDir. When set, nothing is taken until it exists. Empty: take every matching file. One number: exactly that many matching files must be there. Lines of names: exactly those files, all present. It is moved (or deleted) after the batch.'),
    key: z.enum(['file-name', 'none']).default('file-name').describe('Record key: the file name, or none.'),
    contentType: z.string().optional().describe('edi-content-type; default from the extension, else the topic\'s content type.'),
    schema: z.string().optional().describe('edi-schema header to set on every record.'),
    maxFileSize: size.default('50MB').describe('Larger files are refused (moved to errorDir) without being downloaded.'),
    requireUtf8: z.boolean().default(true).describe('Refuse files that are not valid UTF-8 (text formats). Turn off for Avro.'),
    duplicates: z.enum(['reject', 'accept']).default('reject').describe('Content already taken (under any name): reject (errorDir) or accept with edi-duplicate-of.'),
    duplicateWindow: duration.default('30d').describe('How long content hashes are remembered.'),
    batchFiles: z.number().int().min(1).max(5000).default(100).describe('Files downloaded and committed together.'),
    downloadConcurrency: z.number().int().min(1).max(32).default(4).describe('Downloads at the same time over the one connection.'),
    reconnectAttempts: z.number().int().min(1).max(100).default(6).describe('Attempts per poll when the connection fails or drops (exponential backoff); the next poll tries again.'),
  })
  .strict()
  .refine(hasCredentials, { message: CREDENTIALS_MESSAGE, path: ['password'] });

export type SftpInboundConfig = z.output<typeof sftpInboundConfig>;

export const sftpInboundSpec: ComponentSpec<typeof sftpInboundConfig> = {
  type: 'inbound.sftp',
  kind: 'inbound',
  summary: 'Polls a partner\'s SFTP directory (interval or cron) and produces each complete file as one record.',
  description: `
Each poll lists \`remoteDir\`, filters by glob and minimum age (or waits for a batch manifest), streams
each file to a local temp file, commits the records together with the state of each remote file,
and only then moves the remote file to \`processedDir\` (or deletes it). The state per remote file
(size, mtime, SHA-256, record id) means a crash or a dropped connection at any point yields neither a
loss nor a duplicate: a file committed but not yet moved is only moved on the next attempt, never
taken again. The server's host key is pinned by fingerprint; any other key is refused before
authenticating and raises an alert on \`edi.alerts\`. Passwords and keys come from \`\${env:…}\` or
\`\${file:…}\` and never appear in logs, errors or tracking.`,
  config: sftpInboundConfig,
  secrets: sftpServerSecrets,
  examples: [
    {
      title: 'a sawmill\'s nightly batch at 02:00 Riga time, with a done-file',
      config: {
        host: 'sftp.sawmill.example',
        username: 'edi',
        privateKey: '${file:/run/secrets/sawmill_sftp_key}',
        hostKeyFingerprint: 'SHA256:pu4gtpFkyLS9U4rRMoDU61YA7q+05ibUDyo7+IqmOh8',
        remoteDir: '/outbound/papinet',
        include: '*.xml',
        cron: '0 2 * * *',
        timeZone: 'Europe/Riga',
        manifest: 'batch.done',
        topic: 'papinet.inbound',
      },
    },
  ],
};
