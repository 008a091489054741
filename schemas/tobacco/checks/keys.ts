// Keys the catalogue does not know (a misspelt optional field would otherwise be lost
// silently), and one field given under two spellings (Message_Time_Long / Message_Time_long).
import { fieldNamed, fieldsOf } from '../catalogue/index.js';
import { violation, warning } from '../violation.js';
import type { Check, Finding } from './check.js';

export const checkKeys: Check = ({ type, message, options }) => {
  const out: Finding[] = [];
  if (options.unknownFields !== 'ignore') {
    for (const key of Object.keys(message)) {
      if (fieldNamed(type, key) !== undefined) continue;
      const text = `not a field of ${type} in the data dictionary`;
      out.push(options.unknownFields === 'error' ? violation('FAILED_VALIDATION', 'unknown-field', key, text, message[key]) : warning('UNKNOWN_FIELD', 'unknown-field', key, text, message[key]));
    }
  }
  for (const field of fieldsOf(type)) {
    const spellings = [field.name, ...(field.aliases ?? [])].filter((k) => Object.hasOwn(message, k));
    if (spellings.length > 1) {
      out.push(violation('FAILED_VALIDATION', 'spelled-twice', spellings[1] as string, `the same field as ${spellings[0]}; give it once`, message[spellings[1] as string]));
    }
  }
  return out;
};
