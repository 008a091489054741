// Aggregation (EPA): an issued aUI is applied to a case holding UIs that are at the facility
// and in no other case (MULTIPLE_AGGREGATION). Disaggregation (EUD) opens the case again
// (UI_ALREADY_DISAGGREGATED when there is nothing left to open).
import { accepted, list, refused, routerError, str, type MessageRule } from './context.js';
import { notApplied, resolveUis } from './resolve-uis.js';

export const aggregate: MessageRule = (ctx) => {
  const { store, message, code } = ctx;
  const fId = str(message, 'F_ID');
  const outer = resolveUis(ctx, [{ field: 'aUI', level: 'aggregated', uis: [str(message, 'aUI')] }]);
  const inner = resolveUis(ctx, [
    { field: 'Aggregated_UIs1', level: 'unit', uis: list(message, 'Aggregated_UIs1') },
    { field: 'Aggregated_UIs2', level: 'aggregated', uis: list(message, 'Aggregated_UIs2') },
  ]);
  const errors = [...outer.errors, ...inner.errors];
  if (errors.length) return refused(errors);
  const aUi = outer.rows[0]!;
  if (aUi.applied) errors.push(routerError('MULTIPLE_AGGREGATION', 'aUI already applied to another aggregation', aUi.ui));
  else if (aUi.eo_id !== str(message, 'EO_ID') || aUi.issued_f_id !== fId) errors.push(routerError('FID_MISMATCH', `aUI was issued for another facility than ${fId}`, aUi.ui));
  const unapplied = notApplied(inner.rows);
  if (unapplied.length) errors.push(routerError('UI_NOT_VALID', 'UI(s) not applied yet (no EUA/EPA)', unapplied));
  const inCase = inner.rows.filter((r) => r.parent !== null).map((r) => r.ui);
  if (inCase.length) errors.push(routerError('MULTIPLE_AGGREGATION', 'UI(s) already aggregated in another aUI', inCase));
  const away = inner.rows.filter((r) => r.applied && (r.in_transit || r.f_id !== fId)).map((r) => r.ui);
  if (away.length) errors.push(routerError('LOCATION_MISMATCH', `UI(s) are not at facility ${fId}`, away));
  if (errors.length) return refused(errors);
  store.updateUi(aUi, { applied: 1, f_id: fId, disaggregated: 0 }, code);
  for (const row of inner.rows) store.updateUi(row, { parent: aUi.ui }, code);
  return accepted();
};

export const disaggregate: MessageRule = (ctx) => {
  const { store, message, code } = ctx;
  const fId = str(message, 'F_ID');
  const { rows, errors } = resolveUis(ctx, [{ field: 'aUI', level: 'aggregated', uis: [str(message, 'aUI')] }]);
  if (errors.length) return refused(errors);
  const aUi = rows[0]!;
  const contents = store.children(aUi.ui);
  if (!aUi.applied || aUi.disaggregated || contents.length === 0) return refused([routerError('UI_ALREADY_DISAGGREGATED', 'aUI holds no aggregated UIs', aUi.ui)]);
  if (aUi.in_transit || aUi.f_id !== fId) return refused([routerError('LOCATION_MISMATCH', `aUI is not at facility ${fId}`, aUi.ui)]);
  store.updateUi(aUi, { disaggregated: 1 }, code);
  for (const row of contents) store.updateUi(row, { parent: null }, code);
  return accepted();
};
