// The error IDs TRACES puts in Error/ID of a BusinessRulesValidationException,
// PermissionDeniedException or NotFoundException fault. The documents write them with
// underscores; real faults write them with hyphens (EUDR-WEBSERVICE-USER-ACTIVITY-NOT-ALLOWED):
// both are accepted and compared in the underscore form.
// Sources: CF4 v1.3/v1.4 "Error Code" tables (submission), CF5 v1.4 (amend), CF6 v1.4
// (withdraw/retract), CF7 v1.4 and the V3 Operator API Reference §6.1.6 (retrieval).

export const TRACES_ERROR_CODES = {
  // --- user, role, operator (CF4) ---
  EUDR_WEBSERVICE_USER_NOT_EUDR_OPERATOR: 'The user is not registered in the EUDR domain as operator.',
  EUDR_WEBSERVICE_USER_FROM_MANY_OPERATOR: 'The user belongs to more than one operator.',
  EUDR_WEBSERVICE_USER_ACTIVITY_NOT_ALLOWED: 'The user is requesting to use an EUDR role that is not valid for the operator profile.',
  EUDR_OPERATOR_EORI_FOR_ACTIVITY_MISSING: 'The operator must have an EU EORI if the activity is IMPORT or EXPORT.',
  EUDR_BEHALF_OPERATOR_NOT_PROVIDED: 'For authorised representative role only: the represented operator must be provided.',
  EUDR_BEHALF_OPERATOR_CITY_POSTALCODE_EMPTY_OR_INVALID: 'The city and postal code of the represented operator must be provided and valid.',
  EUDR_ACTIVITY_TYPE_NOT_COMPATIBLE: 'The selected activity is not allowed for the operator.',
  EUDR_ACTIVITY_TYPE_NOT_ALLOWED_FOR_NON_EU_OPERATOR: 'Non-EU operators must select Import activity.',
  // --- commodities and quantities (CF4 v1.4; Units of Measure guidance) ---
  EUDR_COMMODITIES_HS_CODE_INVALID: 'The HS code of a commodity is invalid.',
  EUDR_COMMODITIES_DESCRIPTOR_NET_MASS_EMPTY: 'Net mass is mandatory for IMPORT or EXPORT activity.',
  EUDR_COMMODITIES_DESCRIPTOR_QUANTITY_MISSING: 'At least one unit of measure quantity must be provided.',
  EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_NOT_ALLOWED: 'Invalid unit of measure combination.',
  EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_QUALIFIER_INVALID: 'Invalid supplementary unit type.',
  EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_QUALIFIER_NOT_COMPATIBLE: 'Supplementary unit type not applicable.',
  EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_MISSING: 'Net mass percentage estimate or deviation is mandatory for domestic activity.',
  EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_NOT_ALLOWED: 'Percentage estimate or deviation not allowed for import/export.',
  EUDR_COMMODITIES_DESCRIPTOR_PERCENTAGE_ESTIMATION_INVALID: 'Percentage estimate or deviation out of range.',
  EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_MISSING: 'Supplementary unit value required for supplementary unit type.',
  EUDR_COMMODITIES_DESCRIPTOR_SUPPLEMENTARY_UNIT_QUALIFIER_MISSING: 'Supplementary unit type required for supplementary unit value.',
  EUDR_COMMODITIES_SPECIES_INFORMATION_COMMON_NAME_EMPTY: 'The common name is mandatory if the commodity contains Annex I wood (timber) products.',
  EUDR_COMMODITIES_SPECIES_INFORMATION_SCIENTIFIC_NAME_EMPTY: 'The scientific name is mandatory if the commodity contains Annex I wood (timber) products.',
  // --- producers and geolocation (CF4; GeoJSON file description) ---
  EUDR_COMMODITITY_PRODUCER_COUNTRY_CODE_INVALID: 'The ISO 2 country code provided for the producer is invalid.',
  EUDR_COMMODITIES_PRODUCER_GEO_EMPTY: 'No geolocation was provided and there is no referenced DDS.',
  EUDR_COMMODITIES_PRODUCER_GEO_INVALID: 'An invalid GeoJSON file was provided for geolocation.',
  EUDR_COMMODITIES_PRODUCER_GEO_LATITUDE_INVALID: 'Latitude of points or vertices must be between -90 and +90.',
  EUDR_COMMODITIES_PRODUCER_GEO_LONGITUDE_INVALID: 'Longitude of points or vertices must be between -180 and +180.',
  EUDR_COMMODITIES_PRODUCER_GEO_INVALID_GEOMETRY: 'Each polygon must have at least 4 non-aligned points and cannot have intersections between sides.',
  EUDR_COMMODITIES_PRODUCER_GEO_POLYGON_INVALID: 'Each polygon must have at least 4 non-aligned points and cannot have intersections between sides (CF4 v1.3 name).',
  EUDR_COMMODITIES_PRODUCER_GEO_AREA_INVALID: 'An area for a point must be a number and, for non-cattle commodities, between 0.0001 and 4.',
  EUDR_MAXIMUM_GEO_SIZE_REACHED: 'The maximum geolocation size per DDS has been exceeded.',
  // --- referenced (grouped) statements ---
  EUDR_REFERENCED_STATEMENT_NOT_FOUND: 'At least one referenced DDS is invalid or does not exist.',
  EUDR_MAXIMUM_REFERENCED_DDS_REACHED: 'The maximum number of referenced DDS is exceeded.',
  // --- amend / withdraw (CF5, CF6) ---
  EUDR_API_AMEND_ACTIVITY_TYPE_CHANGE_NOT_ALLOWED: 'The existing DDS activity cannot be modified.',
  EUDR_API_AMEND_OR_WITHDRAW_DDS_NOT_POSSIBLE: 'The DDS is referenced in another statement or the amend cut-off date has expired.',
  EUDR_API_AMEND_NOT_ALLOWED_FOR_STATUS: 'The user can only amend when the DDS is in status Available.',
  EUDR_API_AMEND_OR_WITHDRAW_NOT_ALLOWED_FOR_STATUS: 'The user can only withdraw a DDS in status SUBMITTED or AVAILABLE.',
  EUDR_API_NO_DDS: 'No DDS corresponding to the provided UUID.',
  // --- retrieval by reference and verification number (CF7; V3 §6.1.6) ---
  EUDR_NUMBER_EMPTY: 'The reference or verification number is null or empty.',
  EUDR_NUMBER_INVALID: 'The reference or verification number has characters that are not allowed.',
  EUDR_NUMBER_TOO_LONG: 'The reference or verification number is longer than allowed.',
  EUDR_WEBSERVICE_STATEMENT_NOT_FOUND: 'The DDS was not found or is not in AVAILABLE or ARCHIVED status.',
} as const;

export type TracesErrorCode = keyof typeof TRACES_ERROR_CODES;

/** EUDR-NUMBER-INVALID and EUDR_NUMBER_INVALID are the same code; compare in underscore form. */
export function normaliseTracesCode(id: string): string {
  return id.trim().replace(/-/g, '_').toUpperCase();
}

export function isKnownTracesCode(id: string): id is TracesErrorCode {
  return Object.hasOwn(TRACES_ERROR_CODES, normaliseTracesCode(id));
}

/** How the sandbox writes a code on the wire: hyphens, as real faults do (configurable). */
export function wireCode(code: TracesErrorCode, style: 'hyphens' | 'underscores'): string {
  return style === 'hyphens' ? code.replace(/_/g, '-') : code;
}
