// Error codes of the EUDR reference step (EDI_ERR_EUDR_REFS_*): a papiNet document that names
// felling affirmations and must carry its due diligence statements' numbers to the mill
// (Regulation (EU) 2023/1115 Art. 4(2), 9(1): the reference number travels with the timber).
import { defineErrors } from '../../lib/errors.js';

export const eudrReferenceErrors = defineErrors({
  EDI_ERR_EUDR_REFS_NO_MANDATE: {
    message: '{document} {number}: supplier {supplier} has no mandate configured (clients.{supplier}); no due diligence statement can be requested for affirmations {affirmations}',
    retriable: false,
  },
  EDI_ERR_EUDR_REFS_NO_SUPPLIER: { message: '{document} {number} names felling affirmations {affirmations} but no supplier party to request the statement for', retriable: false },
  EDI_ERR_EUDR_REFS_REQUEST_INVALID: { message: '{document} {number}: the statement request for affirmations {affirmations} is not valid: {reason}', retriable: false },
  EDI_ERR_EUDR_REFS_REJECTED: {
    message: '{document} {number}: due diligence statement {statement} for affirmations {affirmations} was rejected or could not be made: {reason}',
    retriable: false,
  },
  EDI_ERR_EUDR_REFS_TIMEOUT: {
    message: '{document} {number}: no TRACES receipt for statement(s) {statements} (affirmations {affirmations}) within {maxWait}',
    retriable: false,
  },
  EDI_ERR_EUDR_REFS_DOCUMENT_GONE: {
    message: 'parked {document} {number} ({topic} partition {partition} offset {offset}) is no longer on the bus (retention shorter than the wait?)',
    retriable: false,
  },
});

export type EudrReferenceErrorCode = keyof typeof eudrReferenceErrors.defs;
