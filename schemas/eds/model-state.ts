// EDS's 400 body: {"Message":"The request is invalid.","ModelState":{"value.<Field>":["<lv>"]}}
// (the public mock, reference samples/carriage-response-400.json). Built from violations by
// the sandbox; read back with an English gloss of each field by the broker for its DLQ.
import { FIELD_SPECS, isCarriageField } from './fields.js';
import type { CarriageViolation } from './violation.js';

export interface ModelStateBody {
  Message: string;
  ModelState: Record<string, string[]>;
}

export const INVALID_REQUEST_MESSAGE = 'The request is invalid.';

export function modelStateOf(violations: readonly CarriageViolation[]): ModelStateBody {
  const state: Record<string, string[]> = {};
  for (const v of violations) (state[v.modelStateKey] ??= []).push(v.lv);
  return { Message: INVALID_REQUEST_MESSAGE, ModelState: state };
}

export interface GlossedModelStateEntry {
  /** The key as EDS sent it, e.g. value.ServiceFee. */
  key: string;
  /** The Carriage field it names ('' for the body as a whole or a key we do not know). */
  field: string;
  /** English gloss of the field, for an operator who reads no Latvian. */
  fieldGloss: string;
  /** EDS's messages, verbatim. */
  messages: string[];
}

/** Each ModelState entry of a 400 body with the field named in English; tolerant of odd shapes. */
export function glossModelState(body: unknown): GlossedModelStateEntry[] {
  if (body === null || typeof body !== 'object') return [];
  const raw = (body as Record<string, unknown>).ModelState ?? (body as Record<string, unknown>).modelState;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  return Object.entries(raw as Record<string, unknown>).map(([key, messages]) => {
    const name = key.replace(/^value\.?/i, '');
    const field = Object.keys(FIELD_SPECS).find((f) => f.toLowerCase() === name.toLowerCase()) ?? '';
    const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
    return {
      key,
      field,
      fieldGloss: field !== '' && isCarriageField(field) ? FIELD_SPECS[field].en : name === '' ? 'the trip as a whole' : `unknown field ${name}`,
      messages: list,
    };
  });
}
