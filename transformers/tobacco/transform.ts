// The tobacco step as one pure function: record value → data-dictionary message bytes for
// tobacco.messages, or a typed error for tobacco.dlq. Decode (JSON / Avro / Confluent wire
// format) → map to the dictionary → validate. The body is serialised here, once: these exact
// bytes are hashed, sent and archived by the router client (a re-serialised body would break
// X-OriginalHash: the classic INVALID_SIGNATURE).
import type { EdiError } from '../../lib/errors.js';
import { compileValidationOptions, DEFAULT_VALIDATION_OPTIONS, type CompiledValidationOptions, type MessageType, type TobaccoMessage, type ValidationOptions, type Warning } from '../../schemas/tobacco/index.js';
import { decodeTobaccoEvent, type DecodeContext, type EventForm, type EventInput } from './decode-event.js';
import { toDataDictionaryMessage } from './map-event.js';
import { recallCodeFor } from './recall-code.js';
import { validateTobaccoMessage, type ViolationDetail } from './validate.js';

export interface TobaccoTransformContext extends DecodeContext {
  options?: ValidationOptions | CompiledValidationOptions;
  /** Reporting time for the 24-hour rule (defaults to now). */
  now?: Date;
}

export interface TobaccoTransformInput extends EventInput {
  /** edi-id of the record: the recall Code is derived from it when the event has none. */
  ediId?: string;
}

export type TobaccoTransformResult =
  | { ok: true; messageType: MessageType; message: TobaccoMessage; body: Buffer; key: string; form: EventForm; warnings: Warning[] }
  | { ok: false; error: EdiError; violations?: ViolationDetail[] };

export function transformTobaccoEvent(input: TobaccoTransformInput, ctx: TobaccoTransformContext = {}): TobaccoTransformResult {
  const decoded = decodeTobaccoEvent(input, ctx);
  if (!('messageType' in decoded)) return { ok: false, error: decoded };
  const code = input.ediId === undefined ? undefined : recallCodeFor(input.ediId);
  const message = toDataDictionaryMessage(decoded.messageType, decoded.event, code === undefined ? {} : { code });
  const options = ctx.options === undefined ? DEFAULT_VALIDATION_OPTIONS : compileValidationOptions(ctx.options);
  const checked = validateTobaccoMessage(message, options, ctx.now);
  if (!checked.ok) {
    return { ok: false, error: checked.error, violations: (checked.error.detail?.violations as ViolationDetail[] | undefined) ?? [] };
  }
  const key = typeof message.EO_ID === 'string' ? message.EO_ID : '';
  return { ok: true, messageType: checked.messageType, message: checked.message, body: Buffer.from(JSON.stringify(checked.message), 'utf8'), key, form: decoded.form, warnings: checked.warnings };
}
