// SFTP inbox options compiled once at start-up.
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import { parseDuration } from '../../../lib/duration.js';
import { parseSize } from '../../../lib/size.js';
import { compileSftpServer, type SftpServer } from '../../sdk/sftp/options.js';
import { contentTypeByExtension } from '../../sdk/file-names.js';
import type { SftpInboundConfig } from './spec.js';

export interface SftpInboundOptions {
  server: SftpServer;
  remoteDir: string;
  processedDir: string;
  errorDir: string;
  topic: string;
  isIncluded: (name: string) => boolean;
  minAgeMs: number;
  intervalMs: number;
  cron: string | undefined;
  timeZone: string | undefined;
  pollOnStart: boolean;
  after: 'move' | 'delete';
  manifest: string | undefined;
  keyByName: boolean;
  contentType: string | undefined;
  topicContentType: string;
  schema: string | undefined;
  maxFileSize: number;
  requireUtf8: boolean;
  duplicates: 'reject' | 'accept';
  duplicateWindowMs: number;
  batchFiles: number;
  downloadConcurrency: number;
  reconnectAttempts: number;
  tempDir: string;
}

export function compileSftpInboundOptions(c: SftpInboundConfig, id: string, dataDir: string, topicContentType: string): SftpInboundOptions {
  const remoteDir = c.remoteDir.length > 1 ? c.remoteDir.replace(/\/+$/, '') : c.remoteDir;
  const under = (p: string): string => (p.startsWith('/') ? posix.normalize(p) : posix.join(remoteDir, p));
  const include = picomatch(c.include, { dot: false });
  return {
    server: compileSftpServer(c),
    remoteDir,
    processedDir: under(c.processedDir),
    errorDir: under(c.errorDir),
    topic: c.topic,
    isIncluded: (name) => include(name),
    minAgeMs: parseDuration(c.minAge),
    intervalMs: parseDuration(c.pollInterval),
    cron: c.cron,
    timeZone: c.timeZone,
    pollOnStart: c.pollOnStart,
    after: c.after,
    manifest: c.manifest,
    keyByName: c.key === 'file-name',
    contentType: c.contentType,
    topicContentType,
    schema: c.schema,
    maxFileSize: parseSize(c.maxFileSize),
    requireUtf8: c.requireUtf8,
    duplicates: c.duplicates,
    duplicateWindowMs: parseDuration(c.duplicateWindow),
    batchFiles: c.batchFiles,
    downloadConcurrency: c.downloadConcurrency,
    reconnectAttempts: c.reconnectAttempts,
    tempDir: join(dataDir, 'tmp', id),
  };
}

export function contentTypeOf(name: string, o: Pick<SftpInboundOptions, 'contentType' | 'topicContentType'>): string {
  return o.contentType ?? contentTypeByExtension(name) ?? o.topicContentType;
}
