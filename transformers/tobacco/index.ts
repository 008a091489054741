// Tobacco track & trace transformer (transformer.tobacco): the component that binds the pure
// step (ERP event → EU data-dictionary message) to tobacco.events.inbound → tobacco.messages,
// and the public face of the folder's pure functions. The schema registry client is created
// here, in the factory, and injected into the step: the step itself does no I/O.
import { defineComponent } from '../../topics/component.js';
import { compileValidationOptions } from '../../schemas/tobacco/index.js';
import { cachedWriterLookup, HttpSchemaRegistry } from '../../schemas/avro/registry-http.js';
import { parseDuration } from '../../lib/duration.js';
import { transformerComponent } from '../runner.js';
import { adoptForeignRecord } from './adopt-record.js';
import { tobaccoTransformerSpec } from './spec.js';
import { tobaccoStep, type WriterLookup } from './step.js';

export const tobaccoTransformer = defineComponent({
  spec: tobaccoTransformerSpec,
  create(config, ctx) {
    const options = compileValidationOptions(config.rules);
    const registry = config.schemaRegistry?.url ? config.schemaRegistry : undefined;
    let writerLookup: WriterLookup | undefined;
    if (registry !== undefined) {
      const client = new HttpSchemaRegistry({
        url: registry.url,
        timeoutMs: parseDuration(registry.timeout),
        ...(registry.username !== undefined && registry.password !== undefined ? { basicAuth: { username: registry.username, password: registry.password } } : {}),
      });
      const lookup = cachedWriterLookup(client, { notFoundTtlMs: parseDuration(registry.notFoundTtl) });
      writerLookup = (id) => lookup(id, ctx.signal);
    }
    return transformerComponent(
      ctx,
      {
        input: config.input,
        step: 'transform',
        adopt: adoptForeignRecord,
        transform: tobaccoStep({ options, output: config.output, ...(writerLookup ? { writerLookup } : {}) }),
        maxBatchRecords: config.maxBatchRecords,
      },
      () => ({ output: config.output, schemaRegistry: registry?.url ?? null }),
    );
  },
});

export { tobaccoErrors, type TobaccoErrorCode } from './errors.js';
export { adoptForeignRecord, deterministicUlid } from './adopt-record.js';
export { decodeTobaccoEvent, type DecodeContext, type DecodedEvent, type EventForm, type EventInput } from './decode-event.js';
export { readerFor, tobaccoEventSchema, tobaccoEventSchemaOf, type TobaccoEventSchema } from './event-schemas.js';
export { schemaFromFileName, tobaccoEventFormat } from './format.js';
export { toDataDictionaryMessage, type MapOptions } from './map-event.js';
export { recallCodeFor } from './recall-code.js';
export { eventInputOf } from './record-input.js';
export { MESSAGE_CONTENT_TYPE, MESSAGE_SCHEMA, tobaccoStep, type TobaccoStepDeps, type WriterLookup } from './step.js';
export { tobaccoTransformerConfig, tobaccoTransformerSpec, type TobaccoTransformerConfig } from './spec.js';
export { transformTobaccoEvent, type TobaccoTransformContext, type TobaccoTransformInput, type TobaccoTransformResult } from './transform.js';
export { validateTobaccoMessage, violationDetail, violationsError, type TobaccoValidation, type ViolationDetail } from './validate.js';
