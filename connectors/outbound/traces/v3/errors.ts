// Error codes of the TRACES V3 protocol layer (EDI_ERR_TRACES_*). Whether an error is
// retriable follows the fault classification (classify.ts): business-rule, schema and
// not-found faults are permanent (DLQ), authentication faults are permanent and raise an
// alert, server faults, 5xx and throttling are retried. No message ever holds the auth key.
import { defineErrors } from '../../../../lib/errors.js';

export const tracesErrors = defineErrors({
  EDI_ERR_TRACES_BUSINESS_RULES: { message: 'TRACES refused {operation}: {codes} — {first}', retriable: false, http: 422 },
  EDI_ERR_TRACES_SCHEMA_REJECTED: { message: 'TRACES refused {operation} as not schema-valid: {reason}', retriable: false, http: 422 },
  EDI_ERR_TRACES_NOT_FOUND: { message: 'TRACES found nothing for {operation}: {reason}', retriable: false, http: 404 },
  EDI_ERR_TRACES_PERMISSION_DENIED: { message: 'TRACES denied {operation} to web service user {username}: {reason}', retriable: false, http: 403 },
  EDI_ERR_TRACES_UNAUTHENTICATED: {
    message: 'TRACES did not authenticate web service user {username} for {operation}: {reason} (check user name, authentication key, client id and clock)',
    retriable: false,
    http: 401,
  },
  EDI_ERR_TRACES_SERVER_FAULT: { message: 'TRACES failed internally on {operation}: {reason}', retriable: true, http: 502 },
  EDI_ERR_TRACES_HTTP_STATUS: { message: 'TRACES answered HTTP {status} to {operation}: {reason}', retriable: true, http: 502 },
  EDI_ERR_TRACES_RESPONSE_INVALID: { message: 'TRACES answer to {operation} cannot be read: {reason}', retriable: false, http: 502 },
  EDI_ERR_TRACES_REQUEST_INVALID: { message: 'cannot build the TRACES {operation} request: {reason}', retriable: false, http: 400 },
});

export type TracesErrorCodeOfOurs = keyof typeof tracesErrors.defs;
