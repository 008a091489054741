// Hardened XML parsing on libxml2-wasm (libxml2 2.14). Every document we take in can be
// hostile (DESIGN.md, "Bad input"): no DTD at all (so no external entities, no entity
// expansion), no network, no file access (libxml2-wasm has none unless registered), a size
// limit, strict UTF-8. Errors carry line and column.
import { ParseOption, XmlDocument, XmlParseError } from 'libxml2-wasm';
import { xmlErrors } from './errors.js';

export const DEFAULT_MAX_XML_BYTES = 50 * 1024 * 1024;

// NO_XXE and NONET are belt and braces: a DOCTYPE is refused before expansion matters.
const PARSE_OPTIONS =
  ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NO_SYS_CATALOG | ParseOption.XML_PARSE_BIG_LINES;

export interface ParseXmlOptions {
  maxBytes?: number;
  /** Base URL for relative references in schemas; a name for error messages. */
  url?: string;
  /** Documents from outside must be UTF-8 (papiNet, SOAP); schemas we ship are trusted. */
  requireUtf8?: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseXml(bytes: Uint8Array, options: ParseXmlOptions = {}): XmlDocument {
  const limit = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  if (bytes.byteLength > limit) throw xmlErrors.create('EDI_ERR_XML_TOO_LARGE', { size: bytes.byteLength, limit });
  if (bytes.byteLength === 0) throw xmlErrors.create('EDI_ERR_XML_EMPTY');
  if (options.requireUtf8 !== false) checkUtf8(bytes);
  // Refused before libxml2 runs, so entity declarations are never even expanded.
  if (declaresDoctype(bytes)) throw xmlErrors.create('EDI_ERR_XML_DOCTYPE_FORBIDDEN');
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(bytes, { option: PARSE_OPTIONS, url: options.url ?? 'input.xml' });
  } catch (err) {
    if (err instanceof XmlParseError) {
      const first = err.details[0];
      throw xmlErrors.create(
        'EDI_ERR_XML_MALFORMED',
        { line: first?.line ?? 0, column: first?.col ?? 0, reason: (first?.message ?? err.message).trim() },
        { detail: { line: first?.line, column: first?.col }, cause: err },
      );
    }
    throw err;
  }
  if (doc.dtd !== null) {
    doc.dispose();
    throw xmlErrors.create('EDI_ERR_XML_DOCTYPE_FORBIDDEN');
  }
  return doc;
}

/** Parses, hands the document to fn, and always frees its WASM memory. */
export function withXml<T>(bytes: Uint8Array, options: ParseXmlOptions, fn: (doc: XmlDocument) => T): T {
  const doc = parseXml(bytes, options);
  try {
    return fn(doc);
  } finally {
    doc.dispose();
  }
}

function checkUtf8(bytes: Uint8Array): void {
  // A declared non-UTF-8 encoding is refused: papiNet exchanges and SOAP 1.1 here are UTF-8.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    throw xmlErrors.create('EDI_ERR_XML_ENCODING', { reason: `declared encoding is ${declared}` });
  }
  try {
    utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw xmlErrors.create('EDI_ERR_XML_ENCODING', { reason: `invalid byte sequence at line ${at.line}, column ${at.column}` }, { detail: at });
  }
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number; offset: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok && len > 1) {
      try {
        utf8.decode(bytes.subarray(i, i + len));
      } catch {
        ok = false;
      }
    }
    if (!ok) return { line, column, offset: i };
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += len;
  }
  return { line, column, offset: bytes.length };
}

/** True when the prolog (before the root element) holds a <!DOCTYPE declaration. */
export function declaresDoctype(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1');
  let i = text.charCodeAt(0) === 0xef ? 3 : 0; // UTF-8 BOM read as latin1
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 3;
    } else return text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i);
  }
}
