// Invoice, order number, payment (Annex II 4-1 … 4-3): the UIs they name must exist and be
// active; nothing about the products moves. Each UI remembers the message, so a recall of an
// earlier transactional message about it is RECALL_NOT_LAST_EVENT.
import { accepted, refused, type MessageRule } from './context.js';
import { carriedUis, resolveUis } from './resolve-uis.js';

export const transaction: MessageRule = (ctx) => {
  const { rows, errors } = resolveUis(ctx, carriedUis(ctx));
  if (errors.length) return refused(errors);
  for (const row of rows) ctx.store.noteTransaction(row.ui, ctx.code);
  return accepted();
};
