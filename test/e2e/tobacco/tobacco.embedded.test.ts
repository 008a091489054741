// End to end on the embedded bus: an ERP writes the Confluent wire format (against a real
// schema registry) straight into the broker's SQLite log for a dispatch → arrival → invoice →
// payment chain of 1,000 UIs; `node bin/edi.js start` is SIGKILLed mid-run and started again;
// the router sandbox, its own process, must hold every message exactly once. Then, through the
// same running broker: an arrival without a dispatch and `edi tobacco recall` of a dispatch
// that has an arrival after it, refused by the sandbox.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEmbeddedBus } from '../../../topics/embedded/index.js';
import type { Bus } from '../../../topics/bus.js';
import { H } from '../../../topics/headers.js';
import { describeSchemaRegistry, startSchemaRegistry, type SchemaRegistryServer } from '../../support/schema-registry.js';
import {
  CHAIN, chainCounts, EO1, produceChain, readLedger, registerChainSchemas, runEdi, startBrokerProcess, startSandboxProcess, stop, unitUi, writeBrokerConfig, type Proc,
} from './harness.js';
import { erpConfluent } from '../../fixtures/tobacco/erp-events.js';
import { validMessage } from '../../fixtures/tobacco/messages.js';

const UIS = 1000;
const PER_MESSAGE = Number(process.env.EDI_E2E_UIS_PER_MESSAGE ?? 1);
const MESSAGES = Math.ceil(UIS / PER_MESSAGE) * CHAIN.length;

describeSchemaRegistry()('tobacco end to end on the embedded bus (edi start as a child process, SIGKILL mid-run)', () => {
  let dir: string;
  let registry: SchemaRegistryServer;
  let sandbox: { proc: Proc; url: string };
  let broker: Proc | undefined;
  let bus: Bus;
  let config: string;
  let schemaIds: Map<(typeof CHAIN)[number], number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-tobacco-'));
    [registry, sandbox] = await Promise.all([startSchemaRegistry(), startSandboxProcess(dir, { uis: { unitCount: UIS + 50 } })]);
    config = writeBrokerConfig({ dir, sandboxUrl: sandbox.url, registryUrl: registry.url });
    broker = await startBrokerProcess(config, join(dir, 'broker-1.log'));
    // The ERP writes into the same log from this process (the embedded bus is multi-process safe).
    bus = await createEmbeddedBus({ dir: join(dir, 'data', 'bus') });
    schemaIds = await registerChainSchemas(registry.url, 'tobacco.events.inbound');
  });
  afterAll(async () => {
    await stop(broker);
    await bus?.close();
    await stop(sandbox?.proc);
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers the ${MESSAGES} messages of a ${UIS}-UI chain exactly once, across a SIGKILL of the broker`, async () => {
    const started = Date.now();
    const now = new Date();
    let killedAt = -1;
    const producing = produceChain(bus, 'tobacco.events.inbound', schemaIds, {
      uiCount: UIS,
      perMessage: PER_MESSAGE,
      round: 50,
      now,
      afterRound: async () => {
        await new Promise((r) => setTimeout(r, 100));
      },
    });
    // Kill the broker once the router has a third of the messages: some in flight, some not yet produced.
    for (;;) {
      const n = (await readLedger(sandbox.url, '&Message_Type=EDP')).length + (await readLedger(sandbox.url, '&Message_Type=EPR')).length;
      if (n >= MESSAGES / 6) {
        killedAt = (await readLedger(sandbox.url)).length;
        await stop(broker, 'SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(killedAt).toBeGreaterThan(0);
    expect(killedAt).toBeLessThan(MESSAGES);
    broker = await startBrokerProcess(config, join(dir, 'broker-2.log'));
    await producing;
    const deadline = Date.now() + 240_000;
    let ledger = await readLedger(sandbox.url);
    while (ledger.length < MESSAGES && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      ledger = await readLedger(sandbox.url);
    }
    const seconds = (Date.now() - started) / 1000;
    console.info(`[e2e embedded] ${MESSAGES} messages (${UIS} UIs, ${PER_MESSAGE}/message) in ${seconds.toFixed(1)} s; broker SIGKILLed with ${killedAt} in the ledger`);
    expect(ledger).toHaveLength(MESSAGES);
    const counts = chainCounts(ledger);
    expect(counts.size).toBe(MESSAGES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(ledger.map((e) => e.Code)).size).toBe(MESSAGES);
    const dlq: string[] = [];
    for await (const r of bus.scan('tobacco.dlq')) dlq.push(`${r.headers[H.errorCode]}: ${r.headers[H.errorMessage]}`);
    expect(dlq).toEqual([]);
    // Every message has its receipt, and no receipt names a Code the router does not have.
    const receipts = new Set<string>();
    for await (const r of bus.scan('tobacco.receipts')) receipts.add(r.key!);
    expect(receipts).toEqual(new Set(ledger.map((e) => e.Code)));
  }, 420_000);

  it('an arrival before its dispatch reaches tobacco.dlq with ARRIVAL_NOTALLOWED from the sandbox', async () => {
    const ui = unitUi(UIS + 1);
    const arrival = { ...validMessage('ERP', { EO_ID: EO1, F_ID: 'SBXF00000001', EO_ID2: EO1, F_ID2: 'SBXF00000002', M_ID: 'M', upUIs: [ui], aUIs: [] }), upUIs: [ui] };
    const [produced] = await bus.produce([{ topic: 'tobacco.events.inbound', key: EO1, value: erpConfluent('ERP', arrival, schemaIds.get('ERP')!), headers: {} }]);
    const deadline = Date.now() + 30_000;
    for (;;) {
      for await (const r of bus.scan('tobacco.dlq')) {
        if (r.headers[H.source] !== `kafka:tobacco.events.inbound/${produced!.partition}/${produced!.offset}`) continue;
        expect(r.headers[H.errorCode]).toBe('EDI_ERR_TOBACCO_ROUTER_REJECTED');
        expect((JSON.parse(r.headers[H.errorDetail]!) as { routerCodes: string[] }).routerCodes).toEqual(['ARRIVAL_NOTALLOWED']);
        return;
      }
      if (Date.now() > deadline) throw new Error('no DLQ record for the early arrival');
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('edi tobacco recall of a dispatch that has an arrival after it gets RECALL_NOT_LAST_EVENT; of the payment, is accepted', async () => {
    const ledger = await readLedger(sandbox.url);
    const first = (type: string) => ledger.find((e) => e.Message_Type === type && (e.message.upUIs as string[])[0] === unitUi(1))!;
    const refused = await runEdi(['-c', config, 'tobacco', 'recall', first('EDP').Code, '--reason', '2', '--wait', '60', '--json'], join(dir, 'recall-1.log'));
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toContain('"routerCodes": [\n    "RECALL_NOT_LAST_EVENT"\n  ]');
    const accepted = await runEdi(['-c', config, 'tobacco', 'recall', first('EPR').Code, '--reason', '1', '--text', 'payment booked twice', '--wait', '60'], join(dir, 'recall-2.log'));
    expect(accepted.code, accepted.output).toBe(0);
    expect(accepted.output).toMatch(/recalled .*: RCL .* accepted \(HTTP 202\)/);
    expect((await readLedger(sandbox.url, `&Code=${first('EPR').Code}`))[0]!.recalledBy).not.toBeNull();
  });
});
