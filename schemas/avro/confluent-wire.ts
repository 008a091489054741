// The Confluent wire format of a Kafka record value: magic byte 0, the writer schema's id as a
// 4-byte big-endian integer, then the Avro binary body (docs.confluent.io, "Wire format").
// Decoding is pure: the caller resolves the schema id (registry lookup is I/O, a connector's
// job) and passes the writer type, and optionally the reader type it wants the value in.
import type { Type } from 'avsc';
import { AvroBoundsError, checkAvroBounds } from './bounded-read.js';

export const CONFLUENT_MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

export type AvroDecodeFailure = 'too-short' | 'magic-byte' | 'unknown-schema-id' | 'malformed-body' | 'incompatible-schema';

export class AvroDecodeError extends Error {
  override readonly name = 'AvroDecodeError';
  constructor(
    readonly reason: AvroDecodeFailure,
    message: string,
    readonly schemaId?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ConfluentFrame {
  schemaId: number;
  body: Buffer;
}

/** A value that starts like the wire format (it may still be something else that starts with 0). */
export function looksConfluentFramed(value: Buffer): boolean {
  return value.length >= HEADER_BYTES && value[0] === CONFLUENT_MAGIC_BYTE;
}

export function readConfluentFrame(value: Buffer): ConfluentFrame {
  if (value.length < HEADER_BYTES) {
    throw new AvroDecodeError('too-short', `Confluent wire format needs at least ${HEADER_BYTES} bytes (magic byte + schema id), got ${value.length}`);
  }
  if (value[0] !== CONFLUENT_MAGIC_BYTE) {
    throw new AvroDecodeError('magic-byte', `Confluent wire format starts with magic byte 0, got 0x${(value[0] as number).toString(16).padStart(2, '0')}`);
  }
  return { schemaId: value.readUInt32BE(1), body: value.subarray(HEADER_BYTES) };
}

export function writeConfluentFrame(schemaId: number, body: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) throw new RangeError(`schema id ${schemaId} does not fit 4 bytes`);
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = CONFLUENT_MAGIC_BYTE;
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

// Resolvers (writer → reader schema evolution) are built once per pair of compiled types.
const resolvers = new WeakMap<Type, WeakMap<Type, ReturnType<Type['createResolver']>>>();

function resolverFor(reader: Type, writer: Type, schemaId?: number): ReturnType<Type['createResolver']> {
  let byWriter = resolvers.get(reader);
  if (!byWriter) resolvers.set(reader, (byWriter = new WeakMap()));
  let resolver = byWriter.get(writer);
  if (!resolver) {
    try {
      resolver = reader.createResolver(writer);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new AvroDecodeError('incompatible-schema', `writer schema ${writer.name ?? '(anonymous)'} cannot be read as ${reader.name ?? '(anonymous)'}: ${why}`, schemaId, { cause: err });
    }
    byWriter.set(writer, resolver);
  }
  return resolver;
}

/** Plain Avro binary (no header) written with `writer`, optionally read as `reader`. */
export function decodeAvroBody(body: Buffer, writer: Type, reader?: Type, schemaId?: number): unknown {
  try {
    checkAvroBounds(writer, body);
  } catch (err) {
    if (err instanceof AvroBoundsError) {
      throw new AvroDecodeError('malformed-body', `Avro body does not match schema ${writer.name ?? '(anonymous)'}: ${err.message}`, schemaId, { cause: err });
    }
    throw err;
  }
  try {
    if (reader === undefined || reader === writer) return writer.fromBuffer(body);
    return reader.fromBuffer(body, resolverFor(reader, writer, schemaId));
  } catch (err) {
    if (err instanceof AvroDecodeError) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new AvroDecodeError('malformed-body', `Avro body does not match schema ${writer.name ?? '(anonymous)'}: ${why}`, schemaId, { cause: err });
  }
}

/**
 * Decodes one wire-format value. `writerFor` returns the compiled writer schema of an id
 * (already fetched from the registry) or undefined when the id is unknown.
 */
export function decodeConfluent(value: Buffer, writerFor: (schemaId: number) => Type | undefined, reader?: Type): { schemaId: number; writer: Type; value: unknown } {
  const frame = readConfluentFrame(value);
  const writer = writerFor(frame.schemaId);
  if (writer === undefined) throw new AvroDecodeError('unknown-schema-id', `schema id ${frame.schemaId} is not known to the schema registry`, frame.schemaId);
  return { schemaId: frame.schemaId, writer, value: decodeAvroBody(frame.body, writer, reader, frame.schemaId) };
}
