// What a stateful rule of the router sandbox sees, and the errors it answers with (the
// router's response shape: Error_Code, Error_Descr, Error_Data with '#'-joined UIs).
import type { TobaccoMessage } from '../../../schemas/tobacco/index.js';
import type { TobaccoSandboxOptions } from '../options.js';
import type { RouterStore } from '../store.js';

export interface RouterError {
  Error_Code: string;
  Error_Descr: string;
  Error_Data: string | null;
}

export interface RuleContext {
  store: RouterStore;
  message: TobaccoMessage;
  /** The message's recall Code (given by the sender or assigned here). */
  code: string;
  options: TobaccoSandboxOptions;
}

/** Extra fields of a 202 answer (the UIs an IRU/IRA request was given). */
export type Answer = Record<string, unknown>;

/** A rule either refuses the message (nothing it changed is kept) or accepts it. */
export type RuleOutcome = { errors: RouterError[] } | { answer: Answer };

export type MessageRule = (ctx: RuleContext) => RuleOutcome;

export function routerError(code: string, descr: string, data: string | readonly string[] | null = null): RouterError {
  return { Error_Code: code, Error_Descr: descr, Error_Data: data === null ? null : typeof data === 'string' ? data : data.join('#') };
}

export const accepted = (answer: Answer = {}): RuleOutcome => ({ answer });
export const refused = (errors: RouterError[]): RuleOutcome => ({ errors });

export function str(message: TobaccoMessage, field: string): string {
  const v = message[field];
  return typeof v === 'string' ? v : '';
}

export function list(message: TobaccoMessage, field: string): string[] {
  const v = message[field];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
