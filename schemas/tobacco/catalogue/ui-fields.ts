// Which fields of each message carry UIs, at which level (unit packet upUI / aggregated aUI),
// and which of them describe one set of packets, so that the same UI twice in one message is
// caught across fields too (MULTIPLE_UID, CEH ValidationManager.VAL_UI_MULT_MSG).
import type { MessageType } from './types.js';

export type UiLevel = 'unit' | 'aggregated';

export interface UiField {
  field: string;
  level: UiLevel;
  /** Fields of one group must not share a UI. EUA's two lists are two spellings of one set. */
  group: string;
}

const carried: readonly UiField[] = [
  { field: 'upUIs', level: 'unit', group: 'uis' },
  { field: 'aUIs', level: 'aggregated', group: 'uis' },
];

export const UI_FIELDS: Readonly<Record<MessageType, readonly UiField[]>> = {
  IRU: [],
  IRA: [],
  IDA: [
    { field: 'Deact_upUI', level: 'unit', group: 'uis' },
    { field: 'Deact_aUI', level: 'aggregated', group: 'uis' },
  ],
  EUA: [
    { field: 'upUI_1', level: 'unit', group: 'printed' },
    { field: 'upUI_2', level: 'unit', group: 'issued' },
  ],
  EPA: [
    { field: 'aUI', level: 'aggregated', group: 'uis' },
    { field: 'Aggregated_UIs1', level: 'unit', group: 'uis' },
    { field: 'Aggregated_UIs2', level: 'aggregated', group: 'uis' },
  ],
  EDP: carried,
  ERP: carried,
  ETL: carried,
  EUD: [{ field: 'aUI', level: 'aggregated', group: 'uis' }],
  EVR: carried,
  EIV: carried,
  EPO: carried,
  EPR: carried,
  RCL: [],
};

/** The UIs a message names, field by field (a single-UI field gives a one-element list). */
export function uisOf(type: MessageType, message: Readonly<Record<string, unknown>>): Array<UiField & { uis: string[] }> {
  const out: Array<UiField & { uis: string[] }> = [];
  for (const f of UI_FIELDS[type]) {
    const v = message[f.field];
    const uis = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
    if (uis.length > 0) out.push({ ...f, uis });
  }
  return out;
}
