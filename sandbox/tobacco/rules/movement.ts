// Where products are (Reg. 2018/574 Art. 32: dispatch, arrival, trans-loading, vending-van
// delivery). A dispatch takes UIs (and everything aggregated in them) out of their facility;
// only a dispatched UI can arrive (ARRIVAL_NOTALLOWED otherwise, also when the arrival's
// Event_Time is before the dispatch's) or be trans-loaded; a UI elsewhere than the reported
// facility is LOCATION_MISMATCH.
import { parseEventTime } from '../../../schemas/tobacco/index.js';
import type { UiRow } from '../store.js';
import { accepted, refused, routerError, str, type MessageRule, type RuleContext } from './context.js';
import { carriedUis, notApplied, resolveUis } from './resolve-uis.js';

/** Resolves upUIs/aUIs; every one must have been applied to a packet or case. */
function carried(ctx: RuleContext): { rows: UiRow[]; errors: ReturnType<typeof resolveUis>['errors'] } {
  const { rows, errors } = resolveUis(ctx, carriedUis(ctx));
  if (errors.length) return { rows, errors };
  const unapplied = notApplied(rows);
  if (unapplied.length) errors.push(routerError('UI_NOT_VALID', 'UI(s) not applied yet (no EUA/EPA)', unapplied));
  return { rows, errors };
}

/** Moves each UI and its contents, one remembered change per UI for a later recall. */
function move(ctx: RuleContext, rows: readonly UiRow[], patch: Partial<UiRow>): void {
  const done = new Set<string>();
  for (const row of rows) {
    for (const r of ctx.store.withContents(row)) {
      if (done.has(r.ui)) continue;
      done.add(r.ui);
      ctx.store.updateUi(r, patch, ctx.code);
    }
  }
}

export const dispatch: MessageRule = (ctx) => {
  const { rows, errors } = carried(ctx);
  if (errors.length) return refused(errors);
  const fId = str(ctx.message, 'F_ID');
  const inTransit = rows.filter((r) => r.in_transit).map((r) => r.ui);
  if (inTransit.length) errors.push(routerError('LOCATION_MISMATCH', 'UI(s) already dispatched and not arrived', inTransit));
  const elsewhere = rows.filter((r) => !r.in_transit && r.f_id !== fId).map((r) => r.ui);
  if (elsewhere.length) errors.push(routerError('LOCATION_MISMATCH', `UI(s) are not at the dispatch facility ${fId}`, elsewhere));
  if (errors.length) return refused(errors);
  const destination = ctx.message.Destination_ID1 === 2 ? str(ctx.message, 'Destination_ID2') : null;
  move(ctx, rows, { in_transit: 1, f_id: null, dispatched_from: fId, destination, dispatched_at: str(ctx.message, 'Event_Time') });
  return accepted();
};

export const transload: MessageRule = (ctx) => {
  const { rows, errors } = carried(ctx);
  if (errors.length) return refused(errors);
  const parked = rows.filter((r) => !r.in_transit).map((r) => r.ui);
  if (parked.length) return refused([routerError('LOCATION_MISMATCH', 'UI(s) are not in transit (no dispatch before the trans-loading)', parked)]);
  move(ctx, rows, { destination: ctx.message.Destination_ID1 === 1 ? str(ctx.message, 'Destination_ID2') : null });
  return accepted();
};

export const arrive: MessageRule = (ctx) => {
  const { rows, errors } = carried(ctx);
  if (errors.length) return refused(errors);
  const fId = str(ctx.message, 'F_ID');
  const arrivedAt = parseEventTime(str(ctx.message, 'Event_Time'))?.getTime() ?? 0;
  const notDispatched = rows.filter((r) => !r.in_transit).map((r) => r.ui);
  if (notDispatched.length) errors.push(routerError('ARRIVAL_NOTALLOWED', 'no dispatch recorded before this arrival', notDispatched));
  const early = rows.filter((r) => r.in_transit && r.dispatched_at !== null && (parseEventTime(r.dispatched_at)?.getTime() ?? 0) > arrivedAt).map((r) => r.ui);
  if (early.length) errors.push(routerError('ARRIVAL_NOTALLOWED', 'arrival Event_Time is before the dispatch Event_Time', early));
  // Sandbox choice: a dispatch to one named EU facility must arrive there, unless it is a return.
  if (ctx.message.Product_Return !== 1) {
    const wrongPlace = rows.filter((r) => r.in_transit && r.destination !== null && r.destination !== fId).map((r) => r.ui);
    if (wrongPlace.length) errors.push(routerError('LOCATION_MISMATCH', `UI(s) were dispatched to another facility than ${fId}`, wrongPlace));
  }
  if (errors.length) return refused(errors);
  move(ctx, rows, { in_transit: 0, f_id: fId, destination: null });
  return accepted();
};

export const deliverFromVan: MessageRule = (ctx) => {
  const { rows, errors } = carried(ctx);
  if (errors.length) return refused(errors);
  const parked = rows.filter((r) => !r.in_transit).map((r) => r.ui);
  if (parked.length) return refused([routerError('LOCATION_MISMATCH', 'UI(s) are not on a vending van (no dispatch before the delivery)', parked)]);
  move(ctx, rows, { in_transit: 0, f_id: str(ctx.message, 'F_ID'), destination: null });
  return accepted();
};
