// GET /_sandbox/ledger: every statement the sandbox accepted — uuid, internal reference,
// status, numbers, who submitted it for whom, its commodities and how many producers.
import type { DueDiligenceStatement } from '../../schemas/traces/v3/model.js';
import type { StatementRow, TracesStore } from './store.js';

export function ledgerEntry(r: StatementRow): Record<string, unknown> {
  const s = JSON.parse(r.statement_json) as DueDiligenceStatement;
  return {
    uuid: r.uuid,
    internalReferenceNumber: r.internal_reference,
    status: r.status,
    referenceNumber: r.status === 'SUBMITTED' ? null : r.reference_number,
    verificationNumber: r.status === 'SUBMITTED' ? null : r.verification_number,
    rejectionReason: r.rejection_reason,
    activityType: r.activity,
    operator: { username: r.username, name: r.operator_name, role: r.role, onBehalfOf: r.role === 'REPRESENTATIVE_OPERATOR' ? r.declarant_name : null },
    commodities: s.commodities.map((k) => ({
      hsHeading: k.hsHeading,
      descriptionOfGoods: k.descriptors.descriptionOfGoods,
      ...k.descriptors.goodsMeasure,
      species: (k.speciesInfo ?? []).map((x) => x.scientificName ?? ''),
      producers: (k.producers ?? []).length,
    })),
    producers: s.commodities.reduce((n, k) => n + (k.producers ?? []).length, 0),
    groupedDeclarations: s.groupedDeclarations ?? [],
    groupedBy: r.grouped_by,
    version: r.version,
    submittedAt: new Date(r.submitted_at).toISOString(),
    availableAt: new Date(r.available_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export function ledgerView(store: TracesStore, query: Record<string, string>): { statements: Array<Record<string, unknown>> } {
  const limit = Math.min(Number(query.limit ?? 1000) || 1000, 10_000);
  const rows = store
    .all(10_000)
    .filter((r) => (query.status === undefined || r.status === query.status) && (query.internalReference === undefined || r.internal_reference === query.internalReference) && (query.username === undefined || r.username === query.username))
    .slice(0, limit);
  return { statements: rows.map(ledgerEntry) };
}
