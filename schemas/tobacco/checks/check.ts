// What every rule checker receives and returns: one concern per file, composed by validate.ts.
import type { MessageType } from '../catalogue/index.js';
import type { FieldSpec } from '../catalogue/types.js';
import type { CompiledValidationOptions } from '../options.js';
import type { Violation, Warning } from '../violation.js';

export interface CheckInput {
  type: MessageType;
  message: Readonly<Record<string, unknown>>;
  options: CompiledValidationOptions;
  /** When the message is being reported (for the 24-hour rule). */
  now: Date;
}

export type Finding = Violation | Warning;
export type Check = (input: CheckInput) => Finding[];

/** The key a field is present under in a message (its name or one of its aliases). */
export function keyOf(message: Readonly<Record<string, unknown>>, field: FieldSpec): string | undefined {
  if (Object.hasOwn(message, field.name)) return field.name;
  return field.aliases?.find((alias) => Object.hasOwn(message, alias));
}

export function valueOf(message: Readonly<Record<string, unknown>>, field: FieldSpec): unknown {
  const key = keyOf(message, field);
  return key === undefined ? undefined : message[key];
}

/** JSON null, a missing key and a blank string all mean "not given". */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
