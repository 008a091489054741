// Mandatory and conditional fields (Reg. 2018/574 Annex II: M / C): a missing one is
// REQUIRED_FIELD_FAILED_VALIDATION, as the router answers. A required list must not be empty
// (UI_Type 1 with an empty upUIs names no packet at all).
import { fieldsOf } from '../catalogue/index.js';
import type { FieldSpec } from '../catalogue/types.js';
import { violation } from '../violation.js';
import { isAbsent, valueOf, type Check, type Finding } from './check.js';

/** Why a field is required in this message, or undefined when it is not. */
function requiredBecause(field: FieldSpec, message: Readonly<Record<string, unknown>>, specs: readonly FieldSpec[]): string | undefined {
  if (field.req === 'M') return 'required';
  if (field.req === 'O') return undefined;
  const cond = field.req;
  const controller = specs.find((f) => f.name === cond.field);
  const v = controller === undefined ? message[cond.field] : valueOf(message, controller);
  // A controlling value of the wrong type is reported by the type check, not guessed at here.
  if (typeof v !== 'number' || !cond.in.includes(v)) return undefined;
  return `required when ${cond.field} = ${v}`;
}

export const checkPresence: Check = ({ type, message }) => {
  const out: Finding[] = [];
  const specs = fieldsOf(type);
  for (const field of specs) {
    const because = requiredBecause(field, message, specs);
    if (because === undefined) continue;
    const value = valueOf(message, field);
    const rule = field.req === 'M' ? 'required' : 'required-if';
    if (isAbsent(value)) {
      out.push(violation('REQUIRED_FIELD_FAILED_VALIDATION', rule, field.name, because, value));
    } else if (field.list && Array.isArray(value) && value.length === 0) {
      out.push(violation('REQUIRED_FIELD_FAILED_VALIDATION', 'not-empty', field.name, `${because}, and must not be empty`, value));
    }
  }
  return out;
};
