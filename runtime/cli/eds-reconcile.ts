// `edi eds reconcile`: what the broker delivered to EDS (its receipts on eds.trips.receipts,
// 201 and 409 alike: EDS holds both) against EDS's report "Pārskats par taksometru datu
// saņemšanu tiešsaistē" for a day (issue 6, "Reconciliation"). The report is a file downloaded
// from EDS in its XML form (--report), or the EDS sandbox's, fetched from its URL (--url, the
// config's sandboxes.eds.url, or the sandbox a running broker on this config serves).
import { readFileSync } from 'node:fs';
import type { Bus } from '../../topics/bus.js';
import { EdiError } from '../../lib/errors.js';
import { isCalendarDate, maskPersonCode, type CarriageReport } from '../../schemas/eds/index.js';
import { parseCarriageReport, reconcileTrips, type DeliveredTrip, type ReconcileResult } from '../../transformers/eds/index.js';
import type { EdsReceipt } from '../../connectors/outbound/eds/index.js';
import type { CompiledConfig } from '../config/load.js';
import { edsDeliveryEntries } from './eds-clients.js';

export interface ReconcileCommand {
  date: string;
  report?: string;
  url?: string;
  carrier?: string;
}

/** Every receipt once (by edi-id) from the receipt topics of the configured outbound.eds components. */
export async function deliveredTrips(config: CompiledConfig, bus: Bus): Promise<DeliveredTrip[]> {
  const topics = new Set(edsDeliveryEntries(config).map(([, e]) => (typeof e.receiptsTopic === 'string' ? e.receiptsTopic : 'eds.trips.receipts')));
  if (topics.size === 0) topics.add('eds.trips.receipts');
  const byId = new Map<string, DeliveredTrip>();
  const existing = new Set((await bus.describeTopics()).map((t) => t.name));
  for (const topic of topics) {
    if (!existing.has(topic)) continue; // a bus nothing was delivered on yet
    for await (const r of bus.scan(topic)) {
      let receipt: EdsReceipt;
      try {
        receipt = JSON.parse(r.value.toString('utf8')) as EdsReceipt;
      } catch {
        continue;
      }
      if (receipt.carriage === undefined) continue;
      byId.set(receipt.ediId, { carriage: receipt.carriage, ediId: receipt.ediId, clientId: receipt.clientId, ...(receipt.statusCode ? { statusCode: receipt.statusCode } : {}), duplicateAtEds: receipt.duplicateAtVid });
    }
  }
  return [...byId.values()];
}

/** Where the EDS sandbox is, for a config that runs it: --url, sandboxes.eds.url, or ask the running broker. */
async function sandboxUrl(config: CompiledConfig, explicit?: string): Promise<string> {
  if (explicit) return explicit.replace(/\/+$/, '');
  const configured = config.sandboxes.eds?.url;
  if (configured) return configured.replace(/\/+$/, '');
  if (config.http.port !== 0) {
    try {
      const res = await fetch(`http://${config.http.host}:${config.http.port}/v1/components`, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { components: Array<{ id: string; url?: string }> };
      const url = body.components.find((c) => c.id === 'sandbox:eds')?.url;
      if (url) return url;
    } catch {
      // not running: say so below
    }
  }
  throw new Error('no EDS report: give --report FILE (the XML downloaded from EDS), or --url of the EDS sandbox, or run the broker with the EDS sandbox on this config');
}

export async function loadReport(config: CompiledConfig, cmd: ReconcileCommand): Promise<CarriageReport> {
  let bytes: Buffer;
  if (cmd.report !== undefined) bytes = readFileSync(cmd.report);
  else {
    const base = await sandboxUrl(config, cmd.url);
    const query = new URLSearchParams({ date: cmd.date, format: 'xml', ...(cmd.carrier ? { carrier: cmd.carrier } : {}) });
    const res = await fetch(`${base}/_sandbox/report?${query}`, { signal: AbortSignal.timeout(60_000) });
    if (!res.ok) throw new Error(`the EDS sandbox answered HTTP ${res.status} to its report: ${(await res.text()).slice(0, 300)}`);
    bytes = Buffer.from(await res.arrayBuffer());
  }
  const report = parseCarriageReport(bytes);
  if (report instanceof EdiError) throw report;
  return report;
}

export async function reconcileEds(config: CompiledConfig, bus: Bus, cmd: ReconcileCommand): Promise<ReconcileResult> {
  if (!isCalendarDate(cmd.date)) throw new Error(`--date must be YYYY-MM-DD, got ${cmd.date}`);
  const report = await loadReport(config, cmd);
  const delivered = await deliveredTrips(config, bus);
  return reconcileTrips(delivered, report, { from: cmd.date, to: cmd.date, ...(cmd.carrier ? { carrier: cmd.carrier } : {}) });
}

export function formatReconcile(r: ReconcileResult): string {
  const out = [
    `EDS reconciliation ${r.from === r.to ? r.from : `${r.from}..${r.to}`}${r.carrier ? ` carrier ${r.carrier}` : ''}: delivered ${r.deliveredCount}, in the EDS report ${r.reportedCount}, matched ${r.matchedCount}`,
  ];
  const trip = (t: { CarriersTaxpayerCode: string; DriversPersonCode: string; NumberPlate?: string; StartDateTime: string; EndDateTime: string; ServiceFee: number }) =>
    `carrier ${t.CarriersTaxpayerCode} driver ${maskPersonCode(t.DriversPersonCode).replace(/"/g, '')} plate ${t.NumberPlate ?? '?'} ${t.StartDateTime}..${t.EndDateTime} fee ${t.ServiceFee}`;
  out.push(`missing at EDS (delivered, not in the report): ${r.missingAtEds.length}`);
  for (const m of r.missingAtEds) out.push(`  ${m.day}  edi-id ${m.trip.ediId ?? '?'}  client ${m.trip.clientId ?? '?'}  ${trip(m.trip.carriage as Parameters<typeof trip>[0])}${m.trip.duplicateAtEds ? '  (EDS answered 409 when delivered)' : ''}`);
  out.push(`missing in the broker (in the report, never delivered by it): ${r.missingInBroker.length}`);
  for (const m of r.missingInBroker) out.push(`  ${m.day}  status code ${m.trip.statusCode}  ${trip(m.trip)}`);
  return out.join('\n');
}
