// What the broker knows about a papiNet document once it has checked it: plain JSON, for
// headers, the tracking index and the EUDR flow (which affirmations, which statements).
import type { PapinetDocumentKind } from '../../schemas/papinet/index.js';
import type { EudrEncoding } from './options.js';

export type PapinetStatus = 'Original' | 'Replaced' | 'Cancelled';

export interface PapinetIdentifier {
  type: string;
  agency?: string;
  value: string;
}

export interface PapinetParty {
  /** Element name without "Party" (Buyer, Supplier, Sender, Receiver, Other, ShipTo, Carrier, Location, BillTo). */
  role: string;
  /** @PartyType where given (Carrier, LoggingArea, Measurer, Mill, …). */
  partyType?: string;
  name?: string;
  identifiers: PapinetIdentifier[];
  /** First PartyIdentifier of type VATIdentificationNumber (LV4000…). */
  vatNumber?: string;
  country?: string;
}

export interface PapinetQuantity {
  element: 'Quantity' | 'InformationalQuantity';
  type: string;
  context?: string;
  measuringAgency?: string;
  value: number;
  uom: string;
}

/** A due diligence statement's numbers as a line item carries them. */
export interface EudrReference {
  referenceNumber: string;
  verificationNumber?: string;
  encoding: EudrEncoding;
}

export interface LoggingArea {
  /** The felling affirmation number the area is identified by. */
  affirmation: string;
  name?: string;
  county?: string;
  latitude?: number;
  longitude?: number;
}

export interface PapinetLineItem {
  /** Element path, the same form as schema violations carry. */
  path: string;
  /** Line item number; with the sequence number first for DeliveryInstruction and MeasuringTicket ("1/2"). */
  number: string;
  fellingAffirmations: string[];
  loggingAreas: LoggingArea[];
  /** papiNet SpeciesType values (ScotsPine, NorwaySpruce, Birch, …). */
  species: string[];
  product: { identifiers: PapinetIdentifier[]; description?: string; classification?: string };
  quantities: PapinetQuantity[];
  /** Solid volume in m³ (SolidWoodVolume, else ActualVolume or Volume, in CubicMeter). */
  volumeM3?: number;
  eudr: EudrReference[];
}

export interface PapinetSummary {
  document: PapinetDocumentKind;
  root: string;
  namespace: string;
  schema: 'project' | 'official';
  /** @DeliveryMessageType / @DeliveryInstructionType / @MeasuringTicketType. */
  type: string;
  status: PapinetStatus;
  context?: string;
  /** The business key. */
  number: string;
  /** YYYY-MM-DD, with THH:MM:SS when the document gives a time. */
  date?: string;
  parties: {
    buyer?: PapinetParty;
    supplier?: PapinetParty;
    sender?: PapinetParty;
    receivers: PapinetParty[];
    others: PapinetParty[];
  };
  lineItems: PapinetLineItem[];
  /** Distinct, in document order. */
  fellingAffirmations: string[];
  species: string[];
  /** Sum of the line items' solid volumes, m³, 3 decimals. */
  totalVolumeM3: number;
  /** Distinct statements named, with the affirmations and line items they cover. */
  eudrReferences: Array<EudrReference & { affirmations: string[]; lineItems: string[] }>;
}

export interface MissingEudrReference {
  affirmation: string;
  /** Line item numbers naming the affirmation without a statement's numbers. */
  lineItems: string[];
}

/** Affirmations named by some line item that carries no EUDR reference for it. */
export function missingEudrReferences(summary: PapinetSummary): MissingEudrReference[] {
  const missing = new Map<string, string[]>();
  for (const item of summary.lineItems) {
    if (item.eudr.length > 0) continue;
    for (const a of item.fellingAffirmations) {
      const items = missing.get(a);
      if (items === undefined) missing.set(a, [item.number]);
      else items.push(item.number);
    }
  }
  return [...missing].map(([affirmation, lineItems]) => ({ affirmation, lineItems }));
}
