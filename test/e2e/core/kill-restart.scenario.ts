// The scenario both backends run: files dropped in waves, SIGKILL of `edi start` once deliveries
// have begun and while files keep arriving, the rest dropped while it is down, a restart, and
// the checks that nothing produced before the kill was lost and that only uncommitted records
// came round again.
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { H } from '../../../topics/headers.js';
import { delivered, dropFiles, fileName, idOf, readBus, startBroker, uncommitted, waitUntil, writeFlow, type FlowSetup } from './kill-restart.js';

export interface ScenarioResult {
  atKill: { dropped: number; inbound: number; delivered: number; transformerLag: number };
  redelivered: { transformer: number; delivery: number };
}

export async function killAndRestart(setup: FlowSetup, opts: { files: number; killAfterDelivered: number; wave: number; intervalMs: number }): Promise<ScenarioResult> {
  const flow = writeFlow(setup);
  const { files, wave } = opts;

  // First run: a first wave, and once the broker delivers, more waves while it works; SIGKILL
  // once deliveries are under way, with files still arriving.
  const first = startBroker(flow);
  let dropped = wave;
  dropFiles(flow, setup.run, 0, dropped);
  await waitUntil('the first delivery', () => delivered(flow).length > 0, first, 180_000);
  const dropping = (async () => {
    while (dropped < files && first.child.exitCode === null && first.child.signalCode === null) {
      const next = Math.min(files, dropped + wave);
      dropFiles(flow, setup.run, dropped, next);
      dropped = next;
      await new Promise((r) => setTimeout(r, opts.intervalMs));
    }
  })();
  await waitUntil(`${opts.killAfterDelivered} files delivered`, () => delivered(flow).length >= opts.killAfterDelivered, first, 180_000);
  first.child.kill('SIGKILL');
  const killed = await first.exited;
  await dropping;
  expect(killed.signal, first.stderr()).toBe('SIGKILL');
  const deliveredAtKill = delivered(flow).length;
  const droppedAtKill = dropped;

  const before = await readBus(flow);
  const lag = before.inbound.filter((r) => uncommitted(r, before.transformerCommitted)).length;
  // The kill must land mid-flow, or the test proves nothing.
  expect(before.inbound.length).toBeGreaterThan(0);
  expect(deliveredAtKill).toBeLessThan(files);

  // While it is down the partner keeps dropping; then the restart, until every file is delivered.
  dropFiles(flow, setup.run, dropped, files);
  const second = startBroker(flow);
  await waitUntil(`all ${files} files delivered after the restart`, () => delivered(flow).length >= files, second, 300_000);
  second.child.kill('SIGTERM');
  const stopped = await second.exited;
  expect(stopped.code, second.stderr()).toBe(0);

  const after = await readBus(flow);
  const deliveredNames = new Set(delivered(flow));

  // Intake: every file exactly once (no loss, no second record for a file taken before the kill).
  // edi-source is `<inbox id>:<file name>`; the record key is the file name.
  const sources = after.inbound.map((r) => r.key);
  expect(after.inbound.every((r) => r.headers[H.source] === `${flow.ids.inbox}:${r.key}`)).toBe(true);
  expect(new Set(sources).size).toBe(files);
  expect(after.inbound).toHaveLength(files);
  for (let n = 0; n < files; n++) expect(sources).toContain(fileName(n));
  const inboundIds = after.inbound.map(idOf);
  expect(new Set(inboundIds).size).toBe(files);
  expect(after.dlq, 'no document may fail').toHaveLength(0);

  // Every record produced before the kill was consumed through to the buyer's folder, once,
  // under its own edi-id, with its own bytes.
  for (const r of before.inbound) {
    const name = `${idOf(r)}.xml`;
    expect(deliveredNames.has(name), `record ${idOf(r)} (${r.key}) produced before the kill was never delivered`).toBe(true);
    expect(readFileSync(join(flow.out, name)).equals(r.value)).toBe(true);
  }
  expect(deliveredNames.size).toBe(files);
  expect([...deliveredNames].sort()).toEqual(inboundIds.map((id) => `${id}.xml`).sort());

  // Redeliveries of the transformer: a second output for one edi-id only where the input record
  // was not yet committed when the broker died.
  const inboundById = new Map(after.inbound.map((r) => [idOf(r), r]));
  const validCopies = new Map<string, number>();
  for (const r of after.valid) validCopies.set(idOf(r), (validCopies.get(idOf(r)) ?? 0) + 1);
  expect(new Set(validCopies.keys())).toEqual(new Set(inboundIds));
  const beforeCopies = new Map<string, number>();
  for (const r of before.valid) beforeCopies.set(idOf(r), (beforeCopies.get(idOf(r)) ?? 0) + 1);
  let transformerRedelivered = 0;
  for (const [id, copies] of validCopies) {
    expect(beforeCopies.get(id) ?? 0, `${id} transformed twice before the kill`).toBeLessThanOrEqual(1);
    if (copies === 1) continue;
    transformerRedelivered++;
    expect(copies, `${id} transformed ${copies} times`).toBe(2);
    expect(uncommitted(inboundById.get(id)!, before.transformerCommitted), `${id} was transformed again although its offset was committed before the kill`).toBe(true);
  }

  // Deliveries: exactly one tracked delivery per edi-id (the idempotency mark is committed with
  // it); a "duplicate" (file already there, mark not yet committed) only for an uncommitted record.
  const deliveries = after.tracking.filter((e) => e.component === flow.ids.delivery && e.step === 'deliver');
  expect(deliveries.map((e) => e.id).sort()).toEqual([...inboundIds].sort());
  const validById = new Map<string, typeof after.valid>();
  for (const r of after.valid) validById.set(idOf(r), [...(validById.get(idOf(r)) ?? []), r]);
  let deliveryRedelivered = 0;
  for (const e of deliveries) {
    expect(['ok', 'duplicate']).toContain(e.status);
    if (e.status !== 'duplicate') continue;
    deliveryRedelivered++;
    expect(validById.get(e.id)!.every((r) => uncommitted(r, before.deliveryCommitted)), `${e.id} delivered again although committed`).toBe(true);
  }
  return { atKill: { dropped: droppedAtKill, inbound: before.inbound.length, delivered: deliveredAtKill, transformerLag: lag }, redelivered: { transformer: transformerRedelivered, delivery: deliveryRedelivered } };
}
