// Felling sites submitted per client in a month, from TRACES receipts: the data centre's EUDR
// service is billed per felling site (cutting area) declared. A statement counts in the month
// it was submitted (submittedAt, UTC); a statement delivered twice (a redelivery, a replay)
// counts once, by its statement id. Only statements that became AVAILABLE have receipts.
import type { StatementReceipt } from './statement-request.js';

export interface ClientUsage {
  clientId: string;
  clientName: string;
  statements: number;
  affirmations: number;
  fellingSites: number;
  areaHa: number;
}

export const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function usageForMonth(receipts: Iterable<StatementReceipt>, month: string): ClientUsage[] {
  if (!MONTH.test(month)) throw new RangeError(`month ${JSON.stringify(month)} is not YYYY-MM`);
  const byStatement = new Map<string, StatementReceipt>();
  for (const r of receipts) if (r.submittedAt.slice(0, 7) === month) byStatement.set(r.id, r);
  const byClient = new Map<string, ClientUsage>();
  for (const r of byStatement.values()) {
    const u = byClient.get(r.client.id) ?? { clientId: r.client.id, clientName: r.client.name, statements: 0, affirmations: 0, fellingSites: 0, areaHa: 0 };
    u.clientName = r.client.name;
    u.statements++;
    u.affirmations += r.affirmations.length;
    u.fellingSites += r.fellingSites;
    u.areaHa = Math.round((u.areaHa + r.areaHa) * 10_000) / 10_000;
    byClient.set(r.client.id, u);
  }
  return [...byClient.values()].sort((a, b) => b.fellingSites - a.fellingSites || a.clientId.localeCompare(b.clientId));
}
