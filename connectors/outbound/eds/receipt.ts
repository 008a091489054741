// What delivery puts on eds.trips.receipts for each trip EDS holds: its answer (201 with the
// "Apstiprinājuma statusa kods", or 409: recorded before, duplicate-at-VID), the API client that
// sent it, and the trip as sent, so that `edi eds reconcile` can match receipts with EDS's
// report ("Pārskats par taksometru datu saņemšanu tiešsaistē") without the original records.
import type { Carriage } from '../../../schemas/eds/index.js';

export interface EdsReceipt {
  ediId: string;
  clientId: string;
  /** HTTP status of EDS's answer: 201 recorded now, 409 recorded before (identical data). */
  status: 201 | 409;
  /** EDS's status code of a 201 (may be empty); null for a 409. */
  statusCode: string | null;
  /** EDS already had a trip with identical data (409): delivered, not recorded twice. */
  duplicateAtVid: boolean;
  environment: 'sandbox' | 'test' | 'production';
  deliveredAt: string;
  /** The trip exactly as sent. */
  carriage: Carriage;
}

export const RECEIPT_SCHEMA = 'eds.Receipt';

/** EDS's 201 body is a JSON string (ASP.NET); an empty or odd body gives an empty status code. */
export function statusCodeOf(text: string, json: unknown): string {
  if (typeof json === 'string') return json;
  if (json === undefined) return text.trim();
  return '';
}
