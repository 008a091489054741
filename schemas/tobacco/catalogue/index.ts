// The message catalogue: every message type the broker sends to the EU repository router,
// by its JSON Message_Type code, plus the fields every message may carry.
import { IDA, IRA, IRU } from './ui-requests.js';
import { EDP, EPA, ERP, ETL, EUA, EUD, EVR } from './operational.js';
import { EIV, EPO, EPR } from './transactional.js';
import { RCL } from './recall.js';
import { m, o, type FieldSpec, type MessageSpec, type MessageType } from './types.js';

export const MESSAGE_SPECS: Readonly<Record<MessageType, MessageSpec>> = { IRU, IRA, IDA, EUA, EPA, EDP, ERP, ETL, EUD, EVR, EIV, EPO, EPR, RCL };

export const MESSAGE_TYPES = Object.keys(MESSAGE_SPECS) as readonly MessageType[];

/**
 * Fields of every message. `Code` is the message's recall code, set by the sender (CEH) — the
 * broker's router client adds it, so it is optional here. `Message_Time_Long` is spelled
 * `Message_Time_long` by CEH and `Message_Time_Long` by QW: both accepted.
 */
export const COMMON_FIELDS: readonly FieldSpec[] = [
  m('Message_Type', 'text', { src: 'LEG,CEH,QW' }),
  o('Code', 'text', { src: 'CEH' }),
  o('Message_Time_Long', 'timeLong', { aliases: ['Message_Time_long'], src: 'CEH,QW' }),
];

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.hasOwn(MESSAGE_SPECS, value);
}

interface FieldTable {
  list: readonly FieldSpec[];
  /** By name and by every alias. */
  byName: ReadonlyMap<string, FieldSpec>;
}

// Built once at import: the validator looks fields up per message, never rebuilds tables.
const TABLES = new Map<MessageType, FieldTable>(
  MESSAGE_TYPES.map((type) => {
    const list = [...COMMON_FIELDS, ...MESSAGE_SPECS[type].fields];
    const byName = new Map<string, FieldSpec>();
    for (const f of list) {
      if (byName.has(f.name)) throw new Error(`tobacco catalogue: ${type}.${f.name} declared twice`);
      byName.set(f.name, f);
      for (const alias of f.aliases ?? []) byName.set(alias, f);
    }
    return [type, { list, byName }];
  }),
);

/** Common fields first, then the message's own (the order a message is written in). */
export function fieldsOf(type: MessageType): readonly FieldSpec[] {
  return (TABLES.get(type) as FieldTable).list;
}

/** The field a key of a message stands for (its own name or an alias), if any. */
export function fieldNamed(type: MessageType, key: string): FieldSpec | undefined {
  return (TABLES.get(type) as FieldTable).byName.get(key);
}

export type { Condition, FieldSpec, FieldType, LateWarningCode, MessageCategory, MessageSpec, MessageType, ParallelLists, Requirement } from './types.js';
export { UI_FIELDS, uisOf, type UiField, type UiLevel } from './ui-fields.js';
