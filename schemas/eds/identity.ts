// When two trips are "the same": EDS answers 409 "Ieraksts ar identiskiem datiem jau izveidots."
// to a record identical to one already recorded for that carrier (reference README), so the
// sandbox compares every field, times as instants and numbers as numbers. Reconciliation
// matches trips by a readable identity: carrier, driver, start, end, taximeter serial number,
// grand total and fare (one driver cannot drive two trips with the same start and end).
import { createHash } from 'node:crypto';
import { DEFAULT_TIME_ZONE, parseEdsDateTime } from './date-time.js';
import { CARRIAGE_FIELDS, type Carriage } from './fields.js';

function instant(text: string, timeZone: string): string {
  const parsed = parseEdsDateTime(text, timeZone);
  return parsed === undefined ? text : new Date(parsed.instantMs).toISOString();
}

/** sha256 of every field in canonical form: equal for records EDS would call identical. */
export function carriageFingerprint(c: Carriage, timeZone = DEFAULT_TIME_ZONE): string {
  const canonical = CARRIAGE_FIELDS.map((f) => {
    const v = c[f];
    if (v === undefined) return null;
    if (f === 'StartDateTime' || f === 'EndDateTime') return instant(String(v), timeZone);
    return v;
  });
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}

export type TripIdentityFields = Pick<Carriage, 'CarriersTaxpayerCode' | 'DriversPersonCode' | 'StartDateTime' | 'EndDateTime' | 'ServiceFee' | 'SerialNumber' | 'GrandTotal'>;

/** `carrier|driver|startUTC|endUTC|serial|grandTotal|fare`: stable across offset spellings. */
export function tripIdentity(t: TripIdentityFields, timeZone = DEFAULT_TIME_ZONE): string {
  return [
    t.CarriersTaxpayerCode,
    t.DriversPersonCode,
    instant(t.StartDateTime, timeZone),
    instant(t.EndDateTime, timeZone),
    t.SerialNumber ?? '',
    t.GrandTotal === undefined ? '' : String(t.GrandTotal),
    String(t.ServiceFee),
  ].join('|');
}
