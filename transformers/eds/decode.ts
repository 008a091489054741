// Record value → the trip as an object. Trips reach eds.trips.inbound as JSON (one object per
// record; a CSV file is split into rows by the transformer), as plain Avro of
// schemas/avro/eds/Carriage.avsc, or in the Confluent wire format (writer schema resolved by
// the caller: the registry lookup is I/O and stays outside).
import type { Type } from 'avsc';
import type { EdiError } from '../../lib/errors.js';
import { loadAvroSchemas } from '../../schemas/avro/loader.js';
import { AvroDecodeError, decodeAvroBody, readConfluentFrame } from '../../schemas/avro/confluent-wire.js';
import { edsTripErrors } from './errors.js';

export type TripForm = 'json' | 'avro' | 'confluent-avro' | 'object';

export interface TripBytes {
  value: Buffer;
  /** edi-content-type of the record. */
  contentType?: string;
}

export interface DecodeTripContext {
  /** Compiled writer schemas by registry id, fetched by the caller. */
  writerFor?: (schemaId: number) => Type | undefined;
  /** Prefix for messages, e.g. " (trips.csv row 3)". */
  origin?: string;
}

export interface DecodedTrip {
  trip: Record<string, unknown>;
  form: TripForm;
}

export const CARRIAGE_AVRO_NAME = 'edi.eds.Carriage';

let carriageType: Type | undefined;

/** The compiled Carriage schema (read once per process). */
export function carriageAvroType(): Type {
  carriageType ??= loadAvroSchemas('eds').get(CARRIAGE_AVRO_NAME)?.type;
  if (carriageType === undefined) throw new Error(`schemas/avro/eds has no ${CARRIAGE_AVRO_NAME}`);
  return carriageType;
}

const AVRO_TYPES = new Set(['avro/binary', 'application/avro', 'application/vnd.apache.avro+binary']);
const CONFLUENT_TYPES = new Set(['application/vnd.confluent.avro']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A decoded Avro record (avsc class instance, unions unwrapped) as a plain object. */
export function tripFromAvroRecord(record: object): Record<string, unknown> {
  return { ...(record as Record<string, unknown>) };
}

function avroError(err: unknown): EdiError {
  if (!(err instanceof AvroDecodeError)) throw err;
  return edsTripErrors.create('EDI_ERR_EDS_TRIP_AVRO', { reason: err.reason, detail: err.message }, { cause: err, detail: { reason: err.reason, schemaId: err.schemaId } });
}

export function decodeTrip(input: TripBytes, ctx: DecodeTripContext = {}): DecodedTrip | EdiError {
  const media = input.contentType?.split(';')[0]?.trim().toLowerCase();
  if (media !== undefined && CONFLUENT_TYPES.has(media)) {
    try {
      const { schemaId, body } = readConfluentFrame(input.value);
      const writer = ctx.writerFor?.(schemaId);
      if (writer === undefined) throw new AvroDecodeError('unknown-schema-id', `schema id ${schemaId} is not known to the schema registry`, schemaId);
      // The writer may be another version of Carriage: read it as ours (Avro schema resolution).
      return { trip: tripFromAvroRecord(decodeAvroBody(body, writer, carriageAvroType(), schemaId) as object), form: 'confluent-avro' };
    } catch (err) {
      return avroError(err);
    }
  }
  if (media !== undefined && AVRO_TYPES.has(media)) {
    try {
      return { trip: tripFromAvroRecord(decodeAvroBody(input.value, carriageAvroType()) as object), form: 'avro' };
    } catch (err) {
      return avroError(err);
    }
  }
  return decodeJsonTrip(input.value, ctx.origin ?? '');
}

export function decodeJsonTrip(value: Buffer, origin = ''): DecodedTrip | EdiError {
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    const offset = Buffer.from(value.toString('utf8'), 'utf8').findIndex((b, i) => b !== value[i]);
    return edsTripErrors.create('EDI_ERR_EDS_TRIP_NOT_UTF8', { origin, offset: Math.max(0, offset) });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return edsTripErrors.create('EDI_ERR_EDS_TRIP_JSON', { origin, reason: err instanceof Error ? err.message : String(err) });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return edsTripErrors.create('EDI_ERR_EDS_TRIP_JSON', { origin, reason: 'the top level must be one JSON object (one trip per record)' });
  }
  return { trip: json as Record<string, unknown>, form: 'json' };
}
