// Folder options compiled once at start-up (durations in ms, sizes in bytes, globs compiled,
// paths absolute), never per file.
import { isAbsolute, join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { parseDuration } from '../../../lib/duration.js';
import { parseSize } from '../../../lib/size.js';
import { contentTypeByExtension } from '../../sdk/file-names.js';
import type { FolderConfig } from './spec.js';

export interface FolderOptions {
  root: string;
  rootBytes: Buffer;
  archiveDir: string;
  errorDir: string;
  topic: string;
  keyByName: boolean;
  contentType: string | undefined;
  topicContentType: string;
  schema: string | undefined;
  stableWindowMs: number;
  trustMtime: boolean;
  doneMarkers: string[];
  isIncluded: (name: string) => boolean;
  isIgnored: (name: string) => boolean;
  after: 'archive' | 'delete';
  maxFileSize: number;
  requireUtf8: boolean;
  duplicates: 'reject' | 'accept';
  duplicateWindowMs: number;
  rescanIntervalMs: number;
  usePolling: boolean;
  directIo: boolean;
  readConcurrency: number;
  batchFiles: number;
  batchBytes: number;
  /** Bytes read but not yet committed, at most (a single larger file goes alone). */
  maxBufferedBytes: number;
}

export function compileFolderOptions(config: FolderConfig, dataDir: string, topicContentType: string): FolderOptions {
  const root = isAbsolute(config.path) ? resolve(config.path) : resolve(dataDir, config.path);
  const under = (p: string): string => (isAbsolute(p) ? resolve(p) : join(root, p));
  const ignoreMatchers = config.ignore.map((g) => picomatch(g, { dot: true }));
  const include = picomatch(config.include, { dot: true });
  const batchBytes = parseSize(config.batchBytes);
  return {
    root,
    rootBytes: Buffer.from(root),
    archiveDir: under(config.archiveDir),
    errorDir: under(config.errorDir),
    topic: config.topic,
    keyByName: config.key === 'file-name',
    contentType: config.contentType,
    topicContentType,
    schema: config.schema,
    stableWindowMs: parseDuration(config.stableWindow),
    trustMtime: config.trustMtime,
    doneMarkers: config.doneMarkers,
    isIncluded: (name) => include(name),
    isIgnored: (name) => ignoreMatchers.some((m) => m(name)),
    after: config.after,
    maxFileSize: parseSize(config.maxFileSize),
    requireUtf8: config.requireUtf8,
    duplicates: config.duplicates,
    duplicateWindowMs: parseDuration(config.duplicateWindow),
    rescanIntervalMs: parseDuration(config.rescanInterval),
    usePolling: config.usePolling,
    directIo: config.directIo ?? !config.usePolling,
    readConcurrency: config.readConcurrency,
    batchFiles: config.batchFiles,
    batchBytes,
    maxBufferedBytes: Math.max(4 * batchBytes, 64 * 1024 * 1024),
  };
}

/** edi-content-type of a file: configured, else by extension, else the topic's. */
export function contentTypeOf(name: string, options: Pick<FolderOptions, 'contentType' | 'topicContentType'>): string {
  return options.contentType ?? contentTypeByExtension(name) ?? options.topicContentType;
}
