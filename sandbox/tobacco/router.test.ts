import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEventTime, MESSAGE_SPECS, MESSAGE_TYPES, type MessageType } from '../../schemas/tobacco/index.js';
import { validMessage, type FixtureIds } from '../../test/fixtures/tobacco/messages.js';
import type { Sandbox } from '../sdk/sandbox-server.js';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './index.js';
import { errorCodes, getToken, ledger, md5Hex, postMessage, startRouter, type RouterAnswer } from './test-client.js';

/** Identifiers of the default seed (sandbox/tobacco/options.ts). */
const SEED = { EO_ID: 'SBXEO0000001', F_ID: 'SBXF00000001', EO_ID2: 'SBXEO0000002', F_ID2: 'SBXF00000003', M_ID: 'SBXM00000001' };

/** Hands out seeded unit UIs (applied, at SBXF00000001) and aUIs (issued) no test used yet. */
class SeedPool {
  private unit = 0;
  private aggregated = 0;
  units(n: number): string[] {
    return Array.from({ length: n }, () => `SBXU${String(++this.unit).padStart(9, '0')}`);
  }
  aUis(n: number): string[] {
    return Array.from({ length: n }, () => `SBXA${String(++this.aggregated).padStart(7, '0')}`);
  }
}

let codeSeq = 0;
const newCode = () => `test-${process.pid}-${++codeSeq}`;

function ids(pool: SeedPool, extra: Partial<FixtureIds> = {}): FixtureIds {
  return { ...SEED, upUIs: pool.units(4), aUIs: pool.aUis(2), ...extra };
}

describe('tobacco router sandbox over HTTP', () => {
  let router: Sandbox;
  let url: string;
  let token: string;
  const pool = new SeedPool();

  const send = async (message: Record<string, unknown>): Promise<RouterAnswer> => postMessage(url, token, { Code: newCode(), ...message });
  const accept = async (message: Record<string, unknown>): Promise<RouterAnswer> => {
    const a = await send(message);
    expect(a.body.Errors, JSON.stringify(a.body)).toBeNull();
    expect(a.status).toBe(202);
    return a;
  };

  beforeAll(async () => {
    router = await startRouter();
    url = router.url;
    token = await getToken(url);
  });
  afterAll(async () => router.stop());

  describe('every message type: a valid message is accepted (202) and in the ledger once', () => {
    // What has to have happened before each message can be valid in the repository.
    const scenarios: Record<MessageType, () => Promise<Record<string, unknown>>> = {
      IRU: async () => validMessage('IRU', ids(pool)),
      IRA: async () => validMessage('IRA', ids(pool)),
      IDA: async () => validMessage('IDA', ids(pool)),
      EUA: async () => {
        const issued = await accept(validMessage('IRU', ids(pool)));
        return validMessage('EUA', ids(pool, { unappliedUpUIs: issued.body.upUIs as string[] }));
      },
      EPA: async () => validMessage('EPA', ids(pool)),
      EUD: async () => {
        const i = ids(pool);
        await accept(validMessage('EPA', i));
        return validMessage('EUD', i);
      },
      EDP: async () => validMessage('EDP', ids(pool)),
      ERP: async () => {
        const i = ids(pool);
        await accept(validMessage('EDP', i));
        return validMessage('ERP', i);
      },
      ETL: async () => {
        const i = ids(pool);
        await accept(validMessage('EDP', i));
        return validMessage('ETL', i);
      },
      EVR: async () => {
        const i = ids(pool);
        await accept({ ...validMessage('EDP', i), Destination_ID1: 4, Destination_ID2: undefined, Destination_ID4: [SEED.F_ID2] });
        return validMessage('EVR', i);
      },
      EIV: async () => validMessage('EIV', ids(pool)),
      EPO: async () => validMessage('EPO', ids(pool)),
      EPR: async () => validMessage('EPR', ids(pool)),
      RCL: async () => {
        const order = await accept(validMessage('EPO', ids(pool)));
        return validMessage('RCL', ids(pool, { recallCode: order.body.Code as string }));
      },
    };

    it.each(MESSAGE_TYPES)('%s', async (type) => {
      const message = { Code: newCode(), ...(await scenarios[type]()) };
      const answer = await accept(message);
      expect(answer.body).toMatchObject({ Code: message.Code, Message_Type: type, Error: 0, Checksum: md5Hex(JSON.stringify(message)) });
      const entries = await ledger(url, `?Code=${encodeURIComponent(message.Code)}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ Message_Type: type, status: 202 });
      expect(entries[0]!.message).toEqual(JSON.parse(JSON.stringify(message)));
    });

    it('IRU answers with the requested number of new unit UIs, which then exist', async () => {
      const a = await accept({ ...validMessage('IRU', ids(pool)), Req_Quantity: 3 });
      const issued = a.body.upUIs as string[];
      expect(issued).toHaveLength(3);
      const seed = (await (await fetch(`${url}/_sandbox/seed`)).json()) as { uis: { unit: Array<{ ui: string; state: string }> } };
      expect(seed.uis.unit.filter((u) => issued.includes(u.ui)).map((u) => u.state)).toEqual(['issued', 'issued', 'issued']);
    });
  });

  describe('the same data-dictionary rules as the broker (schemas/tobacco)', () => {
    const conditional = MESSAGE_TYPES.flatMap((type) =>
      MESSAGE_SPECS[type].fields.flatMap((f) => (typeof f.req === 'object' ? [{ type, field: f.name, when: f.req.field, value: f.req.in[0] as number }] : [])),
    );

    it.each(conditional)('$type without $field while $when = $value → 400 REQUIRED_FIELD_FAILED_VALIDATION', async ({ type, field, when, value }) => {
      const message: Record<string, unknown> = { ...validMessage(type, ids(pool)), [when]: value };
      delete message[field];
      const a = await send(message);
      expect(a.status).toBe(400);
      const e = a.body.Errors?.find((x) => x.Error_Data === field);
      expect(e?.Error_Code).toBe('REQUIRED_FIELD_FAILED_VALIDATION');
      expect(e?.Error_Descr).toContain(`required when ${when} = ${value}`);
      expect(await ledger(url, `?Code=${encodeURIComponent(a.body.Code as string)}`)).toEqual([]);
    });

    it('EIV with Invoice_Buyer1 = 0 and no buyer details names all four missing fields', async () => {
      const message: Record<string, unknown> = { ...validMessage('EIV', ids(pool)), Invoice_Buyer1: 0 };
      delete message.Invoice_Buyer2;
      const a = await send(message);
      expect(a.status).toBe(400);
      expect(a.body.Errors?.map((e) => e.Error_Data).sort()).toEqual(['Buyer_Address', 'Buyer_CountryReg', 'Buyer_Name', 'Buyer_TAX_N']);
    });

    it('a bad Event_Time is FAILED_VALIDATION', async () => {
      const a = await send({ ...validMessage('EDP', ids(pool)), Event_Time: '2025-01-15' });
      expect(a.status).toBe(400);
      expect(a.body.Errors?.[0]).toMatchObject({ Error_Code: 'FAILED_VALIDATION', Error_Data: 'Event_Time' });
    });

    it('the same UI twice in one message is MULTIPLE_UID with the UI as Error_Data', async () => {
      const [u] = pool.units(1);
      const a = await send({ ...validMessage('EDP', ids(pool)), upUIs: [u, u] });
      expect(a.status).toBe(400);
      expect(a.body.Errors?.[0]).toMatchObject({ Error_Code: 'MULTIPLE_UID', Error_Data: u });
    });
  });

  describe('protocol', () => {
    it('a re-serialised body (pretty-printed after hashing) is INVALID_SIGNATURE', async () => {
      const message = { Code: newCode(), ...validMessage('EDP', ids(pool)) };
      const hashed = JSON.stringify(message);
      const a = await postMessage(url, token, message, { body: JSON.stringify(message, null, 2), hash: md5Hex(hashed) });
      expect(a.status).toBe(400);
      expect(errorCodes(a)).toEqual(['INVALID_SIGNATURE']);
      expect(await ledger(url, `?Code=${message.Code}`)).toEqual([]);
    });

    it('an upper-case hex hash is INVALID_SIGNATURE (lower-case hex is the protocol)', async () => {
      const message = { Code: newCode(), ...validMessage('EPO', ids(pool)) };
      const body = JSON.stringify(message);
      expect(errorCodes(await postMessage(url, token, message, { hash: md5Hex(body).toUpperCase() }))).toEqual(['INVALID_SIGNATURE']);
    });

    it('a Content-Type other than application/json is INVALID_INPUT_FORMAT', async () => {
      const a = await postMessage(url, token, validMessage('EPO', ids(pool)), { contentType: 'text/plain' });
      expect(a.status).toBe(400);
      expect(errorCodes(a)).toEqual(['INVALID_INPUT_FORMAT']);
    });

    it('a body that is not JSON is INVALID_INPUT_FORMAT', async () => {
      const a = await postMessage(url, token, null, { body: '{"Message_Type": "EPO",' });
      expect(a.status).toBe(400);
      expect(errorCodes(a)).toEqual(['INVALID_INPUT_FORMAT']);
    });

    it('the secondary-repository paths /v1/operational|transactional|recall take messages too', async () => {
      const a = await postMessage(url, token, { Code: newCode(), ...validMessage('EPO', ids(pool)) }, { path: '/v1/transactional' });
      expect(a.status).toBe(202);
    });

    it('a message without Code gets one assigned and answered', async () => {
      const a = await postMessage(url, token, validMessage('EPO', ids(pool)));
      expect(a.status).toBe(202);
      expect(a.body.Code).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('the same message (same Code, same bytes) again is answered as the first time, with one ledger entry', async () => {
      const message = { Code: newCode(), ...validMessage('EDP', ids(pool)) };
      const first = await postMessage(url, token, message);
      const again = await postMessage(url, token, message);
      expect(first.status).toBe(202);
      expect(again).toEqual(first);
      expect(await ledger(url, `?Code=${message.Code}`)).toHaveLength(1);
    });

    it('a different message with an accepted Code is FAILED_VALIDATION', async () => {
      const message = { Code: newCode(), ...validMessage('EPO', ids(pool)) };
      await postMessage(url, token, message);
      const a = await postMessage(url, token, { ...message, Order_Number: 'PO-OTHER' });
      expect(a.status).toBe(400);
      expect(a.body.Errors?.[0]).toMatchObject({ Error_Code: 'FAILED_VALIDATION', Error_Data: message.Code });
    });

    it('an event reported 25 h late is accepted with 299 and the warning', async () => {
      const late = formatEventTime(new Date(Date.now() - 26 * 3_600_000));
      const message = { Code: newCode(), ...validMessage('EDP', ids(pool)), Event_Time: late };
      const a = await postMessage(url, token, message);
      expect(a.status).toBe(299);
      expect(a.body).toMatchObject({ Code: message.Code, Error: 1 });
      expect(a.body.Errors?.map((e) => e.Error_Code)).toEqual(['SHIPMENT_WITHIN_24_HOURS']);
      expect((await ledger(url, `?Code=${message.Code}`))[0]?.status).toBe(299);
    });
  });

  describe('tokens', () => {
    it('issues {access_token, expires_in: 3600} for HTTP Basic client credentials', async () => {
      const res = await fetch(`${url}/token?grant_type=client_credentials`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in']);
      expect(body.expires_in).toBe(3600);
    });

    it('a wrong secret is 401 invalid_client', async () => {
      await expect(getToken(url, DEFAULT_CLIENT_ID, 'not-the-secret')).rejects.toThrow(/HTTP 401/);
    });

    it('another grant type is 400', async () => {
      const res = await fetch(`${url}/token?grant_type=password`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}` } });
      expect(res.status).toBe(400);
    });

    it('a message without a token or with a made-up one is 401 INVALID_OR_EXPIRED_TOKEN', async () => {
      const a = await postMessage(url, 'made-up', validMessage('EPO', ids(pool)));
      expect(a.status).toBe(401);
      expect(errorCodes(a)).toEqual(['INVALID_OR_EXPIRED_TOKEN']);
    });
  });
});

describe('tobacco router sandbox: repository state', () => {
  let router: Sandbox;
  let url: string;
  let token: string;
  const pool = new SeedPool();
  const send = async (message: Record<string, unknown>) => postMessage(url, token, { Code: newCode(), ...message });
  const accept = async (message: Record<string, unknown>) => {
    const a = await send(message);
    expect(a.status, JSON.stringify(a.body)).toBe(202);
    return a;
  };
  const refusedWith = async (message: Record<string, unknown>, code: string, data?: string) => {
    const a = await send(message);
    expect(a.status, JSON.stringify(a.body)).toBe(400);
    const e = a.body.Errors?.find((x) => x.Error_Code === code);
    expect(e, JSON.stringify(a.body.Errors)).toBeDefined();
    if (data !== undefined) expect(e?.Error_Data).toBe(data);
    expect(await ledger(url, `?Code=${a.body.Code}`)).toEqual([]);
    return a;
  };

  beforeAll(async () => {
    router = await startRouter();
    url = router.url;
    token = await getToken(url);
  });
  afterAll(async () => router.stop());

  it('an arrival without an earlier dispatch is ARRIVAL_NOTALLOWED', async () => {
    const i = ids(pool);
    await refusedWith({ ...validMessage('ERP', i), EO_ID: SEED.EO_ID, F_ID: SEED.F_ID }, 'ARRIVAL_NOTALLOWED', i.upUIs.slice(0, 2).join('#'));
  });

  it('an arrival whose Event_Time is before the dispatch is ARRIVAL_NOTALLOWED', async () => {
    const i = ids(pool);
    const now = new Date();
    await accept(validMessage('EDP', { ...i, now }));
    await refusedWith(validMessage('ERP', { ...i, now: new Date(now.getTime() - 3 * 3_600_000) }), 'ARRIVAL_NOTALLOWED');
  });

  it('recalling a dispatch after its arrival is RECALL_NOT_LAST_EVENT; recalling the arrival, then the dispatch, works', async () => {
    const i = ids(pool);
    const dispatch = await accept(validMessage('EDP', i));
    const arrival = await accept(validMessage('ERP', i));
    await refusedWith(validMessage('RCL', { ...i, recallCode: dispatch.body.Code as string }), 'RECALL_NOT_LAST_EVENT', i.upUIs.slice(0, 2).join('#'));
    await accept({ ...validMessage('RCL', { ...i, recallCode: arrival.body.Code as string }), EO_ID: SEED.EO_ID2 });
    await accept(validMessage('RCL', { ...i, recallCode: dispatch.body.Code as string }));
    const recalled = await ledger(url, `?Code=${dispatch.body.Code}`);
    expect(recalled[0]?.recalledBy).toMatch(/^test-/);
  });

  it('a recalled dispatch puts the UIs back: they can be dispatched again, and cannot arrive', async () => {
    const i = ids(pool);
    const dispatch = await accept(validMessage('EDP', i));
    await accept(validMessage('RCL', { ...i, recallCode: dispatch.body.Code as string }));
    await refusedWith(validMessage('ERP', i), 'ARRIVAL_NOTALLOWED');
    await accept(validMessage('EDP', i));
  });

  it('recalling an unknown Code, another operator’s Code or one already recalled is CODE_NOT_EXIST', async () => {
    const i = ids(pool);
    await refusedWith(validMessage('RCL', { ...i, recallCode: 'never-sent' }), 'CODE_NOT_EXIST', 'never-sent');
    const order = await accept(validMessage('EPO', i));
    await refusedWith({ ...validMessage('RCL', { ...i, recallCode: order.body.Code as string }), EO_ID: SEED.EO_ID2 }, 'CODE_NOT_EXIST');
    await accept(validMessage('RCL', { ...i, recallCode: order.body.Code as string }));
    await refusedWith(validMessage('RCL', { ...i, recallCode: order.body.Code as string }), 'CODE_NOT_EXIST');
  });

  it('a UI the repository never issued is UI_NOT_EXIST with the UI as Error_Data', async () => {
    await refusedWith({ ...validMessage('EDP', ids(pool)), upUIs: ['NOSUCHUI0001'] }, 'UI_NOT_EXIST', 'NOSUCHUI0001');
  });

  it('a deactivated UI cannot be dispatched (UI_DEACTIVATED)', async () => {
    const i = ids(pool);
    await accept({ ...validMessage('IDA', i), Deact_upUI: [i.upUIs[0]] });
    await refusedWith(validMessage('EDP', i), 'UI_DEACTIVATED', i.upUIs[0]);
  });

  it('a dispatch from a facility where the UIs are not is LOCATION_MISMATCH', async () => {
    await refusedWith({ ...validMessage('EDP', ids(pool)), F_ID: 'SBXF00000002' }, 'LOCATION_MISMATCH');
  });

  it('a second dispatch before arrival is LOCATION_MISMATCH', async () => {
    const i = ids(pool);
    await accept(validMessage('EDP', i));
    await refusedWith(validMessage('EDP', i), 'LOCATION_MISMATCH');
  });

  it('an arrival at another facility than the one dispatched to is LOCATION_MISMATCH', async () => {
    const i = ids(pool);
    await accept(validMessage('EDP', i));
    await refusedWith({ ...validMessage('ERP', i), F_ID: 'SBXF00000004' }, 'LOCATION_MISMATCH');
  });

  it('a UI already in an aggregate cannot be aggregated again (MULTIPLE_AGGREGATION)', async () => {
    const i = ids(pool);
    await accept(validMessage('EPA', i));
    await refusedWith({ ...validMessage('EPA', i), aUI: i.aUIs[1] }, 'MULTIPLE_AGGREGATION', i.upUIs.slice(0, 2).join('#'));
  });

  it('disaggregating twice is UI_ALREADY_DISAGGREGATED', async () => {
    const i = ids(pool);
    await accept(validMessage('EPA', i));
    await accept(validMessage('EUD', i));
    await refusedWith(validMessage('EUD', i), 'UI_ALREADY_DISAGGREGATED', i.aUIs[0]);
  });

  it('dispatching an aggregate moves its contents: they arrive with it', async () => {
    const i = ids(pool);
    await accept(validMessage('EPA', i));
    await accept({ ...validMessage('EDP', i), UI_Type: 2, upUIs: undefined, aUIs: [i.aUIs[0]] });
    await accept(validMessage('ERP', i)); // the unit UIs inside arrive (they travelled in the case)
  });

  it('an unknown EO_ID is EOID_NOT_EXIST_OR_ACTIVE; a facility of another operator is FID_MISMATCH', async () => {
    await refusedWith({ ...validMessage('EPO', ids(pool)), EO_ID: 'SBXEO9999999' }, 'EOID_NOT_EXIST_OR_ACTIVE', 'SBXEO9999999');
    await refusedWith({ ...validMessage('EDP', ids(pool)), F_ID: SEED.F_ID2 }, 'FID_MISMATCH', SEED.F_ID2);
  });

  it('applying upUIs twice is UIS_APPLICATION_ERROR', async () => {
    const issued = await accept({ ...validMessage('IRU', ids(pool)), Req_Quantity: 2 });
    const eua = validMessage('EUA', ids(pool, { unappliedUpUIs: issued.body.upUIs as string[] }));
    await accept(eua);
    await refusedWith(eua, 'UIS_APPLICATION_ERROR');
  });

  it('an issued UI is known by its printed upUI(L) after EUA', async () => {
    const issued = await accept({ ...validMessage('IRU', ids(pool)), Req_Quantity: 2 });
    const eua = validMessage('EUA', ids(pool, { unappliedUpUIs: issued.body.upUIs as string[] }));
    await accept(eua);
    await accept({ ...validMessage('EDP', ids(pool)), upUIs: eua.upUI_1 });
  });

  it('a refused message changes nothing: the valid UIs of a partly bad dispatch stay put', async () => {
    const i = ids(pool);
    await refusedWith({ ...validMessage('EDP', i), upUIs: [i.upUIs[0], 'NOSUCHUI0002'] }, 'UI_NOT_EXIST');
    await refusedWith({ ...validMessage('ERP', i), upUIs: [i.upUIs[0]] }, 'ARRIVAL_NOTALLOWED');
  });
});

describe('tobacco router sandbox: expiry, faults, restart', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tobacco-sandbox-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a token is refused with 401 after expireTokensNow, and a fresh one works', async () => {
    const router = await startRouter();
    try {
      const token = await getToken(router.url);
      const pool = new SeedPool();
      expect((await postMessage(router.url, token, { Code: newCode(), ...validMessage('EPO', ids(pool)) })).status).toBe(202);
      await fetch(`${router.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expireTokensNow: true }) });
      const refused = await postMessage(router.url, token, { Code: newCode(), ...validMessage('EPO', ids(pool)) });
      expect(refused.status).toBe(401);
      expect(errorCodes(refused)).toEqual(['INVALID_OR_EXPIRED_TOKEN']);
      const fresh = await getToken(router.url);
      expect((await postMessage(router.url, fresh, { Code: newCode(), ...validMessage('EPO', ids(pool)) })).status).toBe(202);
    } finally {
      await router.stop();
    }
  });

  it('a token outlives neither faults.tokenTtlSeconds nor its expires_in', async () => {
    const router = await startRouter();
    try {
      await fetch(`${router.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tokenTtlSeconds: 1 }) });
      const res = await fetch(`${router.url}/token?grant_type=client_credentials`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}` },
      });
      const { access_token, expires_in } = (await res.json()) as { access_token: string; expires_in: number };
      expect(expires_in).toBe(1);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await postMessage(router.url, access_token, validMessage('EPO', ids(new SeedPool())))).status).toBe(401);
    } finally {
      await router.stop();
    }
  });

  it('injected 500s and dropped connections come from the sandbox SDK', async () => {
    const router = await startRouter();
    try {
      const token = await getToken(router.url);
      await fetch(`${router.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1, count: 1, pathPrefix: '/v1' }) });
      const message = { Code: newCode(), ...validMessage('EPO', ids(new SeedPool())) };
      expect((await fetch(`${router.url}/v1`, { method: 'POST', body: '{}' })).status).toBe(500);
      expect((await postMessage(router.url, token, message)).status).toBe(202);
      await fetch(`${router.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dropRate: 1, count: 1, pathPrefix: '/v1' }) });
      await expect(postMessage(router.url, token, message)).rejects.toThrow();
      expect(await ledger(router.url, `?Code=${message.Code}`)).toHaveLength(1);
    } finally {
      await router.stop();
    }
  });

  it('the ledger and the UIs’ whereabouts survive a restart on the same data dir', async () => {
    const pool = new SeedPool();
    const i = ids(pool);
    const first = await startRouter({}, dir);
    const dispatch = { Code: newCode(), ...validMessage('EDP', i) };
    try {
      expect((await postMessage(first.url, await getToken(first.url), dispatch)).status).toBe(202);
    } finally {
      await first.stop();
    }
    const second = await startRouter({}, dir);
    try {
      expect((await ledger(second.url, `?Code=${dispatch.Code}`)).map((m) => m.Message_Type)).toEqual(['EDP']);
      const token = await getToken(second.url);
      expect((await postMessage(second.url, token, { Code: newCode(), ...validMessage('ERP', i) })).status).toBe(202);
      expect((await postMessage(second.url, token, dispatch)).status).toBe(202); // recognised, not applied twice
      expect(await ledger(second.url, `?Code=${dispatch.Code}`)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('the seed lists operators, facilities, UIs and the client id, never a secret', async () => {
    const router = await startRouter({ clients: [{ clientId: 'erp-1', clientSecret: 'a-very-local-secret' }], uis: { unitCount: 3, aggregatedCount: 1 } });
    try {
      const text = await (await fetch(`${router.url}/_sandbox/seed`)).text();
      expect(text).not.toContain('a-very-local-secret');
      const seed = JSON.parse(text) as { clients: unknown; operators: Array<{ EO_ID: string }>; uis: { total: number; unit: Array<{ ui: string; F_ID: string }> } };
      expect(seed.clients).toEqual([{ client_id: 'erp-1' }]);
      expect(seed.operators.map((o) => o.EO_ID)).toEqual([SEED.EO_ID, SEED.EO_ID2]);
      expect(seed.uis.total).toBe(4);
      expect(seed.uis.unit[0]).toMatchObject({ ui: 'SBXU000000001', F_ID: SEED.F_ID });
      expect(await getToken(router.url, 'erp-1', 'a-very-local-secret')).toBeTruthy();
    } finally {
      await router.stop();
    }
  });

  it("duplicateCode 'reject' answers an accepted Code with FAILED_VALIDATION, as CEH's repository does", async () => {
    const router = await startRouter({ duplicateCode: 'reject' });
    try {
      const token = await getToken(router.url);
      const message = { Code: newCode(), ...validMessage('EPO', ids(new SeedPool())) };
      expect((await postMessage(router.url, token, message)).status).toBe(202);
      const again = await postMessage(router.url, token, message);
      expect(again.status).toBe(400);
      expect(again.body.Errors?.[0]?.Error_Descr).toMatch(/Code already exists/);
    } finally {
      await router.stop();
    }
  });
});
