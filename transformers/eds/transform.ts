// The taxi-trip step as one pure function: a trip (record bytes, or an object from a CSV row
// or an Avro decoder) → the exact EDS request body and the API client that sends it, or a
// typed error for eds.dlq naming the field and rule. Decode → normalise (only what the config
// says) → EDS rules (schemas/eds, the same the sandbox runs) → route to a client → serialise once.
import type { EdiError } from '../../lib/errors.js';
import { ROUTING_FIELD, showValue, tripDay, tripIdentity, validateCarriage, type Carriage, type CarriageViolation, type CredentialRegistry, type RoutedBy } from '../../schemas/eds/index.js';
import { carriageBody } from './body.js';
import { parseTripCsv } from './csv-trips.js';
import { decodeTrip, type DecodeTripContext, type TripForm } from './decode.js';
import { edsTripErrors } from './errors.js';
import { normaliseTrip } from './normalise.js';
import { DEFAULT_TRIP_OPTIONS, type EdsTripOptions } from './options.js';

export interface TripTransformContext extends DecodeTripContext {
  registry: CredentialRegistry;
  /** Compiled once (compileTripOptions); defaults when absent. */
  options?: EdsTripOptions;
  /** Reference time of the not-in-future rule (default: now). */
  now?: number | Date;
}

/** Record bytes (JSON / Avro), or a trip already decoded (Avro record, CSV row). */
export type TripTransformInput = { value: Buffer; contentType?: string } | { trip: Record<string, unknown>; form?: TripForm };

export interface TripViolationDetail {
  field: string;
  rule: string;
  ruleText: string;
  value: string;
  message: string;
  /** What EDS would answer in ModelState, in Latvian. */
  lv: string;
}

export type TripTransformResult =
  | {
      ok: true;
      carriage: Carriage;
      /** The request body, serialised once: store these bytes and resend them unchanged. */
      body: Buffer;
      clientId: string;
      routedBy: RoutedBy;
      /** Record key on eds.trips.valid: the API client id (per-client order of delivery). */
      key: string;
      /** Stable identity for reconciliation (schemas/eds tripIdentity). */
      identity: string;
      /** YYYY-MM-DD the trip belongs to in reports. */
      day: string;
      form: TripForm;
      /** Normalisations applied, e.g. `NumberPlate "AB-1234" → "AB1234"`. */
      normalised: string[];
    }
  | { ok: false; error: EdiError; violations?: CarriageViolation[] };

const MAX_DETAILED = 20;

function detailOf(v: CarriageViolation): TripViolationDetail {
  return { field: v.field || (v.modelStateKey.replace(/^value\.?/, '') || ''), rule: v.rule, ruleText: v.ruleText, value: v.field === 'DriversPersonCode' ? '(person code)' : showValue(v.value), message: v.message, lv: v.lv };
}

/** Every broken rule of one trip as one error: the first in the text, all in the detail. */
export function tripViolationsError(violations: readonly CarriageViolation[], origin = '', line?: number): EdiError {
  const first = violations[0];
  if (first === undefined) throw new Error('tripViolationsError needs at least one violation');
  const d = detailOf(first);
  return edsTripErrors.create(
    'EDI_ERR_EDS_TRIP_INVALID',
    { origin, count: violations.length, first: `${first.message} [${first.rule}]` },
    {
      detail: {
        path: d.field,
        field: d.field,
        rule: d.rule,
        value: d.value,
        ...(line === undefined ? {} : { line }),
        violations: violations.slice(0, MAX_DETAILED).map(detailOf),
        ...(violations.length > MAX_DETAILED ? { omitted: violations.length - MAX_DETAILED } : {}),
      },
    },
  );
}

export function transformTrip(input: TripTransformInput, ctx: TripTransformContext, origin = '', line?: number): TripTransformResult {
  const options = ctx.options ?? DEFAULT_TRIP_OPTIONS;
  const where = origin === '' ? '' : ` (${origin})`;
  let raw: Record<string, unknown>;
  let form: TripForm;
  if ('trip' in input) {
    raw = input.trip;
    form = input.form ?? 'object';
  } else {
    const decoded = decodeTrip(input, { ...ctx, origin: where });
    if (!('trip' in decoded)) return { ok: false, error: decoded };
    raw = decoded.trip;
    form = decoded.form;
  }
  const { trip, applied } = normaliseTrip(raw, options.normalise);
  const checked = validateCarriage(trip, {
    ...(ctx.now === undefined ? {} : { now: ctx.now }),
    timeZone: options.timeZone,
    futureToleranceSeconds: options.futureToleranceSeconds,
    fieldNames: 'exact',
    unknownFields: options.unknownFields,
    allowedExtraFields: [ROUTING_FIELD],
  });
  if (!checked.ok) return { ok: false, error: tripViolationsError(checked.violations, where, line), violations: checked.violations };

  const routed = ctx.registry.clientFor(trip, { origin: where, ...(line === undefined ? {} : { line }) });
  if (!routed.ok) return { ok: false, error: routed.error };
  const carriage = checked.carriage;
  return {
    ok: true,
    carriage,
    body: carriageBody(carriage),
    clientId: routed.client.clientId,
    routedBy: routed.by,
    key: routed.client.clientId,
    identity: tripIdentity(carriage, options.timeZone),
    day: tripDay(carriage.StartDateTime, options.timeZone),
    form,
    normalised: applied,
  };
}

export interface CsvTripResult {
  row: number;
  line: number;
  result: TripTransformResult;
}

/** Every row of a trip CSV file through the step; a file that cannot be read at all is one error. */
export function transformTripCsv(bytes: Buffer, file: string, ctx: TripTransformContext): CsvTripResult[] | EdiError {
  const options = ctx.options ?? DEFAULT_TRIP_OPTIONS;
  const csv = parseTripCsv(bytes, file, options);
  if (!('rows' in csv)) return csv;
  return csv.rows.map((r) => ({
    row: r.row,
    line: r.line,
    result: r.ok ? transformTrip({ trip: r.trip, form: 'object' }, ctx, `${file} row ${r.row}, line ${r.line}`, r.line) : { ok: false, error: r.error },
  }));
}
