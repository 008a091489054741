import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { Broker } from './broker.js';
import { compileConfig } from './config/load.js';
import { Registry } from './registry.js';
import { defineComponent } from '../topics/component.js';
import { intake } from '../connectors/sdk/intake.js';
import { transformerComponent } from '../transformers/runner.js';
import { derivedRecord } from '../topics/record.js';
import { zSecret } from '../lib/secret.js';

// Two small real components: an intake that takes whatever `take` is called with, and a
// transformer. They exercise the broker's wiring, not a business flow.
let takeNow: ((value: string) => Promise<string>) | undefined;
const pump = defineComponent({
  spec: {
    type: 'test.pump',
    kind: 'inbound',
    summary: 'test intake',
    description: 'takes values handed to it by the test',
    config: z.object({ topic: z.string(), password: zSecret() }).strict(),
    secrets: ['password'],
    examples: [],
  },
  create(config, ctx) {
    return {
      async start() {
        takeNow = async (value) => (await intake(ctx, [{ topic: config.topic, key: 'k', value: Buffer.from(value), source: `${ctx.id}:x`, contentType: 'text/plain' }])).ids[0]!;
      },
      async stop() {
        takeNow = undefined;
      },
      describe: () => ({ topic: config.topic }),
    };
  },
});
const upper = defineComponent({
  spec: { type: 'test.upper', kind: 'transformer', summary: 'upper-cases', description: '', config: z.object({}).strict(), secrets: [], examples: [] },
  create(_config, ctx) {
    return transformerComponent(ctx, {
      input: ['eds.trips.inbound'],
      step: 'map',
      transform: (r) => ({ ok: true, records: [derivedRecord(r, { topic: 'eds.trips.receipts', key: r.key, value: Buffer.from(r.value.toString().toUpperCase()), contentType: 'text/plain' })] }),
    });
  },
});

describe('broker', () => {
  let dir = '';
  let broker: Broker | undefined;
  afterEach(async () => {
    await broker?.stop();
    broker = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function config(extra: Record<string, unknown> = {}) {
    dir = mkdtempSync(join(tmpdir(), 'edi-broker-'));
    return compileConfig(
      {
        dataDir: dir,
        http: { port: 0 },
        connectors: { pump: { type: 'test.pump', topic: 'eds.trips.inbound', password: 'hunter2-secret' } },
        transformers: { upper: { type: 'test.upper' } },
        ...extra,
      },
      undefined,
      {},
    );
  }

  it('starts the components, is healthy, tracks a message end to end, and stops gracefully', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (l: string) => lines.push(l) });
    broker = await Broker.start(config(), { registry: new Registry([pump, upper], [], []), log });
    const health = await fetch(`${broker.url}/healthz`);
    expect(health.status).toBe(200);
    const components = (await (await fetch(`${broker.url}/v1/components`)).json()) as { components: Array<{ id: string; state: string; kind: string }> };
    expect(components.components.map((c) => `${c.id}:${c.kind}:${c.state}`).sort()).toEqual(['pump:inbound:running', 'upper:transformer:running']);

    const id = await takeNow!('hello');
    await waitUntil(async () => (await fetch(`${broker!.url}/v1/messages/${id}`)).status === 200 && ((await (await fetch(`${broker!.url}/v1/messages/${id}`)).json()) as { events: unknown[] }).events.length === 2);
    const timeline = (await (await fetch(`${broker.url}/v1/messages/${id}`)).json()) as { events: Array<{ step: string; component: string }> };
    expect(timeline.events.map((e) => `${e.component}:${e.step}`)).toEqual(['pump:intake', 'upper:map']);
    const metrics = await (await fetch(`${broker.url}/metrics`)).text();
    expect(metrics).toMatch(/edi_records_out_total\{component="upper"\} 1/);
    expect(metrics).toMatch(/edi_consumer_lag|edi_records_in_total/);
    expect((await fetch(`${broker.url}/v1/messages/nope`)).status).toBe(404);

    await broker.stop('test');
    expect(takeNow).toBeUndefined();
    expect(lines.join('')).not.toContain('hunter2-secret');
  });

  it('names the path of a component option that is wrong', async () => {
    const cfg = config({ connectors: { pump: { type: 'test.pump', topic: 3, password: 'x' } } });
    await expect(Broker.start(cfg, { registry: new Registry([pump, upper], [], []), log: pino({ level: 'silent' }) })).rejects.toThrow(/connectors\.pump\.topic/);
  });

  it('refuses an unknown component type with the known ones listed', async () => {
    const cfg = config({ transformers: { x: { type: 'nope' } } });
    await expect(Broker.start(cfg, { registry: new Registry([pump, upper], [], []), log: pino({ level: 'silent' }) })).rejects.toThrow(/no component type nope \(known: test.pump, test.upper\)/);
  });

  it('`run` starts only the named component', async () => {
    broker = await Broker.start(config(), { registry: new Registry([pump, upper], [], []), log: pino({ level: 'silent' }), only: ['upper'] });
    expect(broker.status().map((c) => c.id)).toEqual(['upper']);
  });
});

async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
