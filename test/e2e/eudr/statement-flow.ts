// The timber / EUDR flow end to end (issue 4, "Must show"): a DeliveryMessage naming two felling
// affirmations dropped in the papiNet inbox → ONE due diligence statement in the TRACES sandbox's
// ledger → the DeliveryMessage in the buyer's outbox carrying that statement's reference and
// verification numbers on every line item, valid against the project's XSD. A second load from
// the same cutting areas reuses the statement (still one in the ledger).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { checkPapinet } from '../../../transformers/papinet/check.js';
import { H } from '../../../topics/headers.js';
import type { BusRecord } from '../../../topics/record.js';
import { AFFIRMATIONS, delivered, drop, fixture, RECEIVER, tracesLedger, until, type EudrPaths, type EudrTopics } from './harness.js';

export const ORIGINAL = { file: 'DeliveryMessageWood-original.xml', number: 'KVA-2026-000417' };

/** The VMD fetch stage and the TRACES client, wired to the sandboxes and the run's topics. */
export function statementFlow(T: EudrTopics, run: string): Record<string, Record<string, unknown>> {
  const retry = { initialDelay: '200ms', maxDelay: '2s', maxAttempts: 30 };
  return {
    [`vmd-fetch-${run}`]: { type: 'inbound.vmd', baseUrl: '${sandbox:vmd}', topics: [T.requested], outputTopic: T.prepared, retry },
    [`traces-${run}`]: {
      type: 'outbound.traces',
      baseUrl: '${sandbox:traces}/tracesnt/',
      accounts: [{ name: 'default', username: 'edi-data-centre', authKey: 'sandbox-auth-key-data-centre-0001', webServiceClientId: 'eudr-test' }],
      topics: [T.prepared],
      receiptsTopic: T.receipts,
      poll: { initialDelay: '300ms', maxDelay: '1s' },
      retry,
    },
  };
}

function renumbered(number: string): Buffer {
  return Buffer.from(fixture(ORIGINAL.file).toString('utf8').replace(ORIGINAL.number, number), 'utf8');
}

/** Line items' [reference, verification] pairs of a delivered document, after checking it against our XSD. */
function carried(bytes: Buffer): string[][][] {
  const checked = checkPapinet(bytes);
  if (!checked.ok) throw checked.error;
  return checked.summary.lineItems.map((l) => l.eudr.map((e) => [e.referenceNumber, e.verificationNumber ?? '']));
}

export async function deliveryMessageCarriesOneStatement(paths: EudrPaths, tracesUrl: string, run: string): Promise<void> {
  drop(paths.inbox, `${ORIGINAL.number}-${run}.xml`, fixture(ORIGINAL.file));
  const wanted = `${RECEIVER}/${ORIGINAL.number}.xml`;
  await until(`${wanted} in the buyer's outbox`, () => (delivered(paths.outbox).includes(wanted) ? true : undefined), 240_000);

  const ledger = await tracesLedger(tracesUrl);
  expect(ledger).toHaveLength(1);
  const statement = ledger[0]!;
  expect(statement.status).toBe('AVAILABLE');
  expect(statement.referenceNumber).toMatch(/^26LV[0-9A-Z]{10}$/);
  expect(statement.verificationNumber).toMatch(/^[0-9A-Z]{8}$/);
  expect(statement.operator.role).toBe('REPRESENTATIVE_OPERATOR');

  const doc = readFileSync(join(paths.outbox, wanted));
  const pair = [statement.referenceNumber!, statement.verificationNumber!];
  // Line items 1 and 3 come from 4210000101, 2 from 4210000102: one statement covers both.
  expect(carried(doc)).toEqual([[pair], [pair], [pair]]);
  const summary = checkPapinet(doc);
  if (!summary.ok) throw summary.error;
  expect(summary.summary.fellingAffirmations).toEqual([...AFFIRMATIONS]);
  // Every other byte as sent: only SafetyAndEnvironmentalInformation elements were added.
  const stripped = doc.toString('utf8').replace(/\n\s*<SafetyAndEnvironmentalInformation[\s\S]*?<\/SafetyAndEnvironmentalInformation>/g, '');
  expect(stripped).toBe(fixture(ORIGINAL.file).toString('utf8'));

  // A second load from the same cutting areas: enriched from the same statement, none submitted.
  const second = 'KVA-2026-000418';
  drop(paths.inbox, `${second}-${run}.xml`, renumbered(second));
  const wanted2 = `${RECEIVER}/${second}.xml`;
  await until(`${wanted2} in the buyer's outbox`, () => (delivered(paths.outbox).includes(wanted2) ? true : undefined), 120_000);
  expect(carried(readFileSync(join(paths.outbox, wanted2)))).toEqual([[pair], [pair], [pair]]);
  expect(await tracesLedger(tracesUrl)).toHaveLength(1);
}

/** TRACES takes this long to make a statement AVAILABLE in the crash run: the broker is killed in between. */
export const SLOW_TRACES = { availableAfterMs: 12_000 };

/**
 * The broker SIGKILLed while the DeliveryMessage waits for its statement (submitted, not yet
 * AVAILABLE), then started again: the parked document is released by the receipt, and the
 * ledger holds exactly one statement.
 */
export async function survivesKillWhileWaiting(paths: EudrPaths, tracesUrl: string, run: string, kill: () => Promise<void>, restart: () => Promise<void>): Promise<void> {
  drop(paths.inbox, `${ORIGINAL.number}-${run}.xml`, fixture(ORIGINAL.file));
  const submitted = await until('the statement submitted to TRACES', async () => {
    const l = await tracesLedger(tracesUrl);
    return l.length > 0 ? l : undefined;
  }, 120_000);
  expect(submitted[0]!.status).toBe('SUBMITTED');
  await kill();
  expect(delivered(paths.outbox)).toEqual([]);
  await restart();
  const wanted = `${RECEIVER}/${ORIGINAL.number}.xml`;
  await until(`${wanted} in the buyer's outbox after the restart`, () => (delivered(paths.outbox).includes(wanted) ? true : undefined), 240_000);
  const ledger = await tracesLedger(tracesUrl);
  expect(ledger).toHaveLength(1);
  expect(ledger[0]!.status).toBe('AVAILABLE');
  const pair = [ledger[0]!.referenceNumber!, ledger[0]!.verificationNumber!];
  expect(carried(readFileSync(join(paths.outbox, wanted)))).toEqual([[pair], [pair], [pair]]);
  expect(delivered(paths.outbox)).toEqual([wanted]);
}

/**
 * A DeliveryMessage naming affirmations VMD does not know: the VMD stage sends the statement
 * request to the EUDR DLQ (404), and the document goes to the papiNet DLQ naming the number;
 * nothing reaches TRACES or the buyer.
 */
export async function unknownAffirmationGoesToDlq(paths: EudrPaths, tracesUrl: string, run: string, papinetDlq: () => Promise<BusRecord[]>): Promise<void> {
  const before = (await tracesLedger(tracesUrl)).length;
  const number = 'KVA-2026-000999';
  const xml = fixture(ORIGINAL.file).toString('utf8').replace(ORIGINAL.number, number).replace(/4210000101/g, '4299999991').replace(/4210000102/g, '4299999992');
  const name = `${number}-${run}.xml`;
  drop(paths.inbox, name, Buffer.from(xml, 'utf8'));
  const dead = await until(`${name} on the papiNet DLQ`, async () => (await papinetDlq()).find((r) => (r.headers[H.source] ?? '').endsWith(`:${name}`)), 180_000);
  expect(dead.headers[H.errorCode]).toBe('EDI_ERR_EUDR_REFS_REJECTED');
  expect(dead.headers[H.errorMessage]).toContain(number);
  expect(dead.headers[H.errorMessage]).toMatch(/429999999[12]/);
  expect(dead.value.toString('utf8')).toBe(xml);
  expect(delivered(paths.outbox).some((f) => f.includes(number))).toBe(false);
  expect(await tracesLedger(tracesUrl)).toHaveLength(before);
}
