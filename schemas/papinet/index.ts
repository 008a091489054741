// The papiNet schemas, compiled once at start-up: the project's own V2R40 XSDs by default, or
// the official papiNet bundle (a directory with a main file per document, or an OASIS catalog)
// for users who have it. A document type the official config does not name keeps the
// project's schema, so a partial bundle still works.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XmlElement } from 'libxml2-wasm';
import { EdiError } from '../../lib/errors.js';
import { parseXml } from '../xml/parse.js';
import { loadCatalogFiles, SchemaSet } from '../xml/schema-set.js';
import { papinetSchemaErrors } from './errors.js';

export { papinetSchemaErrors } from './errors.js';

export const PAPINET_V2R40_NAMESPACE = 'http://www.papinet.org/v2r40';

/** The three papiNet documents of the timber flow, by what they are. */
export type PapinetDocumentKind = 'DeliveryMessage' | 'DeliveryInstruction' | 'MeasuringTicket';
export const PAPINET_DOCUMENT_KINDS: readonly PapinetDocumentKind[] = ['DeliveryMessage', 'DeliveryInstruction', 'MeasuringTicket'];

/** Root element of each document (papiNet V2R40; the e-waybill is the wood variant). */
export const PAPINET_ROOT_ELEMENT: Readonly<Record<PapinetDocumentKind, string>> = {
  DeliveryMessage: 'DeliveryMessageWood',
  DeliveryInstruction: 'DeliveryInstruction',
  MeasuringTicket: 'MeasuringTicket',
};

export interface OfficialPapinetBundle {
  /** Unzipped bundle; every .xsd below it is made available to includes and imports. */
  dir?: string;
  /** Or an OASIS XML catalog mapping the bundle's schema URLs to local files. */
  catalog?: string;
  /** Main schema per document: a path relative to dir (or absolute), or a URL in the catalog. */
  main: Partial<Record<PapinetDocumentKind, string>>;
}

export interface PapinetSchemaConfig {
  official?: OfficialPapinetBundle;
}

export interface CompiledPapinetSchema {
  kind: PapinetDocumentKind;
  root: string;
  /** targetNamespace of the main schema: what the document's root must be in. */
  namespace: string;
  source: 'project' | 'official';
  /** Main schema file or URL, for messages and `edi validate`. */
  location: string;
  set: SchemaSet;
}

export interface PapinetSchemas {
  get(kind: PapinetDocumentKind): CompiledPapinetSchema;
  /** The document kind whose root element has this local name. */
  kindOfRoot(localName: string): PapinetDocumentKind | undefined;
  dispose(): void;
}

const HERE = fileURLToPath(new URL('.', import.meta.url));

const PROJECT_MAIN: Readonly<Record<PapinetDocumentKind, string>> = {
  DeliveryMessage: 'DeliveryMessageWood.xsd',
  DeliveryInstruction: 'DeliveryInstruction.xsd',
  MeasuringTicket: 'MeasuringTicket.xsd',
};
const PROJECT_SHARED = ['papinet-common.xsd', 'papinet-enumerations.xsd'];

export function projectSchemaPath(kind: PapinetDocumentKind): string {
  return join(HERE, PROJECT_MAIN[kind]);
}

export function compilePapinetSchemas(config: PapinetSchemaConfig = {}): PapinetSchemas {
  const official = config.official;
  if (official !== undefined) checkBundleConfig(official);
  const bundleFiles = official?.dir !== undefined ? listXsd(resolve(official.dir)) : [];
  const compiled = new Map<PapinetDocumentKind, CompiledPapinetSchema>();
  for (const kind of PAPINET_DOCUMENT_KINDS) {
    const main = official?.main[kind];
    compiled.set(kind, main === undefined ? compileProject(kind) : compileOfficial(kind, official!, main, bundleFiles));
  }
  const byRoot = new Map(PAPINET_DOCUMENT_KINDS.map((k) => [PAPINET_ROOT_ELEMENT[k], k] as const));
  return {
    get: (kind) => compiled.get(kind)!,
    kindOfRoot: (localName) => byRoot.get(localName),
    dispose: () => {
      for (const c of compiled.values()) c.set.dispose();
    },
  };
}

let projectSchemas: PapinetSchemas | undefined;

/** The project's own schemas, compiled on first use and shared by every caller. */
export function projectPapinetSchemas(): PapinetSchemas {
  projectSchemas ??= compilePapinetSchemas();
  return projectSchemas;
}

function compileProject(kind: PapinetDocumentKind): CompiledPapinetSchema {
  const main = projectSchemaPath(kind);
  const set = SchemaSet.fromFiles(`papinet:${PAPINET_ROOT_ELEMENT[kind]}`, main, PROJECT_SHARED.map((f) => join(HERE, f)));
  return { kind, root: PAPINET_ROOT_ELEMENT[kind], namespace: PAPINET_V2R40_NAMESPACE, source: 'project', location: main, set };
}

function compileOfficial(kind: PapinetDocumentKind, bundle: OfficialPapinetBundle, main: string, bundleFiles: string[]): CompiledPapinetSchema {
  const name = `papinet-official:${PAPINET_ROOT_ELEMENT[kind]}`;
  try {
    if (bundle.catalog !== undefined) {
      const files = loadCatalogFiles(bundle.catalog);
      const mainBytes = files[main];
      if (mainBytes === undefined) throw papinetSchemaErrors.create('EDI_ERR_PAPINET_SCHEMA_BUNDLE', { document: kind, reason: `the catalog ${bundle.catalog} does not map ${main}` });
      const set = SchemaSet.compile(name, main, files);
      return { kind, root: PAPINET_ROOT_ELEMENT[kind], namespace: targetNamespaceOf(mainBytes, main), source: 'official', location: main, set };
    }
    const mainPath = isAbsolute(main) ? main : resolve(bundle.dir!, main);
    if (!existsFile(mainPath)) throw papinetSchemaErrors.create('EDI_ERR_PAPINET_SCHEMA_BUNDLE', { document: kind, reason: `main schema ${mainPath} does not exist` });
    const set = SchemaSet.fromFiles(name, mainPath, bundleFiles.filter((f) => f !== mainPath));
    return { kind, root: PAPINET_ROOT_ELEMENT[kind], namespace: targetNamespaceOf(readFileSync(mainPath), mainPath), source: 'official', location: mainPath, set };
  } catch (err) {
    if (err instanceof EdiError) throw err.code.startsWith('EDI_ERR_PAPINET_') ? err : err.withContext(`papiNet schema bundle for ${kind}`);
    throw papinetSchemaErrors.create('EDI_ERR_PAPINET_SCHEMA_BUNDLE', { document: kind, reason: err instanceof Error ? err.message : String(err) }, { cause: err });
  }
}

function checkBundleConfig(bundle: OfficialPapinetBundle): void {
  const problem =
    bundle.dir === undefined && bundle.catalog === undefined
      ? 'give dir (the unzipped bundle) or catalog (an OASIS catalog)'
      : Object.keys(bundle.main).length === 0
        ? 'name the main schema of at least one document (main.DeliveryMessage, main.DeliveryInstruction, main.MeasuringTicket)'
        : bundle.dir !== undefined && !existsDir(resolve(bundle.dir))
          ? `directory ${resolve(bundle.dir)} does not exist`
          : undefined;
  if (problem !== undefined) throw papinetSchemaErrors.create('EDI_ERR_PAPINET_SCHEMA_BUNDLE', { document: 'all documents', reason: problem });
}

function targetNamespaceOf(bytes: Uint8Array, url: string): string {
  const doc = parseXml(bytes, { url, requireUtf8: false });
  try {
    return (doc.root as XmlElement).attr('targetNamespace')?.value ?? '';
  } finally {
    doc.dispose();
  }
}

function listXsd(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listXsd(p));
    else if (entry.isFile() && /\.xsd$/i.test(entry.name)) out.push(p);
  }
  return out;
}

function existsFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function existsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
