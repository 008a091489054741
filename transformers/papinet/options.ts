// Choices where papiNet is silent (schemas/papinet/README.md), compiled once.
import { DEFAULT_MAX_XML_BYTES } from '../../schemas/xml/parse.js';

/**
 * How the EUDR numbers are written into SafetyAndEnvironmentalInformation when we add them:
 * - references: SafetyAndEnvironmentalReference / ReferenceIdentifier / SubReference, the XML
 *   form of papiNet-API's references[] (default; validates against the project's XSD);
 * - additional-text: two typed AdditionalText lines, for receivers validating against an
 *   official V2R40 bundle that has no reference child there.
 * Reading always accepts both.
 */
export type EudrEncoding = 'references' | 'additional-text';

export interface FellingAffirmationOptions {
  /** @…ReferenceType of the line-item reference carrying the affirmation number. */
  referenceType?: string;
  /** Its @AssignedBy; null accepts any. */
  assignedBy?: string | null;
  /** @PartyIdentifierType of the LoggingArea party's identifier holding the number. */
  partyIdentifierType?: string;
}

export interface PapinetOptions {
  fellingAffirmation?: FellingAffirmationOptions;
  eudrEncoding?: EudrEncoding;
  /** Documents above this size are refused before parsing. */
  maxBytes?: number;
  /** Topic the valid documents go to. */
  validTopic?: string;
}

export interface CompiledPapinetOptions {
  readonly compiled: true;
  readonly fellingAffirmation: Readonly<{ referenceType: string; assignedBy: string | null; partyIdentifierType: string }>;
  readonly eudrEncoding: EudrEncoding;
  readonly maxBytes: number;
  readonly validTopic: string;
}

export const DEFAULT_PAPINET_OPTIONS: CompiledPapinetOptions = compilePapinetOptions({});

export function compilePapinetOptions(options: PapinetOptions | CompiledPapinetOptions): CompiledPapinetOptions {
  if ('compiled' in options) return options;
  const fa = options.fellingAffirmation ?? {};
  return {
    compiled: true,
    fellingAffirmation: {
      // papiNet ReferenceType has no felling-permit code; the origin of the product is what the affirmation identifies.
      referenceType: fa.referenceType ?? 'ProductOriginIdentifier',
      assignedBy: fa.assignedBy === undefined ? 'LoggingArea' : fa.assignedBy,
      // VMD is not in papiNet's Agency list: the number is "assigned by an agency" (Agency="Other").
      partyIdentifierType: fa.partyIdentifierType ?? 'AssignedByAgency',
    },
    eudrEncoding: options.eudrEncoding ?? 'references',
    maxBytes: options.maxBytes ?? DEFAULT_MAX_XML_BYTES,
    validTopic: options.validTopic ?? 'papinet.valid',
  };
}
