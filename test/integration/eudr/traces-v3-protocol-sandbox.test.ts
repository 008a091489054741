// The pure pieces of the timber flow against the real sandboxes over HTTP, without the
// runtime: VMD GeoJSON → normalised statement (transformers/eudr) → TRACES V3 envelope
// (connectors/outbound/traces/v3) → TRACES sandbox → answers read back by the same protocol
// layer. Proves that builder, parser, sandbox and domain speak the same wire language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdiError } from '../../../lib/errors.js';
import { Secret } from '../../../lib/secret.js';
import {
  classificationOf,
  getDdsByIdentifiersRequest,
  getDdsByInternalReferenceRequest,
  getDdsRequest,
  parseDdsOverviewResponse,
  parseGetDdsByIdentifiersResponse,
  parseSubmitDdsResponse,
  parseVerifyDeclarationResponse,
  submitDdsRequest,
  verifyDeclarationRequest,
  type SoapRequest,
} from '../../../connectors/outbound/traces/v3/index.js';
import { buildDueDiligenceStatement, eudrStatementOptions, readFellingAffirmation } from '../../../transformers/eudr/index.js';
import { createTracesSandbox, DEFAULT_USERS, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';

const user = DEFAULT_USERS[0]!;
const credentials = { username: user.username, authKey: new Secret(user.authKey), webServiceClientId: user.webServiceClientId };

describe('timber protocol chain against the VMD and TRACES sandboxes', () => {
  let traces: Sandbox;
  let vmd: Sandbox;
  beforeAll(async () => {
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 300 }), {});
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await Promise.all([traces.start(), vmd.start()]);
  });
  afterAll(async () => Promise.all([traces.stop(), vmd.stop()]));

  async function call(req: SoapRequest): Promise<{ status: number; body: Buffer }> {
    const res = await fetch(`${traces.url}/tracesnt/${req.path}`, { method: 'POST', headers: { 'content-type': req.contentType, SOAPAction: `"${req.soapAction}"` }, body: req.xml });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  }

  async function affirmation(number: string): Promise<ReturnType<typeof readFellingAffirmation>> {
    const res = await fetch(`${vmd.url}/api/public/affirmation-geojson/${number}`);
    expect(res.status).toBe(200);
    return readFellingAffirmation(number, await res.text());
  }

  const client = {
    name: 'SIA Priedes Mežs',
    country: 'LV',
    address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' },
    identifiers: [{ type: 'vat' as const, value: 'LV40103000001' }],
  };

  it('declares three seed affirmations (WGS 84, LKS-92 polygon and multipolygon) in one statement and gets its numbers', async () => {
    const affirmations = await Promise.all(['4210000101', '4210000102', '4210000103'].map(affirmation));
    const built = buildDueDiligenceStatement({ id: `01JBTEST${Date.now()}`, client, affirmations }, eudrStatementOptions.parse({}));
    const submitted = await call(submitDdsRequest(credentials, built.operatorRole, built.statement));
    const { uuid } = parseSubmitDdsResponse(submitted.body, { httpStatus: submitted.status, username: user.username });

    // Before any resubmission the client asks by internal reference: the statement is there.
    const byRef = await call(getDdsByInternalReferenceRequest(credentials, built.statement.internalReferenceNumber!));
    expect(parseDdsOverviewResponse('getDdsByInternalReference', byRef.body, { httpStatus: byRef.status, username: user.username }).map((o) => o.uuid)).toEqual([uuid]);

    let overview;
    for (let i = 0; i < 40; i++) {
      const r = await call(getDdsRequest(credentials, [uuid]));
      [overview] = parseDdsOverviewResponse('getDds', r.body, { httpStatus: r.status, username: user.username });
      if (overview?.status === 'AVAILABLE') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(overview).toMatchObject({ uuid, status: 'AVAILABLE', internalReferenceNumber: built.statement.internalReferenceNumber });
    expect(overview!.referenceNumber).toMatch(/^\d{2}LV[A-Z0-9]{10}$/);

    const v = await call(verifyDeclarationRequest(credentials, overview!.referenceNumber!, overview!.verificationNumber!));
    expect(parseVerifyDeclarationResponse(v.body, { httpStatus: v.status, username: user.username }).result).toBe('EXISTING_USABLE');

    const full = await call(getDdsByIdentifiersRequest(credentials, overview!.referenceNumber!, overview!.verificationNumber!));
    const back = parseGetDdsByIdentifiersResponse(full.body, { httpStatus: full.status, username: user.username });
    expect(back.commodities.map((k) => k.hsHeading)).toEqual(['4403', '4401']);
    expect(back.commodities[0]!.producers).toHaveLength(3);
    expect(back.representedOperator?.operatorName).toBe('SIA Priedes Mežs');
  });

  it.each(['4210000101', '4210000102', '4210000103', '4210000104', '4210000105'])('normalises seed affirmation %s into a valid statement', async (number) => {
    const built = buildDueDiligenceStatement({ id: `N${number}`, client, affirmations: [await affirmation(number)] }, eudrStatementOptions.parse({}));
    expect(built.statement.commodities.length).toBeGreaterThan(0);
    const geo = JSON.parse(built.statement.commodities[0]!.producers![0]!.geometryGeojson) as { features: Array<{ geometry: { type: string }; properties: { Area: number } }> };
    for (const f of geo.features) {
      if (f.properties.Area > 4) expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    }
  });

  it('turns the seed’s figure-eight cutting area into a clear error before anything is sent', async () => {
    const bad = await affirmation('4210000900');
    expect(() => buildDueDiligenceStatement({ id: 'X1', client, affirmations: [bad] }, eudrStatementOptions.parse({}))).toThrow(/felling affirmation 4210000900, feature 0 .*ring-self-intersection/);
  });

  it('reads the sandbox’s business-rule fault as a permanent, classified error with official codes', async () => {
    const built = buildDueDiligenceStatement({ id: `01JBTEST2${Date.now()}`, client, affirmations: [await affirmation('4210000105')] }, eudrStatementOptions.parse({}));
    const withoutPercentage = { ...built.statement, commodities: built.statement.commodities.map((k) => ({ ...k, descriptors: { ...k.descriptors, goodsMeasure: { netWeight: 1000 } } })) };
    const r = await call(submitDdsRequest(credentials, built.operatorRole, withoutPercentage));
    try {
      parseSubmitDdsResponse(r.body, { httpStatus: r.status, username: user.username });
      expect.fail('should be a fault');
    } catch (err) {
      const e = err as EdiError;
      expect(e.code).toBe('EDI_ERR_TRACES_BUSINESS_RULES');
      expect(classificationOf(e)).toBe('permanent');
      expect((e.detail?.tracesErrors as Array<{ id: string; code: string }>)[0]).toMatchObject({ id: 'EUDR-COMMODITIES-DESCRIPTOR-PERCENTAGE-ESTIMATION-MISSING', code: 'EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_MISSING' });
    }
  });

  it('reads a wrong authentication key as an authentication failure to alert on', async () => {
    const r = await call(getDdsRequest({ ...credentials, authKey: new Secret('wrong-key-0000') }, ['071874bd-8c62-4cac-8eb6-b2fbe003410c']));
    try {
      parseDdsOverviewResponse('getDds', r.body, { httpStatus: r.status, username: user.username });
      expect.fail('should be a fault');
    } catch (err) {
      expect((err as EdiError).code).toBe('EDI_ERR_TRACES_UNAUTHENTICATED');
      expect(classificationOf(err as EdiError)).toBe('authentication');
      expect(String((err as EdiError).message)).not.toContain('wrong-key-0000');
    }
  });
});
