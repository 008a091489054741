// Who a papiNet document is for and from, as plain headers beside the PH.* ones: routing
// tables of the outbound connectors (connectors/sdk/routing.ts) select a buyer's destination by
// `edi-receiver-id`, and the EUDR step finds the client's mandate by `edi-supplier-id`.
// A party's id is its VAT number when it has one (LV4000…), else its first PartyIdentifier.
import type { PapinetParty, PapinetSummary } from './summary.js';

export const PARTY_HEADERS = {
  /** The receiving party: the first ReceiverParty, else the BuyerParty. */
  receiver: 'edi-receiver-id',
  supplier: 'edi-supplier-id',
  buyer: 'edi-buyer-id',
} as const;

export function partyId(p: PapinetParty | undefined): string | undefined {
  if (p === undefined) return undefined;
  return p.vatNumber ?? p.identifiers[0]?.value;
}

/** The receiving party of a document: its first ReceiverParty, else its buyer. */
export function receivingParty(summary: PapinetSummary): PapinetParty | undefined {
  return summary.parties.receivers[0] ?? summary.parties.buyer;
}

export function partyHeaders(summary: PapinetSummary): Record<string, string> {
  const out: Record<string, string> = {};
  const receiver = partyId(receivingParty(summary));
  const supplier = partyId(summary.parties.supplier);
  const buyer = partyId(summary.parties.buyer);
  if (receiver !== undefined) out[PARTY_HEADERS.receiver] = receiver;
  if (supplier !== undefined) out[PARTY_HEADERS.supplier] = supplier;
  if (buyer !== undefined) out[PARTY_HEADERS.buyer] = buyer;
  return out;
}
