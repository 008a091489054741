// The same UI twice in one message is refused by the repository with MULTIPLE_UID, Error_Data
// the '#'-joined duplicates (CEH ValidationManager.VAL_UI_MULT_MSG): caught before sending.
import { UI_FIELDS } from '../catalogue/index.js';
import { violation } from '../violation.js';
import type { Check, Finding } from './check.js';

export const checkUniqueUis: Check = ({ type, message }) => {
  const out: Finding[] = [];
  const groups = new Map<string, string[]>();
  for (const f of UI_FIELDS[type]) groups.set(f.group, [...(groups.get(f.group) ?? []), f.field]);
  for (const fields of groups.values()) {
    const seen = new Set<string>();
    const duplicates: string[] = [];
    let firstPath: string | undefined;
    for (const field of fields) {
      const v = message[field];
      const items = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
      items.forEach((ui, i) => {
        if (typeof ui !== 'string') return;
        if (seen.has(ui)) {
          if (!duplicates.includes(ui)) duplicates.push(ui);
          firstPath ??= Array.isArray(v) ? `${field}[${i}]` : field;
        } else {
          seen.add(ui);
        }
      });
    }
    if (duplicates.length > 0) {
      const text = `the same UI more than once in one message (${fields.join(', ')})`;
      out.push(violation('MULTIPLE_UID', 'unique-ui', firstPath ?? '', text, duplicates.length === 1 ? duplicates[0] : duplicates, duplicates.join('#')));
    }
  }
  return out;
};
