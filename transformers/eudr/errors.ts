// Error codes of the EUDR domain (EDI_ERR_EUDR_*): turning felling affirmations into a due
// diligence statement. None is retriable: the input or the configuration must change; the
// message names the affirmation, the feature and the rule so a person can fix it.
import { defineErrors } from '../../lib/errors.js';

export const eudrErrors = defineErrors({
  EDI_ERR_EUDR_AFFIRMATION_INVALID: { message: 'felling affirmation {affirmation}: {reason}', retriable: false, http: 422 },
  EDI_ERR_EUDR_CRS_UNSUPPORTED: { message: 'felling affirmation {affirmation}: coordinate reference system {crs} is not supported ({reason})', retriable: false, http: 422 },
  EDI_ERR_EUDR_GEOJSON_RULE: { message: 'felling affirmation {affirmation}, {feature}: {rule}: {reason}', retriable: false, http: 422 },
  EDI_ERR_EUDR_SPECIES_UNKNOWN: {
    message: 'felling affirmation {affirmation}, cutting area {area}: tree species code {code} has no scientific and common name; add it to the species table',
    retriable: false,
    http: 422,
  },
  EDI_ERR_EUDR_VOLUME_MISSING: { message: 'felling affirmations {affirmations}: no planned volume to declare for product {hsHeading}', retriable: false, http: 422 },
  EDI_ERR_EUDR_PRODUCTS_INVALID: { message: 'EUDR product configuration: {reason}', retriable: false },
  EDI_ERR_EUDR_OPERATOR_INCOMPLETE: { message: 'represented operator {name}: {reason}', retriable: false, http: 422 },
  EDI_ERR_EUDR_QUANTITY_RULE: { message: 'product {hsHeading} for a {activity} statement: {reason}', retriable: false, http: 422 },
  EDI_ERR_EUDR_GEOLOCATION_TOO_LARGE: { message: 'geolocation of the statement is {size} bytes, over the limit of {limit} bytes per statement; split the affirmations over several statements', retriable: false, http: 413 },
  EDI_ERR_EUDR_STATEMENT_INVALID: { message: 'due diligence statement {id}: {reason}', retriable: false, http: 422 },
});

export type EudrErrorCode = keyof typeof eudrErrors.defs;
