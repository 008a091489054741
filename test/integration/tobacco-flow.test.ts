// The tobacco flow in one process on the embedded bus, with the real router sandbox over HTTP:
// ERP event → transformer.tobacco → tobacco.messages → outbound.tobacco-router → the sandbox →
// tobacco.receipts, for every message type; refusals from the sandbox's state; the recall
// command's path; and every conditional rule refused before it reaches the router.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import { intake } from '../../connectors/sdk/intake.js';
import { H } from '../../topics/headers.js';
import type { Component } from '../../topics/component.js';
import { newId } from '../../lib/ids.js';
import { MESSAGE_SPECS, MESSAGE_TYPES, type MessageType } from '../../schemas/tobacco/index.js';
import { tobaccoTransformer, tobaccoTransformerConfig, recallCodeFor } from '../../transformers/tobacco/index.js';
import { tobaccoRouter, tobaccoRouterConfig, type TobaccoReceipt } from '../../connectors/outbound/tobacco/index.js';
import { ledger, startRouter } from '../../sandbox/tobacco/test-client.js';
import type { Sandbox } from '../../sandbox/sdk/sandbox-server.js';
import { requestRecall } from '../../runtime/cli/tobacco-recall.js';
import { validMessage, type FixtureIds } from '../fixtures/tobacco/messages.js';
import { erpAvro } from '../fixtures/tobacco/erp-events.js';

const SEED = { EO_ID: 'SBXEO0000001', F_ID: 'SBXF00000001', EO_ID2: 'SBXEO0000002', F_ID2: 'SBXF00000003', M_ID: 'SBXM00000001' };

type Outcome = { accepted: true; receipt: TobaccoReceipt } | { accepted: false; errorCode: string; routerCodes: string[]; detail: Record<string, unknown> };

describe('tobacco flow: ERP event → transformer → router client → router sandbox → receipt', () => {
  let bench: TestBench;
  let router: Sandbox;
  let dir: string;
  const components: Component[] = [];
  let unit = 0;
  let aggregated = 0;
  const ids = (extra: Partial<FixtureIds> = {}): FixtureIds => ({
    ...SEED,
    upUIs: Array.from({ length: 4 }, () => `SBXU${String(++unit).padStart(9, '0')}`),
    aUIs: Array.from({ length: 2 }, () => `SBXA${String(++aggregated).padStart(7, '0')}`),
    ...extra,
  });

  /** Puts an event on tobacco.events.inbound: Avro named in edi-schema, or JSON. */
  async function send(type: MessageType, message: Record<string, unknown>, form: 'avro' | 'json' = 'json'): Promise<{ id: string; code: string }> {
    const id = newId();
    const value = form === 'avro' ? erpAvro(type, message) : Buffer.from(JSON.stringify(message));
    await intake(await bench.context('erp'), [
      { id, topic: 'tobacco.events.inbound', key: null, value, source: `erp:${type}`, contentType: form === 'avro' ? 'avro/binary' : 'application/json', ...(form === 'avro' ? { schema: type } : {}) },
    ]);
    return { id, code: recallCodeFor(id) };
  }

  async function outcome(sent: { id: string; code: string }, timeoutMs = 15_000): Promise<Outcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for await (const r of bench.bus.scan('tobacco.receipts')) if (r.key === sent.code) return { accepted: true, receipt: JSON.parse(r.value.toString()) as TobaccoReceipt };
      for await (const r of bench.bus.scan('tobacco.dlq')) {
        if (r.headers[H.id] !== sent.id) continue;
        const detail = JSON.parse(r.headers[H.errorDetail] ?? '{}') as Record<string, unknown>;
        return { accepted: false, errorCode: r.headers[H.errorCode]!, routerCodes: (detail.routerCodes as string[] | undefined) ?? [], detail };
      }
      if (Date.now() > deadline) throw new Error(`no receipt and no DLQ record for ${sent.id} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const accepted = async (type: MessageType, message: Record<string, unknown>, form: 'avro' | 'json' = 'json'): Promise<TobaccoReceipt> => {
    const o = await outcome(await send(type, message, form));
    if (!o.accepted) throw new Error(`${type} refused: ${o.errorCode} ${JSON.stringify(o.detail)}`);
    return o.receipt;
  };

  beforeAll(async () => {
    bench = await createTestBench();
    dir = mkdtempSync(join(tmpdir(), 'tobacco-flow-'));
    router = await startRouter({}, dir);
    const transformer = await tobaccoTransformer.create(tobaccoTransformerConfig.parse({}), await bench.context('tobacco-transform'));
    const client = await tobaccoRouter.create(
      tobaccoRouterConfig.parse({ tokenUrl: `${router.url}/token`, messageUrl: `${router.url}/v1`, messageUrls: { RCL: `${router.url}/v1/recall` }, clientId: 'edi-sandbox-client', clientSecret: 'edi-sandbox-secret' }),
      await bench.context('tobacco-router'),
    );
    for (const c of [client, transformer]) {
      await c.start();
      components.push(c);
    }
  });
  afterAll(async () => {
    for (const c of components) await c.stop();
    await bench?.close();
    await router?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // What has to have happened in the repository before each message can be accepted.
  const scenarios: Record<MessageType, () => Promise<Record<string, unknown>>> = {
    IRU: async () => validMessage('IRU', ids()),
    IRA: async () => validMessage('IRA', ids()),
    IDA: async () => validMessage('IDA', ids()),
    EUA: async () => {
      const issued = await accepted('IRU', validMessage('IRU', ids()));
      return validMessage('EUA', ids({ unappliedUpUIs: issued.response.upUIs as string[] }));
    },
    EPA: async () => validMessage('EPA', ids()),
    EUD: async () => {
      const i = ids();
      await accepted('EPA', validMessage('EPA', i));
      return validMessage('EUD', i);
    },
    EDP: async () => validMessage('EDP', ids()),
    ERP: async () => {
      const i = ids();
      await accepted('EDP', validMessage('EDP', i));
      return validMessage('ERP', i);
    },
    ETL: async () => {
      const i = ids();
      await accepted('EDP', validMessage('EDP', i));
      return validMessage('ETL', i);
    },
    EVR: async () => {
      const i = ids();
      await accepted('EDP', { ...validMessage('EDP', i), Destination_ID1: 4, Destination_ID2: undefined, Destination_ID4: [SEED.F_ID2] });
      return validMessage('EVR', i);
    },
    EIV: async () => validMessage('EIV', ids()),
    EPO: async () => validMessage('EPO', ids()),
    EPR: async () => validMessage('EPR', ids()),
    RCL: async () => {
      const order = await accepted('EPO', validMessage('EPO', ids()));
      return validMessage('RCL', ids({ recallCode: order.Code }));
    },
  };

  it.each(MESSAGE_TYPES)('%s: one valid ERP event (Avro, schema named in edi-schema) goes through to the sandbox and back as a receipt', async (type) => {
    const message = await scenarios[type]();
    const sent = await send(type, message, 'avro');
    const o = await outcome(sent);
    expect(o, JSON.stringify(o)).toMatchObject({ accepted: true, receipt: { Code: sent.code, Message_Type: type, status: 202, warnings: [] } });
    const [entry] = await ledger(router.url, `?Code=${sent.code}`);
    expect(entry).toMatchObject({ Message_Type: type, status: 202 });
  });

  it('an arrival before its dispatch reaches tobacco.dlq with ARRIVAL_NOTALLOWED from the sandbox', async () => {
    const i = ids();
    const o = await outcome(await send('ERP', validMessage('ERP', i)));
    expect(o).toMatchObject({ accepted: false, errorCode: 'EDI_ERR_TOBACCO_ROUTER_REJECTED', routerCodes: ['ARRIVAL_NOTALLOWED'] });
  });

  it('edi tobacco recall: recalling a dispatch after its arrival is RECALL_NOT_LAST_EVENT; the arrival can be recalled', async () => {
    const i = ids();
    const dispatch = await accepted('EDP', validMessage('EDP', i));
    const arrival = await accepted('ERP', validMessage('ERP', i));
    const refused = await requestRecall(bench.bus, { code: dispatch.Code, reason: 2 }, { timeoutMs: 15_000 });
    expect(refused).toMatchObject({ status: 'refused', errorCode: 'EDI_ERR_TOBACCO_ROUTER_REJECTED', routerCodes: ['RECALL_NOT_LAST_EVENT'], message: { Message_Type: 'RCL', EO_ID: SEED.EO_ID, Recall_CODE: dispatch.Code, Recall_Reason1: 2 } });
    const ok = await requestRecall(bench.bus, { code: arrival.Code, reason: 3, text: 'wrong facility reported' }, { timeoutMs: 15_000 });
    expect(ok).toMatchObject({ status: 'accepted', message: { EO_ID: SEED.EO_ID2, Recall_Reason2: 'wrong facility reported' }, receipt: { Message_Type: 'RCL', status: 202 } });
    const [recalled] = await ledger(router.url, `?Code=${arrival.Code}`);
    expect(recalled!.recalledBy).toBe((ok as { recallCode: string }).recallCode);
  });

  it('edi tobacco recall refuses at once what cannot be right: an unknown Code, reason 3 without a text', async () => {
    expect(await requestRecall(bench.bus, { code: 'no-such-code', reason: 1 }, { timeoutMs: 0 })).toMatchObject({ status: 'unknown-code' });
    const order = await accepted('EPO', validMessage('EPO', ids()));
    const o = await requestRecall(bench.bus, { code: order.Code, reason: 3 }, { timeoutMs: 0 });
    expect(o).toMatchObject({ status: 'invalid', violations: [{ path: 'Recall_Reason2', rule: 'required-if' }] });
  });

  const conditional = MESSAGE_TYPES.flatMap((type) =>
    MESSAGE_SPECS[type].fields.flatMap((f) => (typeof f.req === 'object' ? [{ type, field: f.name, when: f.req.field, value: f.req.in[0] as number }] : [])),
  );

  it.each(conditional)('$type without $field while $when = $value: tobacco.dlq names the field, the rule and the router code; the router never sees it', async ({ type, field, when, value }) => {
    const message: Record<string, unknown> = { ...validMessage(type, ids()), [when]: value };
    delete message[field];
    const sent = await send(type, message);
    const o = await outcome(sent);
    expect(o.accepted).toBe(false);
    const detail = (o as Extract<Outcome, { accepted: false }>).detail as { violations: Array<{ path: string; rule: string; routerCode: string; message: string }> };
    expect((o as { errorCode: string }).errorCode).toBe('EDI_ERR_TOBACCO_RULE');
    expect(detail.violations).toContainEqual(expect.objectContaining({ path: field, rule: 'required-if', routerCode: 'REQUIRED_FIELD_FAILED_VALIDATION', message: expect.stringContaining(`required when ${when} = ${value}`) }));
    expect(await ledger(router.url, `?Code=${sent.code}`)).toEqual([]);
  });
});
