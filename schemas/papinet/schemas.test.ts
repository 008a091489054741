import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EdiError } from '../../lib/errors.js';
import { parseXml } from '../xml/parse.js';
import { DEFAULT_REFERENCE_DIR, ENUMERATIONS_XSD, generateEnumerationsXsd, readSources } from './generate-enumerations.js';
import { compilePapinetSchemas, PAPINET_V2R40_NAMESPACE, projectPapinetSchemas, projectSchemaPath, type PapinetDocumentKind } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/papinet/', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));

function issuesOf(kind: PapinetDocumentKind, file: string, schemas = projectPapinetSchemas()): string[] {
  const doc = parseXml(readFileSync(join(FIXTURES, file)));
  try {
    return schemas.get(kind).set.validate(doc).map((i) => i.message);
  } finally {
    doc.dispose();
  }
}

describe("the project's papiNet V2R40 schemas", () => {
  it('compile once and validate the three Latvian fixtures', () => {
    expect(issuesOf('DeliveryMessage', 'DeliveryMessageWood-original.xml')).toEqual([]);
    expect(issuesOf('DeliveryMessage', 'DeliveryMessageWood-with-eudr.xml')).toEqual([]);
    expect(issuesOf('DeliveryInstruction', 'DeliveryInstruction-original.xml')).toEqual([]);
    expect(issuesOf('MeasuringTicket', 'MeasuringTicket-original.xml')).toEqual([]);
    expect(projectPapinetSchemas()).toBe(projectPapinetSchemas());
  });

  it('are in the V2R40 namespace and know each root', () => {
    const s = projectPapinetSchemas();
    expect(s.get('DeliveryMessage')).toMatchObject({ root: 'DeliveryMessageWood', namespace: PAPINET_V2R40_NAMESPACE, source: 'project' });
    expect(s.kindOfRoot('MeasuringTicket')).toBe('MeasuringTicket');
    expect(s.kindOfRoot('DeliveryMessage')).toBeUndefined();
  });

  it('refuse a value outside a papiNet enumeration', () => {
    expect(issuesOf('DeliveryMessage', 'invalid-enumeration.xml').join()).toMatch(/SpeciesType.*Priede/);
  });

  it('accept the EUDR numbers only with the papiNet-API identifier types', () => {
    const text = readFileSync(join(FIXTURES, 'DeliveryMessageWood-with-eudr.xml'), 'utf8').replace(
      'ReferenceIdentifierType="EUDRDueDiligenceStatementVerificationNumber"',
      'ReferenceIdentifierType="VerificationNumber"',
    );
    const doc = parseXml(Buffer.from(text));
    try {
      const issues = projectPapinetSchemas().get('DeliveryMessage').set.validate(doc);
      expect(issues[0]?.message).toMatch(/ReferenceIdentifierType/);
      expect(issues[0]?.path).toMatch(/SafetyAndEnvironmentalReference\[1\]\/SubReference\[1\]\/ReferenceIdentifier\[1\]$/);
    } finally {
      doc.dispose();
    }
  });
});

const referencePresent = existsSync(join(DEFAULT_REFERENCE_DIR, 'papinet-v2r31-enumerations.json'));
if (!referencePresent) console.warn(`\n*** SKIPPING the enumeration freshness test: ${DEFAULT_REFERENCE_DIR} is absent ***\n`);

describe.skipIf(!referencePresent)('papinet-enumerations.xsd', () => {
  it('is exactly what the generator makes from the reference material', () => {
    expect(readFileSync(ENUMERATIONS_XSD, 'utf8')).toBe(generateEnumerationsXsd(readSources(DEFAULT_REFERENCE_DIR)));
  });

  it('carries Deforestation, EU and both EUDR identifier types', () => {
    const xsd = readFileSync(ENUMERATIONS_XSD, 'utf8');
    for (const v of ['Deforestation', 'EU', 'EUDRDueDiligenceStatementReferenceNumber', 'EUDRDueDiligenceStatementVerificationNumber', 'ScotsPine', 'NorwaySpruce', 'Birch', 'LoggingArea', 'CubicMeter']) {
      expect(xsd).toContain(`value="${v}"`);
    }
  });
});

describe('an official papiNet bundle in config', () => {
  // Stand-in bundle: our own XSDs copied under other names into a temporary directory.
  const dir = mkdtempSync(join(tmpdir(), 'papinet-bundle-'));
  for (const f of ['papinet-common.xsd', 'papinet-enumerations.xsd']) copyFileSync(join(HERE, f), join(dir, f));
  writeFileSync(join(dir, 'MeasuringTicket_V2R40.xsd'), readFileSync(projectSchemaPath('MeasuringTicket')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the schema of the documents it names, from a directory', () => {
    const s = compilePapinetSchemas({ official: { dir, main: { MeasuringTicket: 'MeasuringTicket_V2R40.xsd' } } });
    try {
      expect(s.get('MeasuringTicket')).toMatchObject({ source: 'official', namespace: PAPINET_V2R40_NAMESPACE, location: join(dir, 'MeasuringTicket_V2R40.xsd') });
      expect(s.get('DeliveryMessage').source).toBe('project');
      expect(issuesOf('MeasuringTicket', 'MeasuringTicket-original.xml', s)).toEqual([]);
    } finally {
      s.dispose();
    }
  });

  it('resolves the bundle through an OASIS catalog', () => {
    const catalog = join(dir, 'catalog.xml');
    writeFileSync(
      catalog,
      `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
  <uri name="https://schemas.example/papinet/MeasuringTicket_V2R40.xsd" uri="MeasuringTicket_V2R40.xsd"/>
  <uri name="https://schemas.example/papinet/papinet-common.xsd" uri="papinet-common.xsd"/>
  <uri name="https://schemas.example/papinet/papinet-enumerations.xsd" uri="papinet-enumerations.xsd"/>
</catalog>`,
    );
    const s = compilePapinetSchemas({ official: { catalog, main: { MeasuringTicket: 'https://schemas.example/papinet/MeasuringTicket_V2R40.xsd' } } });
    try {
      expect(s.get('MeasuringTicket').source).toBe('official');
      expect(issuesOf('MeasuringTicket', 'MeasuringTicket-original.xml', s)).toEqual([]);
    } finally {
      s.dispose();
    }
  });

  it('that is incomplete fails at start-up with a papiNet code naming the problem', () => {
    const attempt = (official: Parameters<typeof compilePapinetSchemas>[0]): EdiError => {
      try {
        compilePapinetSchemas(official).dispose();
      } catch (err) {
        return err as EdiError;
      }
      throw new Error('expected a configuration error');
    };
    expect(attempt({ official: { main: { MeasuringTicket: 'x.xsd' } } })).toMatchObject({ code: 'EDI_ERR_PAPINET_SCHEMA_BUNDLE', message: expect.stringMatching(/dir .* or catalog/) });
    expect(attempt({ official: { dir, main: {} } }).message).toMatch(/name the main schema/);
    expect(attempt({ official: { dir, main: { DeliveryMessage: 'DeliveryMessageWood_V2R40.xsd' } } }).message).toMatch(/DeliveryMessageWood_V2R40\.xsd does not exist/);
    expect(attempt({ official: { dir: join(dir, 'nope'), main: { DeliveryMessage: 'a.xsd' } } }).message).toMatch(/does not exist/);
  });
});
