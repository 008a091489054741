// `edi validate <file>` for taxi trips: a JSON trip (one object with CarriersTaxpayerCode) or a
// CSV file of trips (its header row names EDS fields). Checked by the same decode → normalise →
// EDS rules path as the transformer, with the default options; routing to an API client needs
// the config's credential registry and is left to the broker.
import type { DocumentFormat, FormatIssue } from '../../schemas/format.js';
import { ROUTING_FIELD, validateCarriage, type CarriageViolation } from '../../schemas/eds/index.js';
import type { EdiError } from '../../lib/errors.js';
import { parseTripCsv } from './csv-trips.js';
import { decodeJsonTrip } from './decode.js';
import { normaliseTrip } from './normalise.js';
import { DEFAULT_TRIP_OPTIONS } from './options.js';

const HEAD_FIELD = /carrierstaxpayercode/i;

function rules(trip: Record<string, unknown>, line?: number): FormatIssue[] {
  const options = DEFAULT_TRIP_OPTIONS;
  const checked = validateCarriage(normaliseTrip(trip, options.normalise).trip, {
    timeZone: options.timeZone,
    futureToleranceSeconds: options.futureToleranceSeconds,
    fieldNames: 'exact',
    unknownFields: options.unknownFields,
    allowedExtraFields: [ROUTING_FIELD],
  });
  if (checked.ok) return [];
  return checked.violations.map((v: CarriageViolation) => ({
    message: `${v.message} [${v.rule}] (EDS: ${v.lv})`,
    path: v.field || v.modelStateKey,
    code: 'EDI_ERR_EDS_TRIP_INVALID',
    ...(line === undefined ? {} : { line }),
  }));
}

function issueOf(err: EdiError): FormatIssue {
  const d = err.detail ?? {};
  const issue: FormatIssue = { message: err.message, code: err.code };
  if (typeof d.line === 'number') issue.line = d.line;
  if (typeof d.column === 'number') issue.column = d.column;
  if (typeof d.path === 'string') issue.path = d.path;
  return issue;
}

export const edsTripFormat: DocumentFormat = {
  name: 'eds-trip',
  description: 'VID EDS "Taksometri" taxi trip: one JSON trip, or a CSV file of trips with a header row of EDS field names',
  detect(bytes, fileName) {
    const head = bytes.subarray(0, 4096).toString('utf8');
    if (/\.csv$/i.test(fileName)) return HEAD_FIELD.test(head.split(/\r\n|\n|\r/)[0] ?? '');
    return /\.json$/i.test(fileName) && /"CarriersTaxpayerCode"\s*:/.test(head);
  },
  validate(bytes, fileName) {
    if (/\.csv$/i.test(fileName)) {
      const csv = parseTripCsv(bytes, fileName, DEFAULT_TRIP_OPTIONS);
      if (!('rows' in csv)) return [issueOf(csv)];
      return csv.rows.flatMap((r) => (r.ok ? rules(r.trip, r.line) : [issueOf(r.error)]));
    }
    const decoded = decodeJsonTrip(bytes);
    if (!('trip' in decoded)) return [issueOf(decoded)];
    return rules(decoded.trip);
  },
};
