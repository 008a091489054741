// GET /_sandbox/ledger: every accepted trip, filterable by day (the trip's Riga start date) or
// period, carrier, driver and client: ?date= | ?from=&to=, ?carrier=, ?driver=, ?clientId=, ?limit=.
import type { ReceivedCarriage } from '../../schemas/eds/index.js';
import { carriageOf, type EdsStore, type LedgerFilter } from './store.js';

export function ledgerFilter(query: Record<string, string>): LedgerFilter {
  const f: LedgerFilter = {};
  if (query.date) (f.from = query.date), (f.to = query.date);
  if (query.from) f.from = query.from;
  if (query.to) f.to = query.to;
  if (query.carrier) f.carrier = query.carrier;
  if (query.driver) f.driver = query.driver;
  if (query.clientId) f.clientId = query.clientId;
  const limit = Number(query.limit);
  if (query.limit && Number.isSafeInteger(limit) && limit > 0) f.limit = limit;
  return f;
}

export function ledgerView(store: EdsStore, query: Record<string, string>): Record<string, unknown> {
  const rows = store.carriages(ledgerFilter(query));
  return {
    count: rows.length,
    total: store.countCarriages(),
    trips: rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      clientId: r.client_id,
      statusCode: r.status_code,
      day: r.trip_day,
      fingerprint: r.fingerprint,
      carriage: carriageOf(r),
    })),
  };
}

/** The ledger's trips as the report builder takes them. */
export function ledgerReceived(store: EdsStore, filter: LedgerFilter): ReceivedCarriage[] {
  return store.carriages(filter).map((r) => ({ carriage: carriageOf(r), receivedAt: r.received_at, statusCode: r.status_code }));
}
