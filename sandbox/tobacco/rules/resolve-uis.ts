// Every UI a message names must exist (UI_NOT_EXIST), be of the level the field says
// (UI_NOT_VALID: a unit packet's UI in aUIs) and not be deactivated (UI_DEACTIVATED).
// A unit UI may be named by its issued form or by its printed upUI(L) from EUA.
import type { UiLevel } from '../../../schemas/tobacco/index.js';
import type { UiRow } from '../store.js';
import { routerError, type RouterError, type RuleContext } from './context.js';

export interface NamedUis {
  field: string;
  level: UiLevel;
  uis: readonly string[];
}

export function resolveUis(ctx: RuleContext, named: readonly NamedUis[], opts: { allowDeactivated?: boolean } = {}): { rows: UiRow[]; errors: RouterError[] } {
  const rows: UiRow[] = [];
  const missing: string[] = [];
  const wrongLevel: string[] = [];
  const deactivated: string[] = [];
  for (const n of named) {
    for (const code of n.uis) {
      const row = ctx.store.findUi(code);
      if (row === undefined) missing.push(code);
      else if (row.level !== n.level) wrongLevel.push(code);
      else if (row.deactivated && !opts.allowDeactivated) deactivated.push(code);
      else rows.push(row);
    }
  }
  const errors: RouterError[] = [];
  if (missing.length) errors.push(routerError('UI_NOT_EXIST', 'UI(s) not known to the repository', missing));
  if (wrongLevel.length) errors.push(routerError('UI_NOT_VALID', 'UI(s) of the other level (unit packet vs aggregated) for this field', wrongLevel));
  if (deactivated.length) errors.push(routerError('UI_DEACTIVATED', 'UI(s) deactivated', deactivated));
  return { rows, errors };
}

/** UI lists of an event with UI_Type: upUIs (unit) and aUIs (aggregated). */
export function carriedUis(ctx: RuleContext): NamedUis[] {
  const m = ctx.message;
  const pick = (field: string): string[] => (Array.isArray(m[field]) ? (m[field] as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  return [
    { field: 'upUIs', level: 'unit', uis: pick('upUIs') },
    { field: 'aUIs', level: 'aggregated', uis: pick('aUIs') },
  ];
}

export function notApplied(rows: readonly UiRow[]): string[] {
  return rows.filter((r) => !r.applied).map((r) => r.ui);
}
