// Error codes of the VMD felling-affirmation fetch (EDI_ERR_VMD_*). An unknown affirmation
// number is permanent (the request must be corrected); VMD being down is retried.
import { defineErrors } from '../../../lib/errors.js';

export const vmdErrors = defineErrors({
  EDI_ERR_VMD_AFFIRMATION_NOT_FOUND: {
    message: 'statement {id}: VMD knows no felling affirmation {affirmation} ({url} answered 404); check the number on the affirmation',
    retriable: false,
    http: 422,
  },
  EDI_ERR_VMD_REFUSED: { message: 'statement {id}: VMD refused felling affirmation {affirmation} with HTTP {status}: {reason}', retriable: false, http: 502 },
  EDI_ERR_VMD_DOCUMENT_TOO_LARGE: { message: 'statement {id}: felling affirmation {affirmation} is over {limit} bytes', retriable: false, http: 413 },
  EDI_ERR_VMD_REQUEST_INVALID: { message: 'statement request on {topic}: {reason}', retriable: false, http: 400 },
});

export type VmdErrorCode = keyof typeof vmdErrors.defs;
