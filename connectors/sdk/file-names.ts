// File names arrive from outside (a sawmill's share, a partner's SFTP listing, an HTTP header)
// and end up in paths, record headers and partners' folders. One check for all of them: a
// name is a single path segment of valid UTF-8 without control characters (DESIGN.md, "Bad
// input": path-traversal checks on file names).
import { isUtf8 } from 'node:buffer';
import { posix } from 'node:path';

export type NameProblem = 'empty' | 'dot-segment' | 'separator' | 'nul' | 'control-character' | 'not-utf8' | 'too-long';

/** Most file systems stop at 255 bytes per name. */
export const MAX_NAME_BYTES = 255;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a name is unsafe to use as one path segment, or undefined when it is safe. */
export function nameProblem(name: string | Buffer): NameProblem | undefined {
  let text: string;
  if (Buffer.isBuffer(name)) {
    if (!isUtf8(name)) return 'not-utf8';
    text = name.toString('utf8');
  } else {
    // U+FFFD is what a lossy decoder (an SFTP listing, a URL) left of bytes that were not UTF-8.
    if (name.includes('\ufffd')) return 'not-utf8';
    text = name;
  }
  if (text.length === 0) return 'empty';
  if (text === '.' || text === '..') return 'dot-segment';
  if (text.includes('\0')) return 'nul';
  // A backslash is a separator for a Windows partner receiving the file later.
  if (text.includes('/') || text.includes('\\')) return 'separator';
  if (CONTROL.test(text)) return 'control-character';
  if (Buffer.byteLength(text) > MAX_NAME_BYTES) return 'too-long';
  return undefined;
}

export const NAME_PROBLEM_TEXT: Record<NameProblem, string> = {
  empty: 'the name is empty',
  'dot-segment': 'the name is "." or ".."',
  separator: 'the name contains a path separator (/ or \\)',
  nul: 'the name contains a NUL byte',
  'control-character': 'the name contains a control character',
  'not-utf8': 'the name is not valid UTF-8',
  'too-long': `the name is longer than ${MAX_NAME_BYTES} bytes`,
};

/** A name as it can be shown in a log or an error: invalid bytes and control characters escaped. */
export function displayName(name: string | Buffer): string {
  const bytes = Buffer.isBuffer(name) ? name : Buffer.from(name, 'utf8');
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const len = utf8SequenceLength(bytes, i);
    if (len === 0) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i++;
      continue;
    }
    const ch = bytes.subarray(i, i + len).toString('utf8');
    out += CONTROL.test(ch) ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : ch;
    i += len;
  }
  return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}

function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  const len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (len <= 1 || i + len > b.length) return len === 1 ? 1 : 0;
  return isUtf8(b.subarray(i, i + len)) ? len : 0;
}

/** A name not yet complete by the common upload conventions: dot-files, *.part, *.tmp, *~ and the like. */
export function isUploadInProgressName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.(part|tmp|filepart|partial|crdownload)$/i.test(name);
}

/** The original file name of a record: the part of edi-source after "connector-id:", last path segment. */
export function sourceFileName(source: string | undefined): string {
  if (source === undefined) return '';
  const rest = source.includes(':') ? source.slice(source.indexOf(':') + 1) : source;
  return posix.basename(rest);
}

const CONTENT_TYPE_BY_EXTENSION: Record<string, string> = {
  xml: 'application/xml',
  json: 'application/json',
  geojson: 'application/geo+json',
  avro: 'avro/binary',
  csv: 'text/csv',
  txt: 'text/plain',
};

/** The content type a file name's extension says, if it says one. */
export function contentTypeByExtension(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : CONTENT_TYPE_BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** name with `.tag` before its extension: DM-1.xml -> DM-1.<tag>.xml (a second file of that name). */
export function nameWithTag(name: string, tag: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? `${name}.${tag}` : `${name.slice(0, dot)}.${tag}${name.slice(dot)}`;
}

const EXTENSION_BY_CONTENT_TYPE: Record<string, string> = {
  'application/xml': '.xml',
  'text/xml': '.xml',
  'application/json': '.json',
  'application/geo+json': '.geojson',
  'avro/binary': '.avro',
  'application/vnd.confluent.avro': '.avro',
  'text/csv': '.csv',
  'text/plain': '.txt',
};

/** Tokens of a delivery file name template. */
export const FILE_NAME_TOKENS = '{id} (edi-id), {key} (record key), {name} (original file name), {stem} (it without extension), {ext} (extension from the content type, with the dot), {date} (UTC, YYYY-MM-DD), {header:NAME}';

export type RenderedName = { ok: true; name: string } | { ok: false; reason: string };

/**
 * The name a delivered file gets, from a template over the record. The result must be a safe
 * single name (nameProblem): a header or an original name cannot steer it out of its folder.
 */
export function renderFileName(template: string, record: { key: string | null; headers: Record<string, string> }, now = new Date()): RenderedName {
  const name = sourceFileName(record.headers['edi-source']);
  const dot = name.lastIndexOf('.');
  const contentType = (record.headers['edi-content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const values: Record<string, string | undefined> = {
    id: record.headers['edi-id'],
    key: record.key ?? undefined,
    name: name || undefined,
    stem: name ? (dot > 0 ? name.slice(0, dot) : name) : undefined,
    ext: EXTENSION_BY_CONTENT_TYPE[contentType] ?? '.bin',
    date: now.toISOString().slice(0, 10),
  };
  let missing: string | undefined;
  const out = template.replace(/\{(header:[^}]+|[a-z]+)\}/g, (whole, token: string) => {
    const v = token.startsWith('header:') ? record.headers[token.slice('header:'.length)] : token in values ? values[token] : whole;
    if (v === undefined || v === '') missing ??= token;
    return v ?? '';
  });
  if (missing !== undefined) return { ok: false, reason: `the record has no value for {${missing}}` };
  const problem = nameProblem(out);
  if (problem !== undefined) return { ok: false, reason: `"${displayName(out)}": ${NAME_PROBLEM_TEXT[problem]}` };
  return { ok: true, name: out };
}
