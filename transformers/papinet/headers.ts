// Headers a checked papiNet document carries on papinet.valid, beside the core edi-* ones
// (topics/headers.ts): what it is, its key, its affirmations and whether it already carries
// the EUDR statements' numbers, so routing and tracking need not parse the XML again.
import type { PapinetSummary } from './summary.js';
import { missingEudrReferences } from './summary.js';

export const PH = {
  /** DeliveryMessage | DeliveryInstruction | MeasuringTicket */
  document: 'edi-papinet-document',
  /** The type attribute (DeliveryMessage, ShipmentAdvice, …). */
  type: 'edi-papinet-type',
  /** Original | Replaced | Cancelled */
  status: 'edi-papinet-status',
  /** The business key (also the record key). */
  number: 'edi-papinet-number',
  /** Felling affirmation numbers, comma-separated, document order. */
  affirmations: 'edi-papinet-affirmations',
  /** none (names no affirmation) | missing | partial | complete */
  eudr: 'edi-papinet-eudr',
  /** The summary as JSON (without line-item detail when it would exceed SUMMARY_HEADER_MAX). */
  summary: 'edi-papinet-summary',
} as const;

export type EudrState = 'none' | 'missing' | 'partial' | 'complete';

/** Kafka headers are small by habit: a bigger summary keeps its totals and drops the line items. */
export const SUMMARY_HEADER_MAX = 32 * 1024;

export function eudrState(summary: PapinetSummary): EudrState {
  if (summary.fellingAffirmations.length === 0) return 'none';
  const missing = missingEudrReferences(summary).length;
  if (missing === 0) return 'complete';
  return missing === summary.fellingAffirmations.length ? 'missing' : 'partial';
}

export function papinetHeaders(summary: PapinetSummary): Record<string, string> {
  let json = JSON.stringify(summary);
  if (json.length > SUMMARY_HEADER_MAX) json = JSON.stringify({ ...summary, lineItems: [], lineItemsOmitted: summary.lineItems.length });
  return {
    [PH.document]: summary.document,
    [PH.type]: summary.type,
    [PH.status]: summary.status,
    [PH.number]: summary.number,
    [PH.affirmations]: summary.fellingAffirmations.join(','),
    [PH.eudr]: eudrState(summary),
    [PH.summary]: json,
  };
}
