// Taxi-trip transformer (transformer.eds, issue 6): the component binding the pure step (trip
// records → exact EDS request bodies routed to the driver's API client) to eds.trips.inbound →
// eds.trips.valid, and the public face of the folder's pure functions (decode, CSV, normalise,
// the pure half of reconciliation). The EDS rules and the credential registry live in
// schemas/eds (shared with the sandbox and the delivery connector). The schema registry client
// is created here, in the factory, and injected: the step itself does no I/O.
import { defineComponent } from '../../topics/component.js';
import type { BusRecord } from '../../topics/record.js';
import { compileCredentialRegistry } from '../../schemas/eds/index.js';
import { cachedWriterLookup, HttpSchemaRegistry } from '../../schemas/avro/registry-http.js';
import { parseDuration } from '../../lib/duration.js';
import { transformerComponent } from '../runner.js';
import { compileTripOptions } from './options.js';
import { edsTransformerSpec } from './spec.js';
import { edsStep, type WriterLookup } from './step.js';
import { adoptTripRecord } from './trip-id.js';

export const edsTransformer = defineComponent({
  spec: edsTransformerSpec,
  create(config, ctx) {
    const registry = compileCredentialRegistry(config.credentials);
    const { input, output, credentials: _c, schemaRegistry, maxBatchRecords, ...tripOptions } = config;
    const options = compileTripOptions(tripOptions);
    const registryConfig = schemaRegistry?.url ? schemaRegistry : undefined;
    let writerLookup: WriterLookup | undefined;
    if (registryConfig !== undefined) {
      const client = new HttpSchemaRegistry({
        url: registryConfig.url,
        timeoutMs: parseDuration(registryConfig.timeout),
        ...(registryConfig.username !== undefined && registryConfig.password !== undefined ? { basicAuth: { username: registryConfig.username, password: registryConfig.password } } : {}),
      });
      const lookup = cachedWriterLookup(client, { notFoundTtlMs: parseDuration(registryConfig.notFoundTtl) });
      writerLookup = (id) => lookup(id, ctx.signal);
    }
    const dlqOf = (r: BusRecord): string => {
      const dlq = ctx.catalogue.get(r.topic)?.dlq;
      if (dlq === undefined) throw new Error(`topic ${r.topic} declares no DLQ`);
      return dlq;
    };
    return transformerComponent(
      ctx,
      {
        input,
        step: 'validate',
        adopt: adoptTripRecord,
        transform: edsStep({ registry, options, output, dlqOf, trackingRecord: ctx.trackingRecord, ...(writerLookup ? { writerLookup } : {}) }),
        maxBatchRecords,
      },
      () => ({ output, clients: registry.size, schemaRegistry: registryConfig?.url ?? null }),
    );
  },
});

export { edsTransformerConfig, edsTransformerSpec, type EdsTransformerConfig } from './spec.js';
export { edsStep, TRIP_CONTENT_TYPE, TRIP_SCHEMA, type EdsStepDeps, type WriterLookup } from './step.js';
export { edsTripFormat } from './format.js';
export { adoptTripRecord, tripRowId } from './trip-id.js';
export { sourceFileName, tripInputOf, type TripInput } from './record-input.js';
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
