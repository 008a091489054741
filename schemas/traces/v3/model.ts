// The V3 due diligence statement as data: one type per XSD type of the Commission's DDS V3
// schema (xsd4-due-diligence-statement-v3 and eudr/common/v3), with the XSD's field names,
// so that building, writing, reading and checking a statement all speak the same words.
// Source: EUDR Operator API Reference v1.0, §4.1.3–4.1.4.

export type OperatorRole = 'OPERATOR' | 'REPRESENTATIVE_OPERATOR';
export type ActivityType = 'DOMESTIC' | 'IMPORT' | 'EXPORT';
export type EudrStatus = 'SUBMITTED' | 'AVAILABLE' | 'REJECTED' | 'WITHDRAWN' | 'ARCHIVED' | 'SUSPENDED' | 'UPDATED' | 'GROUPED' | 'OBSOLETE';
export type VerifyResult = 'EXISTING_USABLE' | 'EXISTING_NON_USABLE' | 'NON_EXISTENT';
export type IdentifierType = 'eori' | 'vat' | 'gln' | 'tin' | 'cbr' | 'cin' | 'duns' | 'comp_num' | 'comp_reg' | 'oni';

export const ACTIVITY_TYPES: readonly ActivityType[] = ['DOMESTIC', 'IMPORT', 'EXPORT'];
export const OPERATOR_ROLES: readonly OperatorRole[] = ['OPERATOR', 'REPRESENTATIVE_OPERATOR'];
export const EUDR_STATUSES: readonly EudrStatus[] = ['SUBMITTED', 'AVAILABLE', 'REJECTED', 'WITHDRAWN', 'ARCHIVED', 'SUSPENDED', 'UPDATED', 'GROUPED', 'OBSOLETE'];
export const IDENTIFIER_TYPES: readonly IdentifierType[] = ['eori', 'vat', 'gln', 'tin', 'cbr', 'cin', 'duns', 'comp_num', 'comp_reg', 'oni'];

export interface Address {
  country: string;
  street: string;
  postalCode: string;
  city: string;
  fullAddress?: string;
}

export interface OperatorIdentifier {
  identifierType: IdentifierType;
  identifierValue: string;
}

/** EconomicOperatorIdentificationType: the represented operator of an authorised representative. */
export interface EconomicOperator {
  operatorReferenceNumber?: OperatorIdentifier[];
  operatorAddress?: Address;
  operatorEmail?: string;
  operatorPhone?: string;
  operatorName: string;
}

/**
 * GoodsMeasureType. Decimals are kept as strings on the wire side (XSD decimals, 6 fraction
 * digits at most) and as numbers here; writers format them.
 */
export interface GoodsMeasure {
  percentageEstimationOrDeviation?: number;
  /** kg */
  netWeight?: number;
  supplementaryUnit?: number;
  /** e.g. MTQ (m³) — Units of Measure guidance, Appendix I/II */
  supplementaryUnitQualifier?: string;
}

export interface CommercialDescription {
  descriptionOfGoods: string;
  goodsMeasure: GoodsMeasure;
}

export interface SpeciesInfo {
  scientificName?: string;
  commonName?: string;
}

export interface Producer {
  position?: number;
  country: string;
  name?: string;
  /** The GeoJSON text (UTF-8); written base64 in geometryGeojson. */
  geometryGeojson: string;
}

export interface Commodity {
  position?: number;
  descriptors: CommercialDescription;
  hsHeading: string;
  speciesInfo?: SpeciesInfo[];
  producers?: Producer[];
}

/** DueDiligenceStatementBaseType. */
export interface DueDiligenceStatement {
  internalReferenceNumber?: string;
  activityType: ActivityType;
  representedOperator?: EconomicOperator;
  countryOfActivity?: string;
  borderCrossCountry?: string;
  comment?: string;
  commodities: Commodity[];
  geoLocationConfidential: boolean;
  /** Reference numbers of earlier DDS/SD grouped by this one (GroupedDeclarationsType, one per wrapper). */
  groupedDeclarations?: string[];
}

/** OverviewType: what getDds / getDdsByInternalReference answer per statement. */
export interface DdsOverview {
  uuid: string;
  internalReferenceNumber: string;
  referenceNumber?: string;
  verificationNumber?: string;
  status: EudrStatus;
  rejectionReason?: string;
  communicationToOperator?: { date: string; content: string };
  date?: string;
  updatedBy?: string;
  version?: number;
}

export interface VerifyDeclarationAnswer {
  result: VerifyResult;
  status?: EudrStatus;
  dateTime: string;
}

/** XSD limits the builders and the sandbox both hold to (eudr/common/v3, dds/v3). */
export const LIMITS = {
  internalReferenceNumber: 50,
  referenceNumber: 14,
  verificationNumberMin: 5,
  verificationNumberMax: 35,
  descriptionOfGoods: 150,
  comment: 2000,
  commodities: 200,
  speciesInfo: 500,
  producers: 1000,
  producerName: 500,
  operatorName: 200,
  scientificName: 200,
  groupedDeclarations: 2000,
} as const;
