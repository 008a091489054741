// Recall (RCL, Annex II 5): the Code must be one this operator had accepted and not yet
// recalled (CODE_NOT_EXIST), and the recalled message must be the last event of each UI it
// touched (RECALL_NOT_LAST_EVENT, Error_Data the UIs with later events). A recall undoes what
// the message did (the UIs return to their state before it). Sandbox choice: logistic/UI
// events and transactional events are separate histories, so an invoice after a dispatch does
// not block recalling the dispatch, but an arrival does.
import { accepted, refused, routerError, str, type MessageRule } from './context.js';

export const recall: MessageRule = (ctx) => {
  const { store, message, code } = ctx;
  const target = str(message, 'Recall_CODE');
  const row = store.message(target);
  if (row === undefined || row.eo_id !== str(message, 'EO_ID') || row.message_type === 'RCL') {
    return refused([routerError('CODE_NOT_EXIST', 'no message of this EO_ID with this Code', target)]);
  }
  if (row.recalled_by !== null) return refused([routerError('CODE_NOT_EXIST', `message already recalled by ${row.recalled_by}`, target)]);
  const events = store.eventsOf(target);
  const blocked = [...new Set(events.filter((e) => store.laterEvent(e.ui, e.seq, e.kind, target) !== undefined).map((e) => e.ui))];
  if (blocked.length) return refused([routerError('RECALL_NOT_LAST_EVENT', 'later events exist for UI(s) of the recalled message', blocked)]);
  for (const e of [...events].reverse()) if (e.kind === 'state') store.restoreUi(e.ui, e.before);
  store.markRecalled(target, code);
  return accepted();
};
