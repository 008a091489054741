import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../../../lib/errors.js';
import { withXml } from '../../../../schemas/xml/parse.js';
import { NS } from '../../../../schemas/traces/namespaces.js';
import { soapParts } from '../../../../schemas/traces/soap.js';
import { validatePayload } from '../../../../schemas/traces/validate-payload.js';
import { compileTracesSchemas, officialSchemaSource, projectSchemaSource } from '../../../../schemas/traces/v3/schema-files.js';
import { classificationOf } from './classify.js';
import {
  parseDdsModificationResponse,
  parseDdsOverviewResponse,
  parseEchoResponse,
  parseGetDdsByIdentifiersResponse,
  parseSubmitDdsResponse,
  parseVerifyDeclarationResponse,
} from './responses.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const ok = { httpStatus: 200, username: 'edi-operator' };
const fault = { httpStatus: 500, username: 'edi-operator' };

function thrown(fn: () => unknown): EdiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdiError) return err;
    throw err;
  }
  throw new Error('expected an EdiError');
}

describe('TRACES V3 responses', () => {
  it('submitDds gives the uuid', () => {
    expect(parseSubmitDdsResponse(fixture('submit-dds.response.xml'), ok)).toEqual({ uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c' });
  });

  it('amendDds and withdrawDds give the uuid and the resulting status', () => {
    expect(parseDdsModificationResponse('amendDds', fixture('amend-dds.response.xml'), ok)).toEqual({ uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c', status: 'AVAILABLE' });
    expect(parseDdsModificationResponse('withdrawDds', fixture('withdraw-dds.response.xml'), ok).status).toBe('WITHDRAWN');
  });

  it('getDds gives one overview per statement, numbers only for the AVAILABLE one', () => {
    const list = parseDdsOverviewResponse('getDds', fixture('get-dds.response.xml'), ok);
    expect(list).toHaveLength(2);
    expect(list[0]).toEqual({
      uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c',
      internalReferenceNumber: '26BEDWNW9JD1TN',
      referenceNumber: '26BE7XTVCZAQ2S',
      verificationNumber: 'SFFCB4Y3',
      status: 'AVAILABLE',
      date: '2026-05-20T09:55:01.000Z',
      updatedBy: 'User3 User3',
      version: 1,
    });
    expect(list[1]!.status).toBe('SUBMITTED');
    expect(list[1]!.referenceNumber).toBeUndefined();
  });

  it('getDds carries the rejection reason of a REJECTED statement', () => {
    const [o] = parseDdsOverviewResponse('getDds', fixture('get-dds-rejected.response.xml'), ok);
    expect(o).toMatchObject({ status: 'REJECTED', rejectionReason: 'Geolocation does not match the declared felling site' });
  });

  it('getDdsByInternalReference gives the overview, or an empty list (not an error) when nothing matches yet', () => {
    expect(parseDdsOverviewResponse('getDdsByInternalReference', fixture('get-dds-by-internal-reference.response.xml'), ok)[0]!.referenceNumber).toBe('26BE7XTVCZAQ2S');
    expect(parseDdsOverviewResponse('getDdsByInternalReference', fixture('get-dds-by-internal-reference-empty.response.xml'), ok)).toEqual([]);
  });

  it('getDdsByIdentifiers gives the statement with the GeoJSON decoded and decimals read', () => {
    const s = parseGetDdsByIdentifiersResponse(fixture('get-dds-by-identifiers.response.xml'), ok);
    expect(s.activityType).toBe('IMPORT');
    expect(s.commodities[0]!.descriptors.goodsMeasure).toEqual({ netWeight: 300, supplementaryUnit: 30, supplementaryUnitQualifier: 'MTQ' });
    expect(s.commodities[0]!.speciesInfo).toEqual([{ scientificName: 'Picea abies', commonName: 'Norway spruce' }]);
    expect(JSON.parse(s.commodities[0]!.producers![0]!.geometryGeojson).features[0].geometry.type).toBe('Point');
  });

  it.each([
    ['verify-declaration-usable.response.xml', 'EXISTING_USABLE', 'AVAILABLE'],
    ['verify-declaration-non-usable.response.xml', 'EXISTING_NON_USABLE', 'WITHDRAWN'],
    ['verify-declaration-non-existent.response.xml', 'NON_EXISTENT', undefined],
  ])('Verify reads %s as %s (HTTP 200, not a fault)', (file, result, status) => {
    const answer = parseVerifyDeclarationResponse(fixture(file), ok);
    expect(answer.result).toBe(result);
    expect(answer.status).toBe(status);
    expect(answer.dateTime).toBe('2026-05-20T10:00:00.000Z');
  });

  it('echo gives its status', () => {
    expect(parseEchoResponse(fixture('echo.response.xml'), ok)).toEqual({ status: 'OK' });
  });
});

describe('TRACES V3 faults', () => {
  it('reads a BusinessRulesValidationException with hyphenated codes into underscore codes, permanent', () => {
    const err = thrown(() => parseSubmitDdsResponse(fixture('fault-business-rules-hyphens.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_BUSINESS_RULES');
    expect(err.retriable).toBe(false);
    expect(classificationOf(err)).toBe('permanent');
    expect(err.message).toContain('EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_MISSING, EUDR_COMMODITIES_SPECIES_INFORMATION_SCIENTIFIC_NAME_EMPTY');
    expect(err.detail?.tracesErrors).toEqual([
      {
        id: 'EUDR-COMMODITIES-DESCRIPTOR-PERCENTAGE-ESTIMATION-MISSING',
        code: 'EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_MISSING',
        message: 'Net Mass Percentage estimate or deviation is mandatory for Domestic activity',
        field: 'commodities[1].descriptors.goodsMeasure.percentageEstimationOrDeviation',
      },
      expect.objectContaining({ code: 'EUDR_COMMODITIES_SPECIES_INFORMATION_SCIENTIFIC_NAME_EMPTY' }),
    ]);
  });

  it('reads codes written with underscores the same way', () => {
    const err = thrown(() => parseDdsModificationResponse('amendDds', fixture('fault-business-rules-underscores.xml'), fault));
    expect(err.detail?.tracesErrors).toEqual([expect.objectContaining({ code: 'EUDR_API_AMEND_NOT_ALLOWED_FOR_STATUS', field: 'uuid' })]);
    expect(classificationOf(err)).toBe('permanent');
  });

  it('classifies PermissionDeniedException (role not allowed) as an authentication problem to alert on', () => {
    const err = thrown(() => parseSubmitDdsResponse(fixture('fault-permission-denied.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_PERMISSION_DENIED');
    expect(classificationOf(err)).toBe('authentication');
    expect(err.retriable).toBe(false);
    expect(err.message).toContain('EUDR_WEBSERVICE_USER_ACTIVITY_NOT_ALLOWED: The user is claiming to use an EUDR role that it does not have in TRACES NT');
  });

  it('classifies UnauthenticatedException as authentication, not retried', () => {
    const err = thrown(() => parseDdsOverviewResponse('getDds', fixture('fault-unauthenticated.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_UNAUTHENTICATED');
    expect(classificationOf(err)).toBe('authentication');
    expect(err.retriable).toBe(false);
  });

  it('classifies a cvc- schema fault as permanent', () => {
    const err = thrown(() => parseSubmitDdsResponse(fixture('fault-schema-cvc.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_SCHEMA_REJECTED');
    expect(err.message).toContain('cvc-complex-type.2.4.a');
    expect(classificationOf(err)).toBe('permanent');
  });

  it('reads NotFoundException as not found, permanent', () => {
    const err = thrown(() => parseGetDdsByIdentifiersResponse(fixture('fault-not-found.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_NOT_FOUND');
    expect(err.detail?.tracesErrors).toEqual([expect.objectContaining({ code: 'EUDR_WEBSERVICE_STATEMENT_NOT_FOUND' })]);
  });

  it('reads the Verify sample’s lower-case errors/error{field, message}', () => {
    const err = thrown(() => parseVerifyDeclarationResponse(fixture('fault-verify-business-rules.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_BUSINESS_RULES');
    expect(err.detail?.tracesErrors).toEqual([{ id: '', code: '', message: 'Reference number format is invalid', field: 'referenceNumber' }]);
  });

  it('reads the echo service’s "Authentication failed" fault as authentication', () => {
    const err = thrown(() => parseEchoResponse(fixture('fault-echo-authentication.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_UNAUTHENTICATED');
  });

  it('retries a server fault without a business reason', () => {
    const err = thrown(() => parseSubmitDdsResponse(fixture('fault-internal.xml'), fault));
    expect(err.code).toBe('EDI_ERR_TRACES_SERVER_FAULT');
    expect(err.retriable).toBe(true);
    expect(classificationOf(err)).toBe('retriable');
  });

  it('retries an HTML error page with HTTP 502 and honours nothing else in it', () => {
    const err = thrown(() => parseSubmitDdsResponse(Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>'), { httpStatus: 502, username: 'u' }));
    expect(err.code).toBe('EDI_ERR_TRACES_HTTP_STATUS');
    expect(err.retriable).toBe(true);
  });

  it('retries an empty 503 answer and treats a 404 without SOAP as permanent', () => {
    expect(thrown(() => parseSubmitDdsResponse(Buffer.alloc(0), { httpStatus: 503, username: 'u' })).retriable).toBe(true);
    expect(thrown(() => parseSubmitDdsResponse(Buffer.from('not found'), { httpStatus: 404, username: 'u' })).retriable).toBe(false);
  });

  it('refuses a 200 answer carrying another operation’s payload', () => {
    const err = thrown(() => parseSubmitDdsResponse(fixture('withdraw-dds.response.xml'), ok));
    expect(err.code).toBe('EDI_ERR_TRACES_RESPONSE_INVALID');
    expect(err.message).toContain('expected SubmitDdsResponse');
  });

  it('refuses a hostile answer with a DOCTYPE (no entity is expanded)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>&x;</S:Body></S:Envelope>';
    const err = thrown(() => parseSubmitDdsResponse(Buffer.from(xxe), ok));
    expect(err.code).toBe('EDI_ERR_TRACES_RESPONSE_INVALID');
    expect(err.message).toMatch(/DOCTYPE/);
  });
});

describe('response fixtures are real V3 wire messages', () => {
  const files = [
    'submit-dds.response.xml',
    'amend-dds.response.xml',
    'withdraw-dds.response.xml',
    'get-dds.response.xml',
    'get-dds-rejected.response.xml',
    'get-dds-by-internal-reference.response.xml',
    'get-dds-by-internal-reference-empty.response.xml',
    'get-dds-by-identifiers.response.xml',
    'verify-declaration-usable.response.xml',
    'verify-declaration-non-usable.response.xml',
    'verify-declaration-non-existent.response.xml',
  ];
  const official = officialSchemaSource();
  if (official === undefined) console.warn('\n*** SKIPPING response fixtures against the official TRACES V3 XSD: ../shared/reference/eudr/v3 is absent ***\n');
  const sets = [compileTracesSchemas(projectSchemaSource()), ...(official ? [compileTracesSchemas(official)] : [])];
  it.each(files)('%s validates against the V3 schema(s) present', (file) => {
    for (const set of sets) {
      const issues = withXml(fixture(file), {}, (doc) => {
        const payload = soapParts(doc)!.payload!;
        return validatePayload(payload.namespaceUri === NS.verify ? set.verify : set.dds, payload);
      });
      expect(issues, `${file} against the ${set.source} schema`).toEqual([]);
    }
  });
});
