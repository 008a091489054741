// The shape in which the message catalogue is written: data, not code. Each field names its
// data type (Reg. 2018/574 Annex II Chapter II), whether it is mandatory, optional or
// conditional, its enumeration and the sources that support it.
import type { EnumName } from '../enums.js';

/** Codes used in the JSON sent to the router (Annex II numbers them 2-1 … 5). */
export type MessageType = 'IRU' | 'IRA' | 'IDA' | 'EUA' | 'EPA' | 'EDP' | 'ERP' | 'ETL' | 'EUD' | 'EVR' | 'EIV' | 'EPO' | 'EPR' | 'RCL';

export type MessageCategory = 'ui-request' | 'operational' | 'transactional' | 'recall';

/**
 * Annex II data types. `ui` is a unique identifier (≤ 50 characters); `tpId` the EU-CEG
 * product id nnnnn-nn-nnnnn; `boolean` is sent as 0/1.
 */
export type FieldType = 'text' | 'integer' | 'decimal' | 'boolean' | 'time' | 'timeLong' | 'date' | 'country' | 'currency' | 'ui' | 'tpId';

/** "C:<field>=<values>": the field is required when <field> holds one of <values>. */
export interface Condition {
  field: string;
  in: readonly number[];
}

export type Requirement = 'M' | 'O' | Condition;

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** A JSON array of `type`; a required list must not be empty. */
  list?: boolean;
  req: Requirement;
  enum?: EnumName;
  /** Smallest allowed value of an integer or decimal. */
  min?: number;
  /** Other spellings seen in the sources, accepted as the same field. */
  aliases?: readonly string[];
  /** Which sources support the field (see the reference catalogue's legend). */
  src?: string;
}

/** Two or more lists that describe the same items in the same order (same length). */
export interface ParallelLists {
  fields: readonly string[];
  src: string;
}

/** Warning code the repository answers with HTTP 299 when an event is reported late. */
export type LateWarningCode = 'OPERATION_WITHIN_24_HOURS' | 'SHIPMENT_WITHIN_24_HOURS';

export interface MessageSpec {
  type: MessageType;
  /** Annex II number, e.g. "3-3". */
  annex: string;
  name: string;
  category: MessageCategory;
  src: string;
  fields: readonly FieldSpec[];
  parallelLists?: readonly ParallelLists[];
  /** Reported more than 24 h after Event_Time → HTTP 299 with this warning. */
  lateWarning?: LateWarningCode;
}

// Small constructors keep the tables readable: m = mandatory, o = optional, c = conditional.
type Extra = Omit<FieldSpec, 'name' | 'type' | 'req'>;
export const m = (name: string, type: FieldType, extra: Extra = {}): FieldSpec => ({ name, type, req: 'M', ...extra });
export const o = (name: string, type: FieldType, extra: Extra = {}): FieldSpec => ({ name, type, req: 'O', ...extra });
export const c = (name: string, type: FieldType, when: string, values: readonly number[], extra: Extra = {}): FieldSpec => ({
  name,
  type,
  req: { field: when, in: values },
  ...extra,
});

/** The UI lists every UI-carrying event shares: UI_Type 1 → upUIs, 2 → aUIs, 3 → both. */
export const uiListFields = (uiTypeReq: Requirement = 'M'): FieldSpec[] => [
  { name: 'UI_Type', type: 'integer', req: uiTypeReq, enum: 'UI_Type', src: 'LEG,CEH' },
  c('upUIs', 'ui', 'UI_Type', [1, 3], { list: true, src: 'LEG,CEH' }),
  c('aUIs', 'ui', 'UI_Type', [2, 3], { list: true, src: 'LEG,CEH' }),
];
