// Error codes of the taxi-trip transformer (EDI_ERR_EDS_*). None is retriable: a bad trip stays
// bad; it goes to eds.dlq with the field and rule and can be replayed once fixed. Messages
// never carry a secret; person codes in them are masked (schemas/eds maskPersonCode). The
// registry's own codes (EDI_ERR_EDS_CLIENT_UNKNOWN, …_CREDENTIALS_INVALID) are in schemas/eds/errors.ts.
import { defineErrors } from '../../lib/errors.js';

export const edsTripErrors = defineErrors({
  EDI_ERR_EDS_TRIP_INVALID: { message: 'taxi trip{origin}: {count} EDS rule(s) broken: {first}', retriable: false, http: 422 },
  EDI_ERR_EDS_TRIP_JSON: { message: 'taxi trip{origin} is not valid JSON: {reason}', retriable: false, http: 400 },
  EDI_ERR_EDS_TRIP_NOT_UTF8: { message: 'taxi trip{origin} is not valid UTF-8 (byte {offset})', retriable: false, http: 400 },
  EDI_ERR_EDS_TRIP_AVRO: { message: 'taxi trip Avro record cannot be decoded ({reason}): {detail}', retriable: false, http: 400 },
  EDI_ERR_EDS_CSV_FILE: { message: '{file}: not a readable trip CSV file: {reason}', retriable: false, http: 400 },
  EDI_ERR_EDS_CSV_ROW: { message: '{file} row {row} (line {line}): {reason}', retriable: false, http: 422 },
  EDI_ERR_EDS_REPORT_INVALID: { message: 'EDS reconciliation report cannot be read: {reason}', retriable: false, http: 400 },
});

export type EdsTripErrorCode = keyof typeof edsTripErrors.defs;

