// The UI life cycle at the ID issuer: IRU/IRA issue UIs (answered synchronously here, with
// the UIs in the answer: a sandbox choice, the real issuer delivers them separately), EUA
// applies issued unit UIs to packets (upUI(s) → printed upUI(L)), IDA deactivates UIs.
import { randomBytes } from 'node:crypto';
import type { UiLevel } from '../../../schemas/tobacco/index.js';
import type { UiRow } from '../store.js';
import { accepted, list, refused, routerError, str, type MessageRule, type RuleContext } from './context.js';
import { resolveUis } from './resolve-uis.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function randomSerial(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

function issue(ctx: RuleContext, level: UiLevel): string[] {
  const { store, message, code, options } = ctx;
  const quantity = message.Req_Quantity as number;
  const out: string[] = [];
  const tag = level === 'unit' ? 'U' : 'A';
  while (out.length < quantity) {
    const ui = `${options.uis.prefix}${tag}${randomSerial(13)}`;
    const row: UiRow = {
      ui, level, eo_id: str(message, 'EO_ID'), issued_f_id: str(message, 'F_ID'), printed: null, applied: 0, f_id: null, in_transit: 0,
      dispatched_from: null, destination: null, dispatched_at: null, parent: null, disaggregated: 0, deactivated: 0, issued_by: code,
    };
    if (store.createUi(row, code)) out.push(ui);
  }
  return out;
}

function quantityError(ctx: RuleContext) {
  const q = ctx.message.Req_Quantity as number;
  return q > ctx.options.maxRequestQuantity ? [routerError('FAILED_VALIDATION', `Req_Quantity ${q} exceeds ${ctx.options.maxRequestQuantity} UIs per request`, 'Req_Quantity')] : [];
}

export const requestUnitUis: MessageRule = (ctx) => {
  const errors = quantityError(ctx);
  if (ctx.message.Process_Type === 1) {
    const mId = str(ctx.message, 'M_ID');
    const machine = ctx.store.machine(mId);
    if (machine === undefined || machine.f_id !== str(ctx.message, 'F_ID')) errors.push(routerError('FAILED_VALIDATION', `M_ID ${mId} is not a registered machine of F_ID ${str(ctx.message, 'F_ID')}`, mId));
  }
  return errors.length ? refused(errors) : accepted({ upUIs: issue(ctx, 'unit') });
};

export const requestAggregatedUis: MessageRule = (ctx) => {
  const errors = quantityError(ctx);
  return errors.length ? refused(errors) : accepted({ aUIs: issue(ctx, 'aggregated') });
};

export const applyUnitUis: MessageRule = (ctx) => {
  const { store, message, code } = ctx;
  const fId = str(message, 'F_ID');
  const eo = str(message, 'EO_ID');
  const printed = list(message, 'upUI_1');
  const { rows, errors } = resolveUis(ctx, [{ field: 'upUI_2', level: 'unit', uis: list(message, 'upUI_2') }]);
  if (errors.length) return refused(errors);
  const already = rows.filter((r) => r.applied).map((r) => r.ui);
  if (already.length) errors.push(routerError('UIS_APPLICATION_ERROR', 'upUI(s) already applied to a packet', already));
  const elsewhere = rows.filter((r) => r.issued_f_id !== fId || r.eo_id !== eo).map((r) => r.ui);
  if (elsewhere.length) errors.push(routerError('FID_MISMATCH', `upUI(s) were issued for another facility than ${fId}`, elsewhere));
  const taken = printed.filter((p) => store.uiExists(p));
  if (taken.length) errors.push(routerError('UIS_APPLICATION_ERROR', 'printed upUI(L) already in use', taken));
  if (errors.length) return refused(errors);
  rows.forEach((row, i) => store.updateUi(row, { printed: printed[i] ?? null, applied: 1, f_id: fId }, code));
  return accepted();
};

export const deactivateUis: MessageRule = (ctx) => {
  const { store, message, code } = ctx;
  const named = message.Deact_Type === 1 ? [{ field: 'Deact_upUI', level: 'unit' as const, uis: list(message, 'Deact_upUI') }] : [{ field: 'Deact_aUI', level: 'aggregated' as const, uis: list(message, 'Deact_aUI') }];
  const { rows, errors } = resolveUis(ctx, named);
  if (errors.length) return refused(errors);
  for (const row of rows) store.updateUi(row, { deactivated: 1 }, code);
  return accepted();
};
