// Month-end reconciliation (issue 6): what the broker delivered (its receipts) against what
// EDS says it received (the report "Pārskats par taksometru datu saņemšanu tiešsaistē"), over
// the report's period. Trips are matched by tripIdentity (carrier, driver, start, end,
// taximeter serial number, grand total, fare), as a multiset: two identical deliveries need
// two reported trips. Pure: the caller reads receipts and fetches or loads the report.
import { DEFAULT_TIME_ZONE, reportCarriages, tripDay, tripIdentity, type CarriageReport, type TripIdentityFields } from '../../schemas/eds/index.js';

export interface DeliveredTrip {
  /** The trip as sent (at least the identity fields). */
  carriage: TripIdentityFields;
  ediId?: string;
  clientId?: string;
  statusCode?: string;
  /** EDS answered 409: it already had the trip. */
  duplicateAtEds?: boolean;
}

export type ReportedTrip = ReturnType<typeof reportCarriages>[number];

export interface ReconcileOptions {
  /** Days to compare (inclusive); the report's own period by default. */
  from?: string;
  to?: string;
  /** Only this carrier; the report's carrier (if it is one carrier's report) by default. */
  carrier?: string;
  timeZone?: string;
}

export interface ReconcileEntry<T> {
  identity: string;
  day: string;
  trip: T;
}

export interface ReconcileResult {
  from: string;
  to: string;
  carrier?: string;
  deliveredCount: number;
  reportedCount: number;
  matchedCount: number;
  /** Delivered by the broker (a receipt exists) but not in EDS's report. */
  missingAtEds: Array<ReconcileEntry<DeliveredTrip>>;
  /** In EDS's report but never delivered by the broker (another sender, or a lost receipt). */
  missingInBroker: Array<ReconcileEntry<ReportedTrip>>;
}

const byIdentity = <T>(a: ReconcileEntry<T>, b: ReconcileEntry<T>): number => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0);

export function reconcileTrips(delivered: readonly DeliveredTrip[], report: CarriageReport, options: ReconcileOptions = {}): ReconcileResult {
  const timeZone = options.timeZone ?? report.timeZone ?? DEFAULT_TIME_ZONE;
  const from = options.from ?? report.from;
  const to = options.to ?? report.to;
  const carrier = options.carrier ?? report.carrier;
  const wanted = (day: string, c: string) => day >= from && day <= to && (carrier === undefined || c === carrier);

  const reported = new Map<string, Array<ReconcileEntry<ReportedTrip>>>();
  let reportedCount = 0;
  for (const trip of reportCarriages(report)) {
    const day = tripDay(trip.StartDateTime, timeZone);
    if (!wanted(day, trip.CarriersTaxpayerCode)) continue;
    const identity = tripIdentity(trip, timeZone);
    const list = reported.get(identity);
    const entry = { identity, day, trip };
    if (list) list.push(entry);
    else reported.set(identity, [entry]);
    reportedCount++;
  }

  const missingAtEds: Array<ReconcileEntry<DeliveredTrip>> = [];
  let deliveredCount = 0;
  let matchedCount = 0;
  for (const d of delivered) {
    const day = tripDay(d.carriage.StartDateTime, timeZone);
    if (!wanted(day, d.carriage.CarriersTaxpayerCode)) continue;
    deliveredCount++;
    const identity = tripIdentity(d.carriage, timeZone);
    const list = reported.get(identity);
    if (list !== undefined && list.length > 0) {
      list.pop();
      matchedCount++;
    } else missingAtEds.push({ identity, day, trip: d });
  }
  const missingInBroker = [...reported.values()].flat();
  return {
    from,
    to,
    ...(carrier === undefined ? {} : { carrier }),
    deliveredCount,
    reportedCount,
    matchedCount,
    missingAtEds: missingAtEds.sort(byIdentity),
    missingInBroker: missingInBroker.sort(byIdentity),
  };
}
