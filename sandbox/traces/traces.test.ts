import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillWsse, tracesFixture } from '../../test/support/traces-wsse.js';
import type { Sandbox } from '../sdk/sandbox-server.js';
import { createTracesSandbox } from './index.js';
import { DEFAULT_USERS } from './seed-users.js';
import { tracesSandboxOptions } from './options.js';

const [DATA_CENTRE, FOREST_OWNER, SAWMILL] = DEFAULT_USERS as [(typeof DEFAULT_USERS)[number], (typeof DEFAULT_USERS)[number], (typeof DEFAULT_USERS)[number]];
const DDS = '/tracesnt/ws/EUDRDueDiligenceStatementServiceV3';
const VERIFY = '/tracesnt/ws/EUDRVerifyDeclarationServiceV3';
const ECHO = '/tracesnt/ws/eudr/echo';

let offsetMs = 0;
const clock = (): Date => new Date(Date.now() + offsetMs);

interface Answer {
  status: number;
  xml: string;
  faultstring?: string;
  ids: string[];
  uuid?: string;
  statuses: string[];
  references: string[];
  verifications: string[];
}

function read(status: number, xml: string): Answer {
  const all = (re: RegExp): string[] => [...xml.matchAll(re)].map((m) => m[1]!);
  const a: Answer = {
    status,
    xml,
    ids: all(/<ns4:ID>([^<]+)<\/ns4:ID>/g),
    statuses: all(/<(?:ns3|ns5|ns4):status>([^<]+)</g),
    references: all(/<ns3:referenceNumber>([^<]+)</g),
    verifications: all(/<ns3:verificationNumber>([^<]+)</g),
  };
  const fs = /<faultstring>([^<]*)<\/faultstring>/.exec(xml)?.[1];
  if (fs !== undefined) a.faultstring = fs;
  const uuid = /<ns5:uuid>([^<]+)<\/ns5:uuid>/.exec(xml)?.[1];
  if (uuid !== undefined) a.uuid = uuid;
  return a;
}

describe('TRACES sandbox over HTTP (SOAP 1.1, WS-Security, DDS V3, Verify V3)', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  const availableAfterMs = 400;

  async function post(path: string, xml: string, soapAction?: string): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'text/xml;charset=UTF-8' };
    if (soapAction !== undefined) headers.SOAPAction = soapAction;
    const res = await fetch(`${sandbox.url}${path}`, { method: 'POST', headers, body: xml });
    return read(res.status, await res.text());
  }

  function as(user: (typeof DEFAULT_USERS)[number], fixture: string, values: Record<string, string> = {}, tweak: (xml: string) => string = (x) => x): string {
    return fillWsse(tweak(tracesFixture(fixture)), { username: user.username, authKey: user.authKey, now: clock(), values });
  }

  async function submit(user: (typeof DEFAULT_USERS)[number], fixture: string, tweak?: (xml: string) => string): Promise<Answer> {
    return post(DDS, as(user, fixture, {}, tweak), 'http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3/submitDds');
  }

  async function overview(user: (typeof DEFAULT_USERS)[number], uuid: string): Promise<Answer> {
    return post(DDS, as(user, 'get-dds.request.xml', { uuid }));
  }

  async function untilAvailable(user: (typeof DEFAULT_USERS)[number], uuid: string): Promise<Answer> {
    for (let i = 0; i < 50; i++) {
      const a = await overview(user, uuid);
      if (a.statuses[0] !== 'SUBMITTED') return a;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('statement did not leave SUBMITTED');
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'traces-sandbox-'));
    sandbox = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs }), { dataDir }, { now: clock });
    await sandbox.start();
  });
  afterAll(async () => {
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the echo service for valid credentials', async () => {
    const a = await post(ECHO, as(DATA_CENTRE, 'echo.request.xml'), 'http://ec.europa.eu/tracesnt/eudr/echo');
    expect(a.status).toBe(200);
    expect(a.xml).toContain('<ns2:status>OK</ns2:status>');
  });

  it.each([
    ['domestic timber (CF2 Domestic_with_geolocations → V3)', FOREST_OWNER, 'submit-dds-domestic-timber.request.xml'],
    ['import by an operator with an EORI (§5.1.1 sample)', DATA_CENTRE, 'submit-dds-import.request.xml'],
    ['authorised representative (V2 AuthorizedRepresentative → V3)', DATA_CENTRE, 'submit-dds-representative.request.xml'],
  ])('accepts the Commission’s example adapted to V3: %s', async (_name, user, fixture) => {
    const a = await submit(user, fixture);
    expect(a.faultstring).toBeUndefined();
    expect(a.status).toBe(200);
    expect(a.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('moves a statement SUBMITTED → AVAILABLE after the delay, with numbers in the observed formats', async () => {
    const { uuid } = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml');
    const first = await overview(FOREST_OWNER, uuid!);
    expect(first.statuses).toEqual(['SUBMITTED']);
    expect(first.references).toEqual([]);
    const later = await untilAvailable(FOREST_OWNER, uuid!);
    expect(later.statuses).toEqual(['AVAILABLE']);
    const yy = String(clock().getUTCFullYear() % 100).padStart(2, '0');
    expect(later.references[0]).toMatch(new RegExp(`^${yy}LV[A-Z0-9]{10}$`));
    expect(later.verifications[0]).toMatch(/^[A-Z0-9]{8}$/);
  });

  it('finds a submitted statement by its internal reference', async () => {
    const internal = `EDI-${Date.now()}`;
    const { uuid } = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace('LV-000002', internal));
    const a = await post(DDS, as(FOREST_OWNER, 'get-dds-by-internal-reference.request.xml', { internal_reference: internal }));
    expect(a.status).toBe(200);
    expect(a.xml).toContain(`<ns3:uuid>${uuid}</ns3:uuid>`);
    expect(a.xml).toContain(`<ns3:internalReferenceNumber>${internal}</ns3:internalReferenceNumber>`);
    // another operator's user does not see it
    const other = await post(DDS, as(DATA_CENTRE, 'get-dds-by-internal-reference.request.xml', { internal_reference: internal }));
    expect(other.xml).not.toContain(uuid!);
  });

  it('answers Verify with EXISTING_USABLE for an AVAILABLE statement, NON_EXISTENT for a wrong pair, EXISTING_NON_USABLE once withdrawn', async () => {
    const { uuid } = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml');
    const avail = await untilAvailable(FOREST_OWNER, uuid!);
    const pair = { reference_number: avail.references[0]!, verification_number: avail.verifications[0]! };
    const ok = await post(VERIFY, as(SAWMILL, 'verify-declaration.request.xml', pair), 'http://ec.europa.eu/tracesnt/certificate/eudr/verification/v3/verify-declaration');
    expect(ok.status).toBe(200);
    expect(ok.xml).toContain('<ns4:result>EXISTING_USABLE</ns4:result>');
    expect(ok.xml).toContain('<ns4:status>AVAILABLE</ns4:status>');
    const wrong = await post(VERIFY, as(SAWMILL, 'verify-declaration.request.xml', { ...pair, verification_number: 'ZZZZZZZZ' }));
    expect(wrong.status).toBe(200);
    expect(wrong.xml).toContain('<ns4:result>NON_EXISTENT</ns4:result>');
    const withdrawn = await post(DDS, as(FOREST_OWNER, 'withdraw-dds.request.xml', { uuid: uuid! }));
    expect(withdrawn.statuses).toEqual(['WITHDRAWN']);
    const after = await post(VERIFY, as(SAWMILL, 'verify-declaration.request.xml', pair));
    expect(after.xml).toContain('<ns4:result>EXISTING_NON_USABLE</ns4:result>');
  });

  describe('rejects with the official codes (hyphenated, as real faults write them)', () => {
    it('a LineString geometry', async () => {
      const line = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[25.95, 56.68], [25.96, 56.69]] } }] })).toString('base64');
      const a = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace(/<dds:geometryGeojson>[^<]+</, `<dds:geometryGeojson>${line}<`));
      expect(a.status).toBe(500);
      expect(a.faultstring).toBe('Some business rules are not met');
      expect(a.xml).toContain('BusinessRulesValidationException');
      expect(a.ids).toEqual(['EUDR-COMMODITIES-PRODUCER-GEO-INVALID']);
    });

    it('a DOMESTIC statement with net mass but no percentage estimation', async () => {
      const a = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace(/<eudrCommon:percentageEstimationOrDeviation>[^<]+<\/eudrCommon:percentageEstimationOrDeviation>/, ''));
      expect(a.ids).toEqual(['EUDR-COMMODITIES-DESCRIPTOR-PERCENTAGE-ESTIMATION-MISSING']);
    });

    it('a timber commodity without a scientific name', async () => {
      const a = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace(/<dds:scientificName>[^<]+<\/dds:scientificName>/, ''));
      expect(a.ids).toEqual(['EUDR-COMMODITIES-SPECIES-INFORMATION-SCIENTIFIC-NAME-EMPTY']);
    });

    it('a wrong password digest (UnauthenticatedException)', async () => {
      const xml = fillWsse(tracesFixture('submit-dds-domestic-timber.request.xml'), { username: FOREST_OWNER.username, authKey: 'not-the-key', now: clock() });
      const a = await post(DDS, xml);
      expect(a.status).toBe(500);
      expect(a.faultstring).toBe('UnauthenticatedException');
      expect(a.xml).not.toContain(FOREST_OWNER.authKey);
    });

    it('a 5-minute-old timestamp, a foreign client id and a replayed nonce', async () => {
      const old = fillWsse(tracesFixture('get-dds.request.xml'), { username: DATA_CENTRE.username, authKey: DATA_CENTRE.authKey, now: new Date(clock().getTime() - 6 * 60_000), values: { uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c' } });
      const stale = await post(DDS, old);
      expect(stale.faultstring).toBe('UnauthenticatedException');
      expect(stale.xml).toContain('more than 5 minutes from the server clock');
      const foreign = fillWsse(tracesFixture('get-dds.request.xml'), { username: DATA_CENTRE.username, authKey: DATA_CENTRE.authKey, now: clock(), clientId: 'eudr-repository', values: { uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c' } });
      expect((await post(DDS, foreign)).xml).toContain('web service client id');
      const once = as(DATA_CENTRE, 'get-dds.request.xml', { uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c' });
      expect((await post(DDS, once)).status).toBe(200);
      expect((await post(DDS, once)).xml).toContain('replay');
    });

    it('a commodity without descriptors, as a cvc- schema fault', async () => {
      const a = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace(/<dds:descriptors>[\s\S]*?<\/dds:descriptors>/, ''));
      expect(a.status).toBe(500);
      expect(a.faultstring).toMatch(/^Unmarshalling Error: cvc-complex-type\.2\.4\.a: .*hsHeading/);
    });

    it('a role the user does not have (PermissionDeniedException)', async () => {
      const a = await submit(SAWMILL, 'submit-dds-domestic-timber.request.xml');
      expect(a.xml).toContain('PermissionDeniedException');
      expect(a.ids).toEqual(['EUDR-WEBSERVICE-USER-ACTIVITY-NOT-ALLOWED']);
    });

    it('EXPORT by an operator without EORI, and IMPORT for a profile without that activity', async () => {
      const exp = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace('<dds:activityType>DOMESTIC</dds:activityType>', '<dds:activityType>EXPORT</dds:activityType>'));
      expect(exp.ids).toContain('EUDR-OPERATOR-EORI-FOR-ACTIVITY-MISSING');
      expect(exp.ids).toContain('EUDR-COMMODITIES-DESCRIPTOR-PERCENTAGE-ESTIMATION-NOT-ALLOWED');
      const imp = await submit(FOREST_OWNER, 'submit-dds-import.request.xml');
      expect(imp.ids).toContain('EUDR-ACTIVITY-TYPE-NOT-COMPATIBLE');
    });

    it('an HS code outside Annex I and a self-intersecting plot', async () => {
      const bowtie = Buffer.from(JSON.stringify({ type: 'Polygon', coordinates: [[[25.9402, 56.6901], [25.9461, 56.6932], [25.9463, 56.6899], [25.94, 56.693], [25.9402, 56.6901]]] })).toString('base64');
      const a = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace('<dds:hsHeading>4403</dds:hsHeading>', '<dds:hsHeading>8703</dds:hsHeading>').replace(/<dds:geometryGeojson>[^<]+</, `<dds:geometryGeojson>${bowtie}<`));
      expect(a.ids).toEqual(['EUDR-COMMODITIES-HS-CODE-INVALID', 'EUDR-COMMODITIES-PRODUCER-GEO-INVALID-GEOMETRY']);
    });
  });

  it('refuses amend while SUBMITTED, amends once AVAILABLE, refuses after the 72 h window', async () => {
    const { uuid } = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml');
    const early = await post(DDS, as(FOREST_OWNER, 'amend-dds.request.xml', { uuid: uuid! }));
    expect(early.ids).toEqual(['EUDR-API-AMEND-NOT-ALLOWED-FOR-STATUS']);
    await untilAvailable(FOREST_OWNER, uuid!);
    const ok = await post(DDS, as(FOREST_OWNER, 'amend-dds.request.xml', { uuid: uuid! }), 'http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3/amendDds');
    expect(ok.status).toBe(200);
    expect(ok.xml).toContain('AmendDdsResponse');
    expect(ok.statuses).toEqual(['AVAILABLE']);
    expect((await overview(FOREST_OWNER, uuid!)).xml).toContain('<ns3:version>2</ns3:version>');
    offsetMs = 73 * 3_600_000;
    try {
      const late = await post(DDS, as(FOREST_OWNER, 'amend-dds.request.xml', { uuid: uuid! }));
      expect(late.ids).toEqual(['EUDR-API-AMEND-OR-WITHDRAW-DDS-NOT-POSSIBLE']);
    } finally {
      offsetMs = 0;
    }
  });

  it('answers amend of an unknown uuid with EUDR-API-NO-DDS', async () => {
    const a = await post(DDS, as(FOREST_OWNER, 'withdraw-dds.request.xml', { uuid: '00000000-0000-4000-8000-000000000000' }));
    expect(a.ids).toEqual(['EUDR-API-NO-DDS']);
  });

  it('returns the full statement by reference and verification number, NotFoundException otherwise', async () => {
    const { uuid } = await submit(DATA_CENTRE, 'submit-dds-import.request.xml');
    const avail = await untilAvailable(DATA_CENTRE, uuid!);
    const pair = { reference_number: avail.references[0]!, verification_number: avail.verifications[0]! };
    const a = await post(DDS, as(SAWMILL, 'get-dds-by-identifiers.request.xml', pair));
    expect(a.status).toBe(200);
    expect(a.xml).toContain('<dds:hsHeading>4410</dds:hsHeading>');
    expect(a.xml).toContain('<dds:scientificName>Picea abies</dds:scientificName>');
    const none = await post(DDS, as(SAWMILL, 'get-dds-by-identifiers.request.xml', { ...pair, verification_number: 'AAAAAAAA' }));
    expect(none.faultstring).toBe('Data not found.');
    expect(none.ids).toEqual(['EUDR-WEBSERVICE-STATEMENT-NOT-FOUND']);
  });

  it('groups earlier statements: they become GROUPED and cannot be withdrawn on their own', async () => {
    const first = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml');
    const avail = await untilAvailable(FOREST_OWNER, first.uuid!);
    const grouping = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) =>
      x.replace('</dds:geoLocationConfidential>', `</dds:geoLocationConfidential><dds:groupedDeclarations><eudrCommon:groupedDeclaration>${avail.references[0]}</eudrCommon:groupedDeclaration></dds:groupedDeclarations>`),
    );
    expect(grouping.status).toBe(200);
    expect((await overview(FOREST_OWNER, first.uuid!)).statuses).toEqual(['GROUPED']);
    expect((await post(DDS, as(FOREST_OWNER, 'withdraw-dds.request.xml', { uuid: first.uuid! }))).ids).toEqual(['EUDR-API-AMEND-OR-WITHDRAW-DDS-NOT-POSSIBLE']);
    const unknown = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) =>
      x.replace('</dds:geoLocationConfidential>', '</dds:geoLocationConfidential><dds:groupedDeclarations><eudrCommon:groupedDeclaration>26LVNOSUCH0000</eudrCommon:groupedDeclaration></dds:groupedDeclarations>'),
    );
    expect(unknown.ids).toEqual(['EUDR-REFERENCED-STATEMENT-NOT-FOUND']);
  });

  it('rejects a statement whose comment asks for it, with the reason in getDds', async () => {
    const { uuid } = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml', (x) => x.replace('Some comments for the CA', 'SANDBOX-REJECT please'));
    const a = await untilAvailable(FOREST_OWNER, uuid!);
    expect(a.statuses).toEqual(['REJECTED']);
    expect(a.xml).toContain('<ns3:rejectionReason>');
  });

  it('keeps a ledger of accepted statements with numbers, operator, commodities and producers', async () => {
    const { uuid } = await submit(DATA_CENTRE, 'submit-dds-representative.request.xml');
    await untilAvailable(DATA_CENTRE, uuid!);
    const ledger = (await (await fetch(`${sandbox.url}/_sandbox/ledger?internalReference=LV-000005`)).json()) as { statements: Array<Record<string, unknown>> };
    const entry = ledger.statements.find((s) => s.uuid === uuid)!;
    expect(entry).toMatchObject({
      internalReferenceNumber: 'LV-000005',
      status: 'AVAILABLE',
      activityType: 'DOMESTIC',
      operator: { username: 'edi-data-centre', name: 'SIA EDI Datu Centrs', role: 'REPRESENTATIVE_OPERATOR', onBehalfOf: 'SIA Priedes Mežs' },
      commodities: [{ hsHeading: '4403', supplementaryUnit: 120.5, supplementaryUnitQualifier: 'MTQ', species: ['Picea abies'], producers: 1 }],
      producers: 1,
    });
    expect(entry.referenceNumber).toMatch(/^\d{2}LV[A-Z0-9]{10}$/);
  });

  it('lists its test users with their authentication keys and client ids in /_sandbox/seed', async () => {
    const seed = (await (await fetch(`${sandbox.url}/_sandbox/seed`)).json()) as { users: Array<{ username: string; authKey: string; webServiceClientId: string }>; services: Record<string, string> };
    expect(seed.users.map((u) => u.username)).toEqual(['edi-data-centre', 'edi-forest-owner', 'edi-sawmill']);
    expect(seed.users[0]).toMatchObject({ authKey: DATA_CENTRE.authKey, webServiceClientId: 'eudr-test' });
    expect(seed.services.dds).toBe(DDS);
  });

  it('serves its WSDL with the sandbox as endpoint, and the XSDs it imports', async () => {
    const wsdl = await (await fetch(`${sandbox.url}${DDS}?wsdl`)).text();
    expect(wsdl).toContain('wsdl:definitions');
    expect(wsdl).toContain(`location="${sandbox.url}${DDS}"`);
    expect(wsdl).toContain('/submitDds"');
    const xsd = await fetch(`${sandbox.url}${DDS}?xsd=4`);
    expect(xsd.status).toBe(200);
    expect(await xsd.text()).toContain('name="SubmitDdsRequest"');
    expect((await fetch(`${sandbox.url}${ECHO}?wsdl`)).status).toBe(200);
    expect((await fetch(`${sandbox.url}${DDS}?xsd=99`)).status).toBe(404);
  });

  it('refuses a SOAPAction that does not match the payload', async () => {
    const a = await post(DDS, as(FOREST_OWNER, 'get-dds.request.xml', { uuid: '071874bd-8c62-4cac-8eb6-b2fbe003410c' }), 'http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3/submitDds');
    expect(a.faultstring).toMatch(/does not match an operation/);
  });

  it('refuses a DOCTYPE (external entity) as unmarshalling error', async () => {
    const a = await post(DDS, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>');
    expect(a.status).toBe(500);
    expect(a.faultstring).toMatch(/Unmarshalling Error: .*DOCTYPE/);
  });

  it('answers 429 above an injected rate limit, like the 5 calls/s per IP rule', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rateLimitPerSecond: 2 }) });
    try {
      const statuses = await Promise.all([1, 2, 3, 4].map(() => post(ECHO, as(DATA_CENTRE, 'echo.request.xml')).then((a) => a.status)));
      expect(statuses).toContain(429);
    } finally {
      await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });

  it('keeps its statements across a restart with the same data dir', async () => {
    const { uuid } = await submit(FOREST_OWNER, 'submit-dds-domestic-timber.request.xml');
    await sandbox.stop();
    sandbox = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs }), { dataDir }, { now: clock });
    await sandbox.start();
    const a = await untilAvailable(FOREST_OWNER, uuid!);
    expect(a.statuses).toEqual(['AVAILABLE']);
  });
});

describe('TRACES sandbox on the project’s own schema copy, codes with underscores', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = createTracesSandbox(tracesSandboxOptions.parse({ schemas: 'project', errorCodeStyle: 'underscores', availableAfterMs: 0 }), {});
    await sandbox.start();
  });
  afterAll(async () => sandbox.stop());

  const send = async (xml: string): Promise<Answer> => {
    const res = await fetch(`${sandbox.url}${DDS}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
    return read(res.status, await res.text());
  };
  const fill = (fixture: string, tweak: (x: string) => string = (x) => x): string => fillWsse(tweak(tracesFixture(fixture)), { username: FOREST_OWNER.username, authKey: FOREST_OWNER.authKey });

  it('accepts the domestic example and makes it AVAILABLE at once with availableAfterMs 0', async () => {
    const a = await send(fill('submit-dds-domestic-timber.request.xml'));
    expect(a.status).toBe(200);
    const o = await send(fill('get-dds.request.xml', (x) => x.replace('{{uuid}}', a.uuid!)));
    expect(o.statuses).toEqual(['AVAILABLE']);
  });

  it('still refuses schema violations and writes codes with underscores', async () => {
    expect((await send(fill('submit-dds-domestic-timber.request.xml', (x) => x.replace('<dds:activityType>DOMESTIC', '<dds:activityType>TRADE')))).faultstring).toMatch(/cvc-enumeration-valid/);
    expect((await send(fill('submit-dds-domestic-timber.request.xml', (x) => x.replace(/<eudrCommon:percentageEstimationOrDeviation>[^<]+<\/eudrCommon:percentageEstimationOrDeviation>/, '')))).ids).toEqual(['EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_MISSING']);
  });

  it('serves a project-written WSDL pointing at itself', async () => {
    const wsdl = await (await fetch(`${sandbox.url}${DDS}?wsdl`)).text();
    expect(wsdl).toContain('Minimal WSDL of the TRACES sandbox');
    expect(wsdl).toContain(`${sandbox.url}/tracesnt/ws/EUDRDueDiligenceStatementServiceV3?xsd=4`);
    const xsd = await (await fetch(`${sandbox.url}${DDS}?xsd=4`)).text();
    expect(xsd).toContain(`${sandbox.url}/tracesnt/ws/EUDRDueDiligenceStatementServiceV3?xsd=3`);
  });
});
