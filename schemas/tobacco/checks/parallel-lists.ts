// Lists that describe the same items position by position must have the same length:
// EUA upUI_1/upUI_2 (printed and issued form of each packet's UI), EIV Product_Items_1/2 and
// Product_Price (per item TP_ID, count, unit price). Source: CEH.
import { MESSAGE_SPECS } from '../catalogue/index.js';
import { violation } from '../violation.js';
import type { Check, Finding } from './check.js';

export const checkParallelLists: Check = ({ type, message }) => {
  const out: Finding[] = [];
  for (const group of MESSAGE_SPECS[type].parallelLists ?? []) {
    const lists = group.fields.map((f) => [f, message[f]] as const).filter(([, v]) => Array.isArray(v)) as Array<readonly [string, unknown[]]>;
    if (lists.length < 2) continue;
    const [first] = lists as [readonly [string, unknown[]]];
    for (const [field, list] of lists.slice(1)) {
      if (list.length !== first[1].length) {
        out.push(violation('FAILED_VALIDATION', 'parallel-lists', field, `must have as many entries as ${first[0]} (${first[1].length}), has ${list.length}`, list.length));
      }
    }
  }
  return out;
};
