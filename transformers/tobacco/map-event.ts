// ERP event → EU data-dictionary message (the JSON the router receives). Driven by the
// catalogue: each field's Annex II data type says how an ERP value becomes a dictionary value
// (a timestamp → Event_Time YYMMDDhh UTC, a boolean → 0/1, Avro epoch days → YYYY-MM-DD…).
// A message that already is a dictionary message passes through unchanged. A value that cannot
// be converted is left as it is, so validation reports it with the sender's own value.
import { fieldNamed, fieldsOf, formatDate, formatEventTime, formatTimeLong, dateFromEpochDays, type FieldType, type MessageType, type TobaccoMessage } from '../../schemas/tobacco/index.js';

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

// Epoch milliseconds before 2000 are not a tobacco event (the system started in 2019): such a
// number is more likely YYMMDDhh sent as an integer, which must be reported, not reinterpreted.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_EPOCH_DAYS = 100_000; // year 2243; 20250115 as "days" would be year 57 000

function instant(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return v >= EARLIEST_MS ? new Date(v) : undefined; // Avro timestamp-millis
  if (typeof v === 'string' && ISO_INSTANT.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function scalar(type: FieldType, v: unknown): unknown {
  switch (type) {
    case 'time': {
      if (typeof v === 'string' && /^\d{8}$/.test(v)) return v;
      const d = instant(v);
      return d ? formatEventTime(d) : v;
    }
    case 'timeLong': {
      const d = instant(v);
      return d ? formatTimeLong(d) : v;
    }
    case 'date': {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < LATEST_EPOCH_DAYS) return formatDate(dateFromEpochDays(v)); // Avro `date`
      if (v instanceof Date || (typeof v === 'string' && ISO_INSTANT.test(v))) {
        const d = instant(v);
        return d ? formatDate(d) : v;
      }
      return v;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === '0' || v === '1') return Number(v);
      if (v === 'true' || v === 'false') return v === 'true' ? 1 : 0;
      return v;
    case 'integer':
      return typeof v === 'string' && INTEGER.test(v) ? Number(v) : v;
    case 'decimal':
      return typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v;
    case 'text':
      return typeof v === 'number' || typeof v === 'bigint' ? String(v) : v;
    default:
      return v;
  }
}

export interface MapOptions {
  /** The recall Code to carry when the event has none (see recall-code.ts). */
  code?: string;
}

/** Builds the dictionary message: Message_Type, Code, then the fields in catalogue order. */
export function toDataDictionaryMessage(messageType: MessageType, event: Readonly<Record<string, unknown>>, options: MapOptions = {}): TobaccoMessage {
  const out: Record<string, unknown> = { Message_Type: messageType };
  const code = event.Code ?? options.code;
  if (code !== undefined && code !== null) out.Code = code;
  const used = new Set<string>(['Message_Type', 'Code']);
  for (const field of fieldsOf(messageType)) {
    if (field.name === 'Message_Type' || field.name === 'Code') continue;
    for (const key of [field.name, ...(field.aliases ?? [])]) {
      if (!Object.hasOwn(event, key)) continue;
      used.add(key);
      const v = event[key];
      if (v === null || v === undefined) continue; // Avro optional fields decode as null
      out[key] = field.list && Array.isArray(v) ? v.map((item) => scalar(field.type, item)) : scalar(field.type, v);
    }
  }
  // Keys the catalogue does not know are kept, so that validation can name them.
  for (const [key, v] of Object.entries(event)) {
    if (!used.has(key) && fieldNamed(messageType, key) === undefined && v !== undefined) out[key] = v;
  }
  return out as TobaccoMessage;
}
