// The request body of POST /api/taxi/carriage, serialised once: these exact bytes are stored
// with the delivery and resent unchanged on every retry, so EDS's 409 ("Ieraksts ar
// identiskiem datiem jau izveidots.") can only mean the trip is already there. Fields in the
// OpenAPI's order; absent optional fields are left out rather than sent as null.
import { CARRIAGE_FIELDS, type Carriage } from '../../schemas/eds/index.js';

export function carriageBody(c: Carriage): Buffer {
  const ordered: Record<string, unknown> = {};
  for (const f of CARRIAGE_FIELDS) if (c[f] !== undefined) ordered[f] = c[f];
  return Buffer.from(JSON.stringify(ordered), 'utf8');
}
