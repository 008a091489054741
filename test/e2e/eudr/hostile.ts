// Hostile papiNet inputs dropped into the inbox of a running broker (issue 4, "Must show"):
// an external entity, billion laughs, a 60 MB document and invalid UTF-8. The default inbox
// refuses what it can see at the door (size, UTF-8) into error/ with NAME.error.json; a second,
// lenient inbox lets them through so that the XML layer's own limits answer (papinet.dlq). The
// broker stays healthy and a good document dropped after them is still delivered to the buyer.
import { expect } from 'vitest';
import { largeDeliveryMessage } from '../../fixtures/papinet/large-document.js';
import { H } from '../../../topics/headers.js';
import type { BusRecord } from '../../../topics/record.js';
import { delivered, drop, fixture, RECEIVER, refused, until, type Broker, type EudrPaths } from './harness.js';

export interface HostileCase {
  file: string;
  inbox: 'default' | 'raw';
  content: () => Buffer;
  /** Where it must end up, and with which code. */
  expect: { at: 'error-dir' | 'dlq'; code: RegExp };
}

const invalidUtf8 = (): Buffer => {
  const text = fixture('DeliveryMessageWood-original.xml');
  const at = text.indexOf('Madonas');
  return Buffer.concat([text.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff]), text.subarray(at)]);
};

export function hostileCases(run: string, options: { rawLarge: boolean }): HostileCase[] {
  const cases: HostileCase[] = [
    { file: `xxe-${run}.xml`, inbox: 'default', content: () => fixture('hostile-external-entity.xml'), expect: { at: 'dlq', code: /^EDI_ERR_XML_DOCTYPE_FORBIDDEN$/ } },
    { file: `laughs-${run}.xml`, inbox: 'default', content: () => fixture('hostile-billion-laughs.xml'), expect: { at: 'dlq', code: /^EDI_ERR_XML_DOCTYPE_FORBIDDEN$/ } },
    { file: `big-60mb-${run}.xml`, inbox: 'default', content: () => largeDeliveryMessage(60 * 1024 * 1024), expect: { at: 'error-dir', code: /^EDI_ERR_FOLDER_TOO_LARGE$/ } },
    { file: `bad-utf8-${run}.xml`, inbox: 'default', content: invalidUtf8, expect: { at: 'error-dir', code: /^EDI_ERR_FOLDER_NOT_UTF8$/ } },
    { file: `raw-bad-utf8-${run}.xml`, inbox: 'raw', content: invalidUtf8, expect: { at: 'dlq', code: /^EDI_ERR_XML_ENCODING$/ } },
  ];
  // The embedded log takes a 60 MB record; the Kafka bus refuses records over 16 MB at intake.
  if (options.rawLarge) cases.push({ file: `raw-big-60mb-${run}.xml`, inbox: 'raw', content: () => largeDeliveryMessage(60 * 1024 * 1024), expect: { at: 'dlq', code: /TOO_LARGE$/ } });
  return cases;
}

/** The good document after the hostile ones: it carries its EUDR numbers, so it needs no TRACES. */
export const GOOD = { file: 'DeliveryMessageWood-with-eudr.xml', number: 'KVA-2026-000388' };

export async function dropHostileThenGood(paths: EudrPaths, cases: HostileCase[], run: string): Promise<string> {
  for (const c of cases) drop(c.inbox === 'default' ? paths.inbox : paths.rawInbox, c.file, c.content());
  const good = `good-${run}.xml`;
  drop(paths.inbox, good, fixture(GOOD.file));
  return good;
}

/** Waits for every case to land where it must, and for the good document in the buyer's folder. */
export async function expectOutcomes(broker: Broker, paths: EudrPaths, cases: HostileCase[], dlq: () => Promise<BusRecord[]>): Promise<BusRecord[]> {
  const wanted = `${RECEIVER}/${GOOD.number}.xml`;
  await until(`${wanted} in the buyers' outbox`, () => (delivered(paths.outbox).includes(wanted) ? true : undefined), 180_000);
  expect(fixture(GOOD.file).equals((await import('node:fs')).readFileSync(`${paths.outbox}/${wanted}`))).toBe(true);

  for (const c of cases.filter((c) => c.expect.at === 'error-dir')) {
    const report = await until(`${c.file} in the inbox's error directory`, () => refused(c.inbox === 'default' ? paths.inbox : paths.rawInbox).get(c.file), 120_000);
    expect(report.code, c.file).toMatch(c.expect.code);
    expect(report.message).toContain(c.file);
  }
  const dlqCases = cases.filter((c) => c.expect.at === 'dlq');
  const records = await until(
    `${dlqCases.length} hostile documents on the DLQ`,
    async () => {
      const rs = (await dlq()).filter((r) => dlqCases.some((c) => (r.headers[H.source] ?? '').endsWith(`:${c.file}`)));
      return rs.length >= dlqCases.length ? rs : undefined;
    },
    180_000,
  );
  for (const c of dlqCases) {
    const r = records.find((x) => (x.headers[H.source] ?? '').endsWith(`:${c.file}`))!;
    expect(r.headers[H.errorCode], c.file).toMatch(c.expect.code);
    expect(r.headers[H.errorStage]).toBe('validate');
    expect((r.headers[H.errorMessage] ?? '').length).toBeGreaterThan(10);
    // Nothing the entity pointed at was read.
    expect(r.headers[H.errorMessage]).not.toMatch(/root:x:0:0/);
  }
  expect(records).toHaveLength(dlqCases.length);

  const health = await fetch(`${broker.url}/healthz`);
  expect(health.status).toBe(200);
  const body = (await health.json()) as { components: Array<{ id: string; state: string }> };
  expect(body.components.every((c) => c.state === 'running')).toBe(true);
  return records;
}
