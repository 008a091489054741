// Config schema and docs of the folder inbox (inbound.folder): the single source for
// validation, `edi connectors` and the README's connector section.
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { parseDuration } from '../../../lib/duration.js';
import { parseSize } from '../../../lib/size.js';

const valid = (parse: (v: string | number) => number) => (v: string | number) => {
  try {
    parse(v);
    return true;
  } catch {
    return false;
  }
};
const duration = z.union([z.string(), z.number()]).refine(valid(parseDuration), 'a duration such as 500ms, 2s, 5m, 30d');
const size = z.union([z.string(), z.number()]).refine(valid(parseSize), 'a size such as 512KB, 50MB');

export const folderConfig = z
  .object({
    path: z.string().min(1).describe('The inbox directory. A relative path is resolved against the broker\'s data directory (`inbox/papinet` = `data/inbox/papinet`). Created at start-up when missing.'),
    topic: z.string().min(1).describe('Topic every file of this inbox is produced to (e.g. `papinet.inbound`).'),
    key: z.enum(['file-name', 'none']).default('file-name').describe('Record key: the file name, or none (round robin over partitions).'),
    contentType: z.string().optional().describe('edi-content-type of the records; default from the extension (.xml, .json, .geojson, .avro, .csv), else the topic\'s content type.'),
    schema: z.string().optional().describe('edi-schema header to set on every record.'),
    stableWindow: duration.default('2s').describe('A file is taken only when its size and modification time have not changed for this long.'),
    trustMtime: z
      .boolean()
      .default(true)
      .describe('Count the stable window from the file\'s modification time, so files already old at start-up are taken at once. Set false on network shares whose clock may differ: a file must then be watched unchanged for the whole window.'),
    doneMarkers: z
      .array(z.string().regex(/^\.[A-Za-z0-9._-]+$/, 'a marker suffix such as .done'))
      .default([])
      .describe('When set (e.g. `[".done", ".ok"]`), a file NAME is taken only once NAME.done (or NAME.ok) exists. Markers are removed once their file is archived.'),
    include: z.string().default('*').describe('Glob (picomatch) a file name must match to be taken.'),
    ignore: z.array(z.string()).default([]).describe('Globs of names never taken. Dot-files and names ending in .part, .tmp, .filepart, .partial, .crdownload or ~ are always ignored (uploads in progress).'),
    after: z.enum(['archive', 'delete']).default('archive').describe('What happens to a file once its record is durable: moved to `<archiveDir>/YYYY-MM-DD/` (UTC date) or deleted.'),
    archiveDir: z.string().default('archive').describe('Archive directory; relative to the inbox.'),
    errorDir: z.string().default('error').describe('Where files that cannot be taken go, each with NAME.error.json (code, message, time); relative to the inbox.'),
    maxFileSize: size.default('50MB').describe('Larger files go to the error directory unread.'),
    requireUtf8: z.boolean().default(true).describe('Refuse files that are not valid UTF-8 (text formats: XML, JSON, CSV). Turn off for binary formats such as Avro.'),
    duplicates: z.enum(['reject', 'accept']).default('reject').describe('Content already taken under another name: `reject` moves it to the error directory (EDI_ERR_FOLDER_DUPLICATE_CONTENT); `accept` takes it and marks the record with edi-duplicate-of.'),
    duplicateWindow: duration.default('30d').describe('How long content hashes are remembered for duplicate detection.'),
    rescanInterval: duration.default('30s').describe('Full rescan of the directory as a safety net for missed change events.'),
    usePolling: z.boolean().default(false).describe('Poll instead of OS change events (NFS/SMB mounts that do not deliver them).'),
    directIo: z
      .boolean()
      .optional()
      .describe('Read small files (up to 256 KB) and archive them with direct system calls in short slices of the event loop: several times faster on a local disk. Default: on, unless usePolling is set; turn it off for network mounts, where one slow call would hold the broker up.'),
    readConcurrency: z.number().int().min(1).max(256).default(16).describe('Files read at the same time through the thread pool (large files, or directIo off).'),
    batchFiles: z.number().int().min(1).max(10_000).default(500).describe('Most files committed to the bus in one transaction.'),
    batchBytes: size.default('16MB').describe('Most bytes committed to the bus in one transaction (a single larger file goes alone).'),
  })
  .strict();

export type FolderConfig = z.output<typeof folderConfig>;

export const folderSpec: ComponentSpec<typeof folderConfig> = {
  type: 'inbound.folder',
  kind: 'inbound',
  summary: 'Watches a folder and produces each complete file as one record (sawmills dropping papiNet XML).',
  description: `
A file is taken only when it is complete: upload names (dot-files, .part, .tmp, ~) are ignored, its
size and modification time must be stable for \`stableWindow\`, and optionally a done-marker must
exist. Files already present at start-up get the same check. Its record, its tracking event and the
"seen file" state (name, size, mtime, SHA-256) are committed in one transaction; only then is the file
moved to \`archive/YYYY-MM-DD/\` (or deleted), so a crash at any point yields neither a loss nor a second
record. A file that cannot be taken (empty, over \`maxFileSize\`, not UTF-8 when required, an unsafe
name, duplicate content) is moved to \`error/\` with \`NAME.error.json\` beside it, and an intake error is
tracked under its name (\`edi track NAME\`). Thousands of files dropped at once are read with bounded
concurrency and committed in batches.`,
  config: folderConfig,
  secrets: [],
  examples: [
    { title: 'papiNet documents from a sawmill share', config: { path: 'inbox/papinet', topic: 'papinet.inbound' } },
    {
      title: 'tobacco ERP events (Avro or JSON), taken only with a done-marker, deleted after intake',
      config: { path: '/srv/erp/outbox', topic: 'tobacco.events.inbound', requireUtf8: false, doneMarkers: ['.done'], after: 'delete' },
    },
  ],
};
