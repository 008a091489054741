// The tobacco transformer's step as the runner calls it: record on tobacco.events.inbound →
// data-dictionary message on tobacco.messages (key EO_ID), or a typed error for tobacco.dlq.
// No I/O of its own: the writer-schema lookup of the Confluent wire format is injected by
// the component factory (an HTTP registry client, cached). A lookup that throws a retriable
// error (registry down) fails the batch, which the bus delivers again; an unknown schema id is
// the record's fault and goes to the DLQ.
import type { Type } from 'avsc';
import { derivedRecord } from '../../topics/record.js';
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';
import type { CompiledValidationOptions } from '../../schemas/tobacco/index.js';
import { readConfluentFrame } from '../../schemas/avro/confluent-wire.js';
import { schemaRegistryErrors } from '../../schemas/avro/errors.js';
import type { TransformResult } from '../runner.js';
import { eventInputOf, isAvroContainerFile, isConfluentInput } from './record-input.js';
import { tobaccoErrors } from './errors.js';
import { transformTobaccoEvent } from './transform.js';

export type WriterLookup = (schemaId: number) => Promise<Type | undefined>;

export interface TobaccoStepDeps {
  /** Resolves a Confluent schema id; absent when no schema registry is configured. */
  writerLookup?: WriterLookup;
  options: CompiledValidationOptions;
  /** Topic of the dictionary messages. */
  output: string;
  now?: () => Date;
}

/** Content type of a message on tobacco.messages: the router's own (reference README). */
export const MESSAGE_CONTENT_TYPE = 'application/json; charset=utf-8';
export const MESSAGE_SCHEMA = 'tobacco.Message';

export function tobaccoStep(deps: TobaccoStepDeps): (record: BusRecord) => Promise<TransformResult> {
  return async (record) => {
    if (isAvroContainerFile(record.value)) {
      // One record is one event with one recall Code and one edi-id: a container file of many
      // events has to be split before intake (the ERP writes one event per file or per record).
      return { ok: false, error: tobaccoErrors.create('EDI_ERR_TOBACCO_AVRO', { reason: 'object-container-file', detail: 'an Avro object container file holds many events; send one event per record or file (plain Avro named in edi-schema, or JSON)' }, { detail: { reason: 'object-container-file' } }) };
    }
    const input = eventInputOf(record);
    let writer: Type | undefined;
    let schemaId: number | undefined;
    if (isConfluentInput(input) && input.value.length >= 5 && input.value[0] === 0) {
      schemaId = readConfluentFrame(input.value).schemaId;
      if (deps.writerLookup === undefined) return { ok: false, error: schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_NOT_CONFIGURED', { schemaId }, { detail: { schemaId } }) };
      writer = await deps.writerLookup(schemaId);
    }
    const ediId = record.headers[H.id];
    const r = transformTobaccoEvent(
      { ...input, ...(ediId === undefined ? {} : { ediId }) },
      { writerFor: (id) => (id === schemaId ? writer : undefined), options: deps.options, ...(deps.now ? { now: deps.now() } : {}) },
    );
    if (!r.ok) return { ok: false, error: r.error };
    const code = typeof r.message.Code === 'string' ? r.message.Code : '';
    const refs: Record<string, string> = { Code: code, Message_Type: r.messageType, form: r.form };
    if (r.warnings.length > 0) refs.warnings = r.warnings.map((w) => `${w.code}@${w.path}`).join(',');
    return {
      ok: true,
      key: r.key,
      refs,
      records: [derivedRecord(record, { topic: deps.output, key: r.key, value: r.body, contentType: MESSAGE_CONTENT_TYPE, schema: MESSAGE_SCHEMA })],
    };
  };
}
