// GET /_sandbox/ledger: every message the sandbox accepted, once, in order, with its answer
// and whether it was recalled. Filters: Message_Type, EO_ID, Code, after (seq), limit.
import type { RouterStore } from './store.js';

const MAX_LIMIT = 100_000;

export function ledgerView(store: RouterStore, query: Record<string, string>): Record<string, unknown> {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number.parseInt(query.limit ?? '', 10) || 10_000));
  const after = query.after === undefined ? undefined : Number.parseInt(query.after, 10);
  const rows = store.ledger({
    limit,
    ...(query.Message_Type ? { messageType: query.Message_Type } : {}),
    ...(query.EO_ID ? { eoId: query.EO_ID } : {}),
    ...(query.Code ? { code: query.Code } : {}),
    ...(after !== undefined && Number.isFinite(after) ? { after } : {}),
  });
  return {
    count: rows.length,
    messages: rows.map((r) => ({
      seq: r.seq,
      Code: r.code,
      Message_Type: r.message_type,
      EO_ID: r.eo_id,
      status: r.status,
      receivedAt: r.received_at,
      recalledBy: r.recalled_by,
      checksum: r.md5,
      message: JSON.parse(r.body) as unknown,
      response: JSON.parse(r.response) as unknown,
    })),
  };
}
