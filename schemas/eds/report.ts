// The EDS reconciliation report "Pārskats par taksometru datu saņemšanu tiešsaistē" (reference
// README: offered by EDS as PDF or XML; its layout is not public). This is our model of it:
// what was received, per day, per carrier, per driver, down to each trip. A trip belongs to
// the day its StartDateTime falls on in Latvia (the service date an accountant reconciles by;
// the receipt time of the same trip can fall on the next day). The sandbox produces it as
// JSON and in the XML form below; the broker's reconciliation reads either.
import { DEFAULT_TIME_ZONE, localDate, parseEdsDateTime } from './date-time.js';
import type { Carriage } from './fields.js';

export const REPORT_TITLE = 'Pārskats par taksometru datu saņemšanu tiešsaistē';

export interface ReportTrip extends Omit<Carriage, 'CarriersTaxpayerCode' | 'DriversPersonCode'> {
  /** When EDS received it (ISO 8601). */
  receivedAt: string;
  /** The status code EDS answered with the 201. */
  statusCode: string;
}

export interface ReportTotals {
  tripCount: number;
  distanceTotal: number;
  serviceFeeTotal: number;
  commissionTotal: number;
}

export interface ReportDriver extends ReportTotals {
  personCode: string;
  trips: ReportTrip[];
}

export interface ReportCarrier extends ReportTotals {
  taxpayerCode: string;
  drivers: ReportDriver[];
}

export interface ReportDay extends ReportTotals {
  date: string;
  carriers: ReportCarrier[];
}

export interface CarriageReport extends ReportTotals {
  title: string;
  generatedAt: string;
  from: string;
  to: string;
  /** Only this carrier's trips, when the report was asked for one carrier. */
  carrier?: string;
  timeZone: string;
  /** Which field decides a trip's day. */
  dayBasis: 'StartDateTime';
  days: ReportDay[];
}

export interface ReceivedCarriage {
  carriage: Carriage;
  receivedAt: string;
  statusCode: string;
}

/** Day of a trip for reports and reconciliation: StartDateTime's date in the zone. */
export function tripDay(startDateTime: string, timeZone = DEFAULT_TIME_ZONE): string {
  const parsed = parseEdsDateTime(startDateTime, timeZone);
  return parsed === undefined ? startDateTime.slice(0, 10) : localDate(parsed.instantMs, timeZone);
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

function totals(trips: readonly Carriage[]): ReportTotals {
  let distance = 0;
  let fee = 0;
  let commission = 0;
  for (const t of trips) {
    distance += t.Distance;
    fee += t.ServiceFee;
    commission += t.Commission ?? 0;
  }
  return { tripCount: trips.length, distanceTotal: round(distance, 3), serviceFeeTotal: round(fee, 2), commissionTotal: round(commission, 2) };
}

function group<T>(items: readonly T[], key: (t: T) => string): Array<[string, T[]]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface ReportPeriod {
  from: string;
  to: string;
  carrier?: string;
  timeZone?: string;
  generatedAt?: string;
}

/** The report of the received trips whose day lies in [from, to] (inclusive). */
export function buildCarriageReport(received: readonly ReceivedCarriage[], period: ReportPeriod): CarriageReport {
  const timeZone = period.timeZone ?? DEFAULT_TIME_ZONE;
  const inPeriod = received
    .map((r) => ({ ...r, day: tripDay(r.carriage.StartDateTime, timeZone) }))
    .filter((r) => r.day >= period.from && r.day <= period.to && (period.carrier === undefined || r.carriage.CarriersTaxpayerCode === period.carrier));
  const byStart = (a: { carriage: Carriage }, b: { carriage: Carriage }) =>
    (parseEdsDateTime(a.carriage.StartDateTime, timeZone)?.instantMs ?? 0) - (parseEdsDateTime(b.carriage.StartDateTime, timeZone)?.instantMs ?? 0);
  const days: ReportDay[] = group(inPeriod, (r) => r.day).map(([date, ofDay]) => ({
    date,
    ...totals(ofDay.map((r) => r.carriage)),
    carriers: group(ofDay, (r) => r.carriage.CarriersTaxpayerCode).map(([taxpayerCode, ofCarrier]) => ({
      taxpayerCode,
      ...totals(ofCarrier.map((r) => r.carriage)),
      drivers: group(ofCarrier, (r) => r.carriage.DriversPersonCode).map(([personCode, ofDriver]) => ({
        personCode,
        ...totals(ofDriver.map((r) => r.carriage)),
        trips: [...ofDriver].sort(byStart).map((r) => {
          const { CarriersTaxpayerCode: _c, DriversPersonCode: _d, ...rest } = r.carriage;
          return { ...rest, receivedAt: r.receivedAt, statusCode: r.statusCode };
        }),
      })),
    })),
  }));
  return {
    title: REPORT_TITLE,
    generatedAt: period.generatedAt ?? new Date().toISOString(),
    from: period.from,
    to: period.to,
    ...(period.carrier === undefined ? {} : { carrier: period.carrier }),
    timeZone,
    dayBasis: 'StartDateTime',
    ...totals(inPeriod.map((r) => r.carriage)),
    days,
  };
}

/** Every trip of a report with its carrier and driver put back. */
export function reportCarriages(report: CarriageReport): Array<Carriage & { receivedAt: string; statusCode: string; day: string }> {
  return report.days.flatMap((d) =>
    d.carriers.flatMap((c) =>
      c.drivers.flatMap((dr) => dr.trips.map((t) => ({ CarriersTaxpayerCode: c.taxpayerCode, DriversPersonCode: dr.personCode, ...t, day: d.date }))),
    ),
  );
}

/**
 * The XML form (our design; VID's XML layout is not public): Latvian element names in ASCII,
 * the trip's own fields named as in the API so the form reads back without a mapping table.
 *
 *   <TaksometruDatuParskats xmlns="urn:edi-broker:eds:taksometru-datu-parskats:1"
 *       nosaukums="Pārskats par …" sagatavots="…" periodsNo="2024-05-01" periodsLidz="2024-05-31"
 *       laikaJosla="Europe/Riga" braucieni="3" …>
 *     <Diena datums="2024-05-01" braucieni="3" …>
 *       <Parvadatajs registracijasNr="40009999001" braucieni="3" …>
 *         <Vaditajs personasKods="32000000001" braucieni="2" …>
 *           <Brauciens statusaKods="…" sanemts="2024-05-01T09:30:02.000Z">
 *             <NumberPlate>TX1001</NumberPlate><StartDateTime>…</StartDateTime>…
 */
export const REPORT_XML = {
  namespace: 'urn:edi-broker:eds:taksometru-datu-parskats:1',
  root: 'TaksometruDatuParskats',
  day: 'Diena',
  carrier: 'Parvadatajs',
  driver: 'Vaditajs',
  trip: 'Brauciens',
  attr: {
    title: 'nosaukums',
    generatedAt: 'sagatavots',
    from: 'periodsNo',
    to: 'periodsLidz',
    carrier: 'parvadatajs',
    timeZone: 'laikaJosla',
    date: 'datums',
    taxpayerCode: 'registracijasNr',
    personCode: 'personasKods',
    tripCount: 'braucieni',
    distanceTotal: 'kilometri',
    serviceFeeTotal: 'maksa',
    commissionTotal: 'komisija',
    statusCode: 'statusaKods',
    receivedAt: 'sanemts',
  },
} as const;
