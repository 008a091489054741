// Error codes of the EUDR reference desk's HTTP API (EDI_ERR_EUDR_DESK_*), answered as
// {code, message} with the HTTP status below.
import { defineErrors } from '../../../lib/errors.js';

export const eudrDeskErrors = defineErrors({
  EDI_ERR_EUDR_DESK_REQUEST_INVALID: { message: 'statement request: {reason}', retriable: false, http: 400 },
  EDI_ERR_EUDR_DESK_UNAUTHORIZED: { message: 'the reference desk needs Authorization: Bearer <key>{hint}', retriable: false, http: 401 },
  EDI_ERR_EUDR_DESK_FORBIDDEN: { message: 'the reference desk answers only this machine (loopback) without an API key', retriable: false, http: 403 },
  EDI_ERR_EUDR_DESK_NOT_FOUND: { message: 'no statement {id}', retriable: false, http: 404 },
  EDI_ERR_EUDR_DESK_QUERY_INVALID: { message: '{parameter}: {reason}', retriable: false, http: 400 },
});
