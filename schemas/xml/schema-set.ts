// XSD validation with every import resolved from memory: the official TRACES V3 schemas
// import each other by absolute https URLs, and nothing may be fetched (no network from the
// XML layer). A schema set is compiled once at start-up and reused for every document.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { XmlBufferInputProvider, XmlDocument, XmlValidateError, XsdValidator, xmlRegisterInputProvider, type XmlElement, type XmlNode } from 'libxml2-wasm';
import { xmlErrors } from './errors.js';
import { parseXml } from './parse.js';

export interface ValidationIssue {
  message: string;
  line: number;
  column: number;
  /** Element path with local names and positions, e.g. /DeliveryMessageWood/DeliveryMessageWoodHeader[1]/DeliveryMessageNumber[1] */
  path: string;
}

// libxml2-wasm input providers are process-global: one provider serves every schema set.
const provider = new XmlBufferInputProvider({});
let providerRegistered = false;

function registerSchemaFiles(files: Record<string, Uint8Array>): void {
  if (!providerRegistered) {
    xmlRegisterInputProvider(provider);
    providerRegistered = true;
  }
  for (const [url, bytes] of Object.entries(files)) provider.addBuffer(url, bytes);
}

export class SchemaSet {
  private constructor(
    readonly name: string,
    private readonly validator: XsdValidator,
  ) {}

  /**
   * @param mainUrl the URL (or path) the main schema is known by; its imports resolve against it
   * @param files every schema file by the URL it is imported as (the main one included)
   */
  static compile(name: string, mainUrl: string, files: Record<string, Uint8Array>): SchemaSet {
    registerSchemaFiles(files);
    const main = files[mainUrl];
    if (main === undefined) throw xmlErrors.create('EDI_ERR_XML_SCHEMA_COMPILE', { schema: name, reason: `${mainUrl} is not among the files` });
    let doc: XmlDocument | undefined;
    try {
      doc = parseXml(main, { url: mainUrl, requireUtf8: false });
      return new SchemaSet(name, XsdValidator.fromDoc(doc));
    } catch (err) {
      const reason = err instanceof Error ? err.message.trim().split('\n').slice(0, 3).join('; ') : String(err);
      throw xmlErrors.create('EDI_ERR_XML_SCHEMA_COMPILE', { schema: name, reason }, { cause: err });
    } finally {
      doc?.dispose();
    }
  }

  /** Compiles from files on disk; imports are resolved relative to each file's path. */
  static fromFiles(name: string, mainPath: string, otherPaths: string[] = []): SchemaSet {
    const files: Record<string, Uint8Array> = {};
    for (const p of [mainPath, ...otherPaths]) files[resolve(p)] = readFileSync(p);
    return SchemaSet.compile(name, resolve(mainPath), files);
  }

  /** Compiles with an OASIS XML catalog mapping import URLs to local files (system/uri entries). */
  static fromCatalog(name: string, catalogPath: string, mainUrl: string): SchemaSet {
    return SchemaSet.compile(name, mainUrl, loadCatalogFiles(catalogPath));
  }

  /** Returns the violations; an empty list means the document is valid. */
  validate(doc: XmlDocument): ValidationIssue[] {
    try {
      this.validator.validate(doc);
      return [];
    } catch (err) {
      if (!(err instanceof XmlValidateError)) throw err;
      return err.details.map((d) => ({
        message: d.message.trim(),
        line: d.line,
        column: d.col,
        path: elementPathAtLine(doc, d.line, d.message) ?? '',
      }));
    }
  }

  dispose(): void {
    this.validator.dispose();
  }
}

/** The schema violations as one EdiError (first issue in the message, all in the detail). */
export function schemaInvalid(issues: ValidationIssue[]): ReturnType<typeof xmlErrors.create> {
  const first = issues[0]!;
  return xmlErrors.create(
    'EDI_ERR_XML_SCHEMA_INVALID',
    { count: issues.length, line: first.line, reason: first.message },
    { detail: { line: first.line, column: first.column, path: first.path, issues: issues.slice(0, 50) } },
  );
}

export function loadCatalogFiles(catalogPath: string): Record<string, Uint8Array> {
  const base = dirname(resolve(catalogPath));
  const catalog = parseXml(readFileSync(catalogPath), { url: catalogPath, requireUtf8: false });
  try {
    const files: Record<string, Uint8Array> = {};
    const ns = { c: 'urn:oasis:names:tc:entity:xmlns:xml:catalog' };
    for (const node of catalog.find('//c:system | //c:uri', ns) as XmlElement[]) {
      const id = node.attr('systemId')?.value ?? node.attr('name')?.value;
      const uri = node.attr('uri')?.value;
      if (id === undefined || uri === undefined) continue;
      files[id] = readFileSync(resolve(base, uri));
    }
    return files;
  } finally {
    catalog.dispose();
  }
}

// libxml2 reports "/*/*" for namespaced elements; recover a readable path from the line and
// the element name quoted in the message ("Element '{ns}Name': ...").
function elementPathAtLine(doc: XmlDocument, line: number, message: string): string | undefined {
  const named = /Element '(?:\{[^}]*\})?([^']+)'/.exec(message)?.[1];
  let found: XmlElement | undefined;
  const visit = (el: XmlElement): boolean => {
    if (el.line === line && (named === undefined || el.name === named)) {
      found = el;
      return true;
    }
    if (el.line > line) return false;
    // Siblings by XPath here and below: libxml2-wasm 0.7 gives a processing-instruction node no
    // `next`/`prev`, so walking siblings would throw at a PI inside an element.
    for (const c of el.find('*') as XmlNode[]) {
      if (isElement(c) && visit(c)) return true;
    }
    return false;
  };
  visit(doc.root);
  if (found === undefined) return undefined;
  const parts: string[] = [];
  for (let el: XmlElement | null = found; el !== null; el = el.parent) {
    if (el.parent === null) {
      parts.unshift(el.name);
      continue;
    }
    let index = 1;
    for (const s of el.find('preceding-sibling::*') as XmlNode[]) if (isElement(s) && s.name === el.name) index++;
    parts.unshift(`${el.name}[${index}]`);
  }
  return `/${parts.join('/')}`;
}

function isElement(node: XmlNode): node is XmlElement {
  return typeof (node as XmlElement).attrs !== 'undefined' && typeof (node as XmlElement).firstChild !== 'undefined';
}
