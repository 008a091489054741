import { describe, expect, it } from 'vitest';
import type { XmlElement } from 'libxml2-wasm';
import { EdiError } from '../../../../lib/errors.js';
import { Secret } from '../../../../lib/secret.js';
import { SchemaSet } from '../../../../schemas/xml/schema-set.js';
import { withXml } from '../../../../schemas/xml/parse.js';
import { NS, OPERATIONS } from '../../../../schemas/traces/namespaces.js';
import { soapParts } from '../../../../schemas/traces/soap.js';
import { child, descendant } from '../../../../schemas/traces/xml-nav.js';
import { validatePayload } from '../../../../schemas/traces/validate-payload.js';
import type { DueDiligenceStatement } from '../../../../schemas/traces/v3/model.js';
import { readStatement } from '../../../../schemas/traces/v3/statement-xml.js';
import { compileTracesSchemas, officialSchemaSource, projectSchemaSource, type TracesSchemaSource } from '../../../../schemas/traces/v3/schema-files.js';
import type { SoapRequest } from './envelope.js';
import {
  amendDdsRequest,
  echoRequest,
  getDdsByIdentifiersRequest,
  getDdsByInternalReferenceRequest,
  getDdsRequest,
  submitDdsRequest,
  verifyDeclarationRequest,
  withdrawDdsRequest,
} from './requests.js';

const credentials = { username: 'edi-operator', authKey: new Secret('sandbox-auth-key-0001'), webServiceClientId: 'eudr-test' };
const uuid = '071874bd-8c62-4cac-8eb6-b2fbe003410c';

const geojson = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { ProducerName: 'SIA Priedes Mežs', ProducerCountry: 'LV', ProductionPlace: 'Kalsnavas pag., kv. 112, nog. 5', Area: 4.9 },
      geometry: { type: 'Polygon', coordinates: [[[25.951204, 56.681532], [25.955204, 56.681532], [25.955204, 56.683332], [25.951204, 56.683332], [25.951204, 56.681532]]] },
    },
  ],
});

const domesticTimber: DueDiligenceStatement = {
  internalReferenceNumber: 'EDI-01JB8Z6Y3Q4R5S6T7V8W9X0Y1Z',
  activityType: 'DOMESTIC',
  representedOperator: {
    operatorReferenceNumber: [{ identifierType: 'vat', identifierValue: 'LV40103000001' }],
    operatorAddress: { country: 'LV', street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' },
    operatorEmail: 'info@priedes.example.lv',
    operatorPhone: '+37120000000',
    operatorName: 'SIA Priedes Mežs',
  },
  countryOfActivity: 'LV',
  comment: 'Felling affirmations 1234567890, 1234567891',
  commodities: [
    {
      position: 1,
      descriptors: { descriptionOfGoods: 'Pine and spruce roundwood', goodsMeasure: { percentageEstimationOrDeviation: 10, netWeight: 41234.5, supplementaryUnit: 52.75, supplementaryUnitQualifier: 'MTQ' } },
      hsHeading: '4403',
      speciesInfo: [
        { scientificName: 'Pinus sylvestris', commonName: 'Scots pine' },
        { scientificName: 'Picea abies', commonName: 'Norway spruce' },
      ],
      producers: [{ position: 1, country: 'LV', name: 'SIA Priedes Mežs', geometryGeojson: geojson }],
    },
    {
      position: 2,
      descriptors: { descriptionOfGoods: 'Birch fuel wood', goodsMeasure: { supplementaryUnit: 10, supplementaryUnitQualifier: 'MTQ' } },
      hsHeading: '4401',
      speciesInfo: [{ scientificName: 'Betula pendula', commonName: 'Silver birch' }],
      producers: [{ country: 'LV', geometryGeojson: geojson }],
    },
  ],
  geoLocationConfidential: false,
  groupedDeclarations: ['26LVAB12CD34EF'],
};

function allRequests(): SoapRequest[] {
  return [
    submitDdsRequest(credentials, 'REPRESENTATIVE_OPERATOR', domesticTimber),
    amendDdsRequest(credentials, uuid, domesticTimber),
    withdrawDdsRequest(credentials, uuid),
    getDdsRequest(credentials, [uuid, '9b2f0c1e-3d4a-4b5c-8d6e-7f8091a2b3c4']),
    getDdsByInternalReferenceRequest(credentials, 'EDI-01JB8Z6Y3Q4R5S6T7V8W9X0Y1Z'),
    getDdsByIdentifiersRequest(credentials, '26LV7XTVCZAQ2S', 'SFFCB4Y3'),
    verifyDeclarationRequest(credentials, '26LV7XTVCZAQ2S', 'SFFCB4Y3'),
    echoRequest(credentials, 'Hello EUDR'),
  ];
}

function payloadIssues(sets: ReturnType<typeof compileTracesSchemas>, req: SoapRequest): string[] {
  return withXml(Buffer.from(req.xml), {}, (doc) => {
    const parts = soapParts(doc)!;
    const set = OPERATIONS[req.operation].service === 'dds' ? sets.dds : OPERATIONS[req.operation].service === 'verify' ? sets.verify : sets.echo;
    return validatePayload(set, parts.payload!).map((i) => `${i.path}: ${i.message}`);
  });
}

function headerSchema(source: TracesSchemaSource, n: 1 | 2): SchemaSet {
  const main = Object.keys(source.files).find((u) => u.endsWith(`EUDRDueDiligenceStatementServiceV3?xsd=${n}`) && source.bases.some((b) => u.startsWith(b)))!;
  return SchemaSet.compile(`traces-header-${n}-${source.kind}`, main, source.files);
}

describe.each([
  ['the project’s own reduced V3 schema', () => projectSchemaSource()],
  ['the official V3 XSD (../shared/reference/eudr/v3)', () => officialSchemaSource()],
] as const)('request bodies against %s', (_name, load) => {
  const source = load();
  const present = source !== undefined;
  if (!present) console.warn('\n*** SKIPPING validation against the official TRACES V3 XSD: ../shared/reference/eudr/v3/catalog.xml is absent ***\n');
  const sets = present ? compileTracesSchemas(source) : undefined;

  it.runIf(present).each(allRequests().map((r) => [r.operation, r] as const))('%s validates', (_op, req) => {
    expect(payloadIssues(sets!, req)).toEqual([]);
  });

  it.runIf(present)('a statement with a commodity missing its descriptors is refused (the check can fail)', () => {
    const bad = submitDdsRequest(credentials, 'OPERATOR', domesticTimber).xml.replace(/<dds:descriptors>[\s\S]*?<\/dds:descriptors>/, '');
    expect(payloadIssues(sets!, { ...allRequests()[0]!, xml: bad }).join('\n')).toMatch(/hsHeading|descriptors/);
  });

  it.runIf(present)('the WebServiceClientId and BodyIdentity headers validate against base/v4 and body/v3', () => {
    const req = withdrawDdsRequest({ ...credentials, bodyIdentity: { kind: 'OperatorAccessIdentifier', value: 'LV0001' } }, uuid);
    withXml(Buffer.from(req.xml), {}, (doc) => {
      const header = soapParts(doc)!.header!;
      expect(validatePayload(headerSchema(source!, 1), child(header, 'WebServiceClientId', NS.base)!)).toEqual([]);
      const identity = child(header, 'BodyIdentity', NS.body)!;
      expect(validatePayload(headerSchema(source!, 2), identity)).toEqual([]);
      expect((identity.firstChild as XmlElement).namespaceUri).toBe('');
    });
  });
});

describe('request builders', () => {
  it('use the SOAPAction and service path of each operation’s WSDL binding', () => {
    const byOp = Object.fromEntries(allRequests().map((r) => [r.operation, r]));
    expect(byOp.submitDds!.soapAction).toBe('http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3/submitDds');
    expect(byOp.getDdsByInternalReference!.soapAction).toBe('http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3/getDdsByInternalReference');
    expect(byOp.verifyDeclaration!.soapAction).toBe('http://ec.europa.eu/tracesnt/certificate/eudr/verification/v3/verify-declaration');
    expect(byOp.testEcho!.soapAction).toBe('http://ec.europa.eu/tracesnt/eudr/echo');
    expect(byOp.submitDds!.path).toBe('ws/EUDRDueDiligenceStatementServiceV3');
    expect(byOp.verifyDeclaration!.path).toBe('ws/EUDRVerifyDeclarationServiceV3');
    expect(byOp.testEcho!.path).toBe('ws/eudr/echo');
    expect(byOp.submitDds!.contentType).toBe('text/xml;charset=UTF-8');
  });

  it('write the statement so that reading it back gives the same statement', () => {
    const req = submitDdsRequest(credentials, 'REPRESENTATIVE_OPERATOR', domesticTimber);
    const back = withXml(Buffer.from(req.xml), {}, (doc) => readStatement(descendant(doc.root, 'statement', NS.dds)!));
    expect(back).toEqual(domesticTimber);
  });

  it('write quantities as plain decimals (no exponent, ≤ 6 fraction digits) and the GeoJSON base64', () => {
    const s: DueDiligenceStatement = { ...domesticTimber, commodities: [{ ...domesticTimber.commodities[0]!, descriptors: { descriptionOfGoods: 'x', goodsMeasure: { netWeight: 1e-7, supplementaryUnit: 123456789.1234567 } } }] };
    const xml = submitDdsRequest(credentials, 'OPERATOR', s).xml;
    expect(xml).toContain('<eudrCommon:netWeight>0</eudrCommon:netWeight>');
    expect(xml).toContain('<eudrCommon:supplementaryUnit>123456789.123457</eudrCommon:supplementaryUnit>');
    expect(xml).toContain(Buffer.from(geojson).toString('base64'));
  });

  it('put one groupedDeclarations wrapper per referenced statement', () => {
    const xml = submitDdsRequest(credentials, 'OPERATOR', { ...domesticTimber, groupedDeclarations: ['26LVAAAAAAAAAA', '26LVBBBBBBBBBB'] }).xml;
    expect(xml.match(/<dds:groupedDeclarations><eudrCommon:groupedDeclaration>/g)).toHaveLength(2);
  });

  it('add BodyIdentity only to DDS operations (Verify’s WSDL does not declare it)', () => {
    const withIdentity = { ...credentials, bodyIdentity: { kind: 'OperatorAccessIdentifier' as const, value: 'LV0001' } };
    expect(getDdsRequest(withIdentity, [uuid]).xml).toContain('<body:BodyIdentity xmlns:body="http://ec.europa.eu/tracesnt/body/v3"><OperatorAccessIdentifier>LV0001</OperatorAccessIdentifier></body:BodyIdentity>');
    expect(verifyDeclarationRequest(withIdentity, '26LV7XTVCZAQ2S', 'SFFCB4Y3').xml).not.toContain('BodyIdentity');
  });

  it.each([
    ['getDds with no uuid', () => getDdsRequest(credentials, [])],
    ['getDds with 101 uuids', () => getDdsRequest(credentials, Array.from({ length: 101 }, () => uuid))],
    ['withdrawDds with a malformed uuid', () => withdrawDdsRequest(credentials, 'not-a-uuid')],
    ['submitDds as representative without representedOperator', () => submitDdsRequest(credentials, 'REPRESENTATIVE_OPERATOR', { ...domesticTimber, representedOperator: undefined })],
    ['submitDds without commodities', () => submitDdsRequest(credentials, 'OPERATOR', { ...domesticTimber, commodities: [] })],
    ['an internal reference over 50 characters', () => getDdsByInternalReferenceRequest(credentials, 'x'.repeat(51))],
    ['a reference number over 14 characters', () => verifyDeclarationRequest(credentials, '26LV7XTVCZAQ2SX', 'SFFCB4Y3')],
  ])('refuse %s with EDI_ERR_TRACES_REQUEST_INVALID', (_what, build) => {
    try {
      build();
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(EdiError);
      expect((err as EdiError).code).toBe('EDI_ERR_TRACES_REQUEST_INVALID');
      expect((err as EdiError).retriable).toBe(false);
    }
  });
});
