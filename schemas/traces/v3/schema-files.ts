// Where the TRACES V3 schemas come from: the Commission's official files when the reference
// folder is present (../shared/reference/eudr/v3, resolved offline through its OASIS
// catalog), otherwise the project's own reduced copy of their rules (./xsd). Both are keyed
// by the absolute URL each file is imported by, so one SchemaSet compile and one WSDL server
// serve either; each set is compiled once (schemas/xml SchemaSet).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SchemaSet, loadCatalogFiles } from '../../xml/schema-set.js';

/** The base the official files import each other by (the acceptance environment). */
export const OFFICIAL_WS_BASE = 'https://acceptance.eudr.webcloud.ec.europa.eu:443/tracesnt/ws/';
/** The base the project's own copies use; .invalid never resolves, nothing is fetched. */
export const PROJECT_WS_BASE = 'https://traces.edi-broker.invalid/tracesnt/ws/';

export const DEFAULT_REFERENCE_DIR = fileURLToPath(new URL('../../../../shared/reference/eudr/v3/', import.meta.url));

export interface TracesSchemaSource {
  kind: 'official' | 'project';
  /** Every schema/WSDL file by the absolute URL it is known by. */
  files: Record<string, Uint8Array>;
  /** The URL prefixes under which `files` live (rewritten to a server's own base when served). */
  bases: string[];
  ddsMain: string;
  verifyMain: string;
  echoMain: string;
  /** Main WSDL of each service, when the source has one (the project's are generated instead). */
  wsdl: { dds?: string; verify?: string };
}

const projectFile = (name: string): Uint8Array => readFileSync(new URL(`./xsd/${name}`, import.meta.url));

/** The project's own reduced schemas (always available). */
export function projectSchemaSource(): TracesSchemaSource {
  const dds = `${PROJECT_WS_BASE}EUDRDueDiligenceStatementServiceV3`;
  const files: Record<string, Uint8Array> = {
    [`${dds}?xsd=1`]: projectFile('base-v4.xsd'),
    [`${dds}?xsd=2`]: projectFile('body-v3.xsd'),
    [`${dds}?xsd=3`]: projectFile('eudr-common-v3.xsd'),
    [`${dds}?xsd=4`]: projectFile('due-diligence-statement-v3.xsd'),
    [`${dds}?xsd=5`]: projectFile('error-v01.xsd'),
    [`${PROJECT_WS_BASE}EUDRVerifyDeclarationServiceV3?xsd=3`]: projectFile('verify-declaration-v3.xsd'),
    [`${PROJECT_WS_BASE}eudr/echo?xsd=1`]: projectFile('echo.xsd'),
  };
  return {
    kind: 'project',
    files,
    bases: [PROJECT_WS_BASE],
    ddsMain: `${dds}?xsd=4`,
    verifyMain: `${PROJECT_WS_BASE}EUDRVerifyDeclarationServiceV3?xsd=3`,
    echoMain: `${PROJECT_WS_BASE}eudr/echo?xsd=1`,
    wsdl: {},
  };
}

/** The Commission's files through v3/catalog.xml, or undefined when the folder is absent. */
export function officialSchemaSource(referenceDir: string = DEFAULT_REFERENCE_DIR): TracesSchemaSource | undefined {
  const catalog = `${referenceDir.replace(/\/?$/, '/')}catalog.xml`;
  if (!existsSync(catalog)) return undefined;
  const project = projectSchemaSource();
  const files: Record<string, Uint8Array> = { ...loadCatalogFiles(catalog) };
  // The echo service's schema is not published with the reference: the project's stands in.
  files[project.echoMain] = project.files[project.echoMain]!;
  const wsdl: TracesSchemaSource['wsdl'] = {};
  const ddsWsdl = `${referenceDir.replace(/\/?$/, '/')}dds/EUDRDueDiligenceStatementServiceV3.wsdl`;
  // The verify WSDL of release 8.2.1 is byte-identical to the pre-8.2.1 copy shipped here.
  const verifyWsdl = `${referenceDir.replace(/\/?$/, '/')}verify/EUDRVerifyDeclarationServiceV3.pre-8.2.1.wsdl`;
  if (existsSync(ddsWsdl)) {
    wsdl.dds = `${OFFICIAL_WS_BASE}EUDRDueDiligenceStatementServiceV3?wsdl`;
    files[wsdl.dds] = readFileSync(ddsWsdl);
  }
  if (existsSync(verifyWsdl)) {
    wsdl.verify = `${OFFICIAL_WS_BASE}EUDRVerifyDeclarationServiceV3?wsdl`;
    files[wsdl.verify] = readFileSync(verifyWsdl);
  }
  return {
    kind: 'official',
    files,
    bases: [OFFICIAL_WS_BASE, PROJECT_WS_BASE],
    ddsMain: `${OFFICIAL_WS_BASE}EUDRDueDiligenceStatementServiceV3?xsd=4`,
    verifyMain: `${OFFICIAL_WS_BASE}EUDRVerifyDeclarationServiceV3?xsd=3`,
    echoMain: project.echoMain,
    wsdl,
  };
}

/** Official when present, else the project's copy. */
export function tracesSchemaSource(referenceDir?: string): TracesSchemaSource {
  return officialSchemaSource(referenceDir) ?? projectSchemaSource();
}

export interface TracesSchemas {
  source: TracesSchemaSource['kind'];
  dds: SchemaSet;
  verify: SchemaSet;
  echo: SchemaSet;
}

export function compileTracesSchemas(source: TracesSchemaSource): TracesSchemas {
  return {
    source: source.kind,
    dds: SchemaSet.compile(`traces-dds-v3 (${source.kind})`, source.ddsMain, source.files),
    verify: SchemaSet.compile(`traces-verify-v3 (${source.kind})`, source.verifyMain, source.files),
    echo: SchemaSet.compile(`traces-echo (${source.kind})`, source.echoMain, source.files),
  };
}
