// Files in data/inbox/tobacco reach the tobacco transformer as the folder inbox (inbound.folder)
// labels them: a data-dictionary message under any name, ERP events named after their schema
// (Dispatch-0002.avro, Payment_0003.json), a file the inbox cannot label (the topic's own
// content type, the Confluent wire format, on JSON bytes); an Avro container file and a broken
// rule go to tobacco.dlq with the reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import avro from 'avsc';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import type { Component } from '../../topics/component.js';
import { H } from '../../topics/headers.js';
import { folderInbound } from '../../connectors/inbound/folder/index.js';
import { folderConfig } from '../../connectors/inbound/folder/spec.js';
import { tobaccoTransformer, tobaccoTransformerConfig, tobaccoEventSchemaOf } from '../../transformers/tobacco/index.js';
import { validMessage } from '../fixtures/tobacco/messages.js';
import { erpAvro, erpEvent } from '../fixtures/tobacco/erp-events.js';

describe('data/inbox/tobacco → inbound.folder → transformer.tobacco', () => {
  let bench: TestBench;
  const components: Component[] = [];
  beforeEach(async () => {
    bench = await createTestBench();
  });
  afterEach(async () => {
    for (const c of components.splice(0)) await c.stop();
    await bench.close();
  });

  it('accepts every form the inbox produces, and refuses container files and broken rules with the reason', async () => {
    const inbox = join(bench.dir, 'inbox', 'tobacco');
    mkdirSync(inbox, { recursive: true });
    const folder = await folderInbound.create(folderConfig.parse({ path: 'inbox/tobacco', topic: 'tobacco.events.inbound', requireUtf8: false, stableWindow: '50ms', trustMtime: true }), await bench.context('inbox-tobacco'));
    const transformer = await tobaccoTransformer.create(tobaccoTransformerConfig.parse({}), await bench.context('tobacco-transform'));
    for (const c of [transformer, folder]) {
      await c.start();
      components.push(c);
    }
    const payment = { ...validMessage('EPR') } as Record<string, unknown>;
    delete payment.Message_Type;
    const broken = { ...validMessage('EIV'), Invoice_Currency: 'EURO' };
    writeFileSync(join(inbox, 'EDP-0001.json'), JSON.stringify(validMessage('EDP'), null, 2));
    writeFileSync(join(inbox, 'Dispatch-0002.avro'), erpAvro('EDP', validMessage('EDP')));
    writeFileSync(join(inbox, 'Payment_0003.json'), JSON.stringify(payment));
    writeFileSync(join(inbox, 'order-0004.dat'), JSON.stringify(validMessage('EPO')));
    writeFileSync(join(inbox, 'invoice-0005.json'), JSON.stringify(broken));
    const container = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const encoder = new avro.streams.BlockEncoder(tobaccoEventSchemaOf('EDP').schema.type);
      encoder.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
      encoder.write(erpEvent('EDP', validMessage('EDP')));
      encoder.end();
    });
    writeFileSync(join(inbox, 'events.avro'), container);

    const out = await bench.waitFor('tobacco.messages', 4);
    const dlq = await bench.waitFor('tobacco.dlq', 2);
    const bySource = (records: typeof out) => Object.fromEntries(records.map((r) => [r.headers[H.source]!.split(':')[1]!, r]));
    const messages = bySource(out);
    expect(Object.keys(messages).sort()).toEqual(['Dispatch-0002.avro', 'EDP-0001.json', 'Payment_0003.json', 'order-0004.dat']);
    expect(JSON.parse(messages['Payment_0003.json']!.value.toString())).toMatchObject({ Message_Type: 'EPR' });
    expect(JSON.parse(messages['Dispatch-0002.avro']!.value.toString())).toMatchObject({ Message_Type: 'EDP', Transport_cont1: 0 });
    const refused = bySource(dlq);
    expect(refused['events.avro']!.headers[H.errorCode]).toBe('EDI_ERR_TOBACCO_AVRO');
    expect(refused['events.avro']!.headers[H.errorMessage]).toMatch(/object container file/);
    expect(refused['invoice-0005.json']!.headers[H.errorCode]).toBe('EDI_ERR_TOBACCO_RULE');
    expect(JSON.parse(refused['invoice-0005.json']!.headers[H.errorDetail]!)).toMatchObject({ path: 'Invoice_Currency', rule: 'currency', value: '"EURO"', routerCode: 'FAILED_VALIDATION' });
  });
});
