// Taxi-trip transformer (issue 6): pure functions from trip records (JSON / Avro / CSV rows) to
// the exact EDS request body and the driver's API client, the credential registry, and the
// pure half of reconciliation. The EDS rules themselves live in schemas/eds (shared with the sandbox).
export { edsTripErrors, type EdsTripErrorCode } from './errors.js';
export { compileTripOptions, DEFAULT_CSV_MAX_BYTES, DEFAULT_TRIP_OPTIONS, edsTripOptionsSchema, type EdsTripOptions, type EdsTripOptionsInput } from './options.js';
export { normaliseTrip, type Normalised } from './normalise.js';
export { carriageBody } from './body.js';
export { CARRIAGE_AVRO_NAME, carriageAvroType, decodeJsonTrip, decodeTrip, tripFromAvroRecord, type DecodedTrip, type DecodeTripContext, type TripBytes, type TripForm } from './decode.js';
export { detectDelimiter, readCsvRecords, type CsvDelimiter, type CsvRecord } from './csv.js';
export { parseTripCsv, type TripCsv, type TripCsvRow } from './csv-trips.js';
export { transformTrip, transformTripCsv, tripViolationsError, type CsvTripResult, type TripTransformContext, type TripTransformInput, type TripTransformResult, type TripViolationDetail } from './transform.js';
export { parseCarriageReport } from './report-parse.js';
export { reconcileTrips, type DeliveredTrip, type ReconcileEntry, type ReconcileOptions, type ReconcileResult, type ReportedTrip } from './reconcile.js';
