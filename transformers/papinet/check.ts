// One papiNet document checked the way the broker takes it, shared by the transformer,
// `edi validate` and the enrichment: hardened parse (no DTD, UTF-8, size limit) → which
// document it is (root element, namespace, type, status) → its schema → its summary.
// Every failure is an EdiError with line, column and element path where there is one.
import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { toEdiError, type EdiError, type ErrorDetail } from '../../lib/errors.js';
import { projectPapinetSchemas, type CompiledPapinetSchema, type PapinetSchemas } from '../../schemas/papinet/index.js';
import { parseXml } from '../../schemas/xml/parse.js';
import { schemaInvalid, type ValidationIssue } from '../../schemas/xml/schema-set.js';
import { DOCUMENT_SHAPES } from './documents.js';
import { indexElements, sameElements, type ElementSpan } from './element-index.js';
import { papinetErrors } from './errors.js';
import { extractSummary, type Classification } from './extract.js';
import { compilePapinetOptions, DEFAULT_PAPINET_OPTIONS, type CompiledPapinetOptions, type PapinetOptions } from './options.js';
import type { PapinetStatus, PapinetSummary } from './summary.js';
import { readTextTree } from './text-tree.js';
import { attrValue, descendants, readTree, type Element } from './xml-nav.js';

export interface PapinetContext {
  /** Compiled once at start-up; the project's own XSDs when absent. */
  schemas?: PapinetSchemas;
  options?: PapinetOptions | CompiledPapinetOptions;
}

export interface PapinetIssue {
  message: string;
  line?: number;
  column?: number;
  path?: string;
}

export type PapinetCheck = { ok: true; summary: PapinetSummary } | { ok: false; error: EdiError; issues: PapinetIssue[] };

const STATUSES: ReadonlySet<string> = new Set<PapinetStatus>(['Original', 'Replaced', 'Cancelled']);

export function checkPapinet(bytes: Uint8Array, ctx: PapinetContext = {}): PapinetCheck {
  const options = ctx.options === undefined ? DEFAULT_PAPINET_OPTIONS : compilePapinetOptions(ctx.options);
  let doc: XmlDocument;
  try {
    doc = parseXml(bytes, { maxBytes: options.maxBytes, url: 'papinet.xml' });
  } catch (err) {
    return failed(err);
  }
  try {
    return checkParsed(doc, bytes, ctx.schemas ?? projectPapinetSchemas(), options);
  } catch (err) {
    return failed(err);
  } finally {
    doc.dispose();
  }
}

function checkParsed(doc: XmlDocument, bytes: Uint8Array, schemas: PapinetSchemas, options: CompiledPapinetOptions): PapinetCheck {
  const root = doc.root;
  const kind = schemas.kindOfRoot(root.name);
  if (kind === undefined) {
    return failedAt(papinetErrors.create('EDI_ERR_PAPINET_UNKNOWN_DOCUMENT', { root: root.name }, { detail: rootDetail(root, bytes) }));
  }
  const schema = schemas.get(kind);
  if (root.namespaceUri !== schema.namespace) {
    const params = { root: root.name, namespace: root.namespaceUri, expected: schema.namespace };
    return failedAt(papinetErrors.create('EDI_ERR_PAPINET_NAMESPACE', params, { detail: rootDetail(root, bytes) }));
  }
  const issues = schema.set.validate(doc);
  if (issues.length > 0) {
    const placed = placeIssues(issues, doc, bytes);
    const error = schemaInvalid(placed).withContext(`papiNet ${root.name}`);
    return { ok: false, error, issues: placed.map(({ message, line, column, path }) => ({ message, line, column, path })) };
  }
  const tree = elementTree(root, bytes);
  const classification = classify(tree, schema);
  if (classification === undefined) {
    const status = attrValue(tree, DOCUMENT_SHAPES[kind].statusAttr) ?? '';
    return failedAt(papinetErrors.create('EDI_ERR_PAPINET_STATUS_UNKNOWN', { root: root.name, status }, { detail: rootDetail(root, bytes) }));
  }
  return { ok: true, summary: extractSummary(tree, classification, schema, options) };
}

// The tree read from the text (plain JS, text-tree.ts); libxml2's own when the text surprises the reader.
function elementTree(root: XmlElement, bytes: Uint8Array): Element {
  const fromText = readTextTree(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  return fromText !== undefined && fromText.name === root.name ? fromText : readTree(root);
}

/** Type, status and context from the root's attributes; undefined for a status we do not know. */
function classify(root: Element, schema: CompiledPapinetSchema): Classification | undefined {
  const shape = DOCUMENT_SHAPES[schema.kind];
  const status = attrValue(root, shape.statusAttr) ?? '';
  // Our schema allows only these; an official bundle might allow more.
  if (!STATUSES.has(status)) return undefined;
  const c: Classification = { shape, type: attrValue(root, shape.typeAttr) ?? shape.kind, status: status as PapinetStatus };
  const context = shape.contextAttr === undefined ? undefined : attrValue(root, shape.contextAttr);
  if (context !== undefined) c.context = context;
  return c;
}

/** libxml2 gives schema violations a line but column 0: find the element's start tag for the column. */
function placeIssues(issues: ValidationIssue[], doc: XmlDocument, bytes: Uint8Array): ValidationIssue[] {
  const byPath = spansByPath(doc, bytes);
  return issues.map((issue) => {
    const span = byPath?.get(issue.path);
    const column = issue.column > 0 ? issue.column : (span?.column ?? 1);
    return { ...issue, column, message: shortenEnumeration(issue.message) };
  });
}

function spansByPath(doc: XmlDocument, bytes: Uint8Array): Map<string, ElementSpan> | undefined {
  const spans = indexElements(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  const tree = readTree(doc.root);
  const names = [tree.name, ...descendants(tree).map((e) => e.name)];
  if (spans === undefined || !sameElements(spans, names)) return undefined;
  return new Map(spans.map((s) => [s.path, s]));
}

function rootDetail(root: XmlElement, bytes: Uint8Array): ErrorDetail {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024)).toString('utf8');
  // The root's start tag is the first element on its line after any prolog.
  const lines = text.split(/\r\n|\r|\n/);
  const lineText = lines[root.line - 1] ?? '';
  const at = new RegExp(`<(?:[^\\s/>:]+:)?${root.name}[\\s/>]`).exec(lineText);
  return { line: root.line, column: at === null ? 1 : at.index + 1, path: `/${root.name}` };
}

// libxml2 lists the whole enumeration ("not an element of the set {'Afrormosia', … 175 values}"):
// keep the first few so the message stays readable in a DLQ header and on a terminal.
function shortenEnumeration(message: string): string {
  return message.replace(/\{('(?:[^']|'')*'(?:, '(?:[^']|'')*')*)\}/, (whole, list: string) => {
    const values = list.split(/, (?=')/);
    return values.length <= 12 ? whole : `{${values.slice(0, 8).join(', ')}, … ${values.length} values}`;
  });
}

// Whatever a hostile document provokes ends as an EdiError, never as a crash of the step.
function failed(err: unknown): PapinetCheck {
  return failedAt(toEdiError(err, 'checking a papiNet document'));
}

function failedAt(error: EdiError): PapinetCheck {
  const d = error.detail ?? {};
  const issue: PapinetIssue = { message: error.message };
  if (typeof d.line === 'number') issue.line = d.line;
  if (typeof d.column === 'number') issue.column = d.column;
  if (typeof d.path === 'string') issue.path = d.path;
  return { ok: false, error, issues: [issue] };
}
