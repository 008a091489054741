// Error codes of HTTP intake (EDI_ERR_HTTP_INTAKE_*), answered to the client as {code, message}.
import { defineErrors } from '../../../lib/errors.js';

export const httpIntakeErrors = defineErrors({
  EDI_ERR_HTTP_INTAKE_UNAUTHORIZED: { message: 'missing or unknown API key (send Authorization: Bearer <key> or X-API-Key)', retriable: false, http: 401 },
  EDI_ERR_HTTP_INTAKE_FORBIDDEN_FLOW: { message: 'sender {sender} may not post to flow {flow}', retriable: false, http: 403 },
  EDI_ERR_HTTP_INTAKE_LOOPBACK_ONLY: { message: 'the key of sender {sender} is accepted only from this machine (loopback)', retriable: false, http: 403 },
  EDI_ERR_HTTP_INTAKE_FLOW_UNKNOWN: { message: 'no intake flow {flow} (known: {known})', retriable: false, http: 404 },
  EDI_ERR_HTTP_INTAKE_TOO_LARGE: { message: 'body of {size} bytes is over the limit of {limit} bytes for flow {flow}', retriable: false, http: 413 },
  EDI_ERR_HTTP_INTAKE_MEDIA_TYPE: { message: 'flow {flow} does not take {contentType} (it takes {accepted})', retriable: false, http: 415 },
  EDI_ERR_HTTP_INTAKE_EMPTY: { message: 'the request has no body; the document is the body', retriable: false, http: 400 },
  EDI_ERR_HTTP_INTAKE_NOT_UTF8: { message: 'the body is not valid UTF-8 (first bad byte at offset {offset})', retriable: false, http: 400 },
  EDI_ERR_HTTP_INTAKE_BAD_JSON: { message: 'the body is not valid JSON: {reason}', retriable: false, http: 400 },
  EDI_ERR_HTTP_INTAKE_BAD_IDEMPOTENCY_KEY: { message: 'Idempotency-Key must be 1 to 255 printable ASCII characters', retriable: false, http: 400 },
  EDI_ERR_HTTP_INTAKE_BAD_FILENAME: { message: 'X-EDI-Filename {file} is refused: {reason}', retriable: false, http: 400 },
  EDI_ERR_HTTP_INTAKE_IDEMPOTENCY_MISMATCH: { message: 'Idempotency-Key was used before by sender {sender} for a different body (record {id})', retriable: false, http: 422 },
  EDI_ERR_HTTP_INTAKE_BAD_REQUEST: { message: 'bad request: {reason}', retriable: false, http: 400 },
  EDI_ERR_HTTP_INTAKE_TOPIC_UNKNOWN: { message: 'HTTP intake flow {flow}: topic {topic} is not in the topic catalogue', retriable: false },
});
