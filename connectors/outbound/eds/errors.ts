// Error codes of delivery to VID EDS "Taksometri" (issue 6, "Delivery"). A revoked client stops
// only its own driver's trips; a 400 keeps EDS's Latvian ModelState verbatim in the detail
// (with schemas/eds glossModelState's English gloss). Nothing here ever carries a secret or a
// token: a client is named by its client_id only.
import { defineErrors } from '../../../lib/errors.js';

export const edsDeliveryErrors = defineErrors({
  EDI_ERR_EDS_CLIENT_REVOKED: {
    message: 'EDS refused the credentials of API client {clientId} ({reason}): the client was deleted in EDS or its secret changed; re-create it and update the credential registry, then replay',
    retriable: false,
  },
  EDI_ERR_EDS_CLIENT_NO_SECRET: { message: 'no secret is configured for EDS API client {clientId}', retriable: false },
  EDI_ERR_EDS_REJECTED: { message: 'EDS rejected the trip (HTTP 400): {summary}', retriable: false },
  EDI_ERR_EDS_FORBIDDEN: { message: 'EDS refused the trip of client {clientId} (HTTP 403): {reason}', retriable: false },
  EDI_ERR_EDS_RATE_LIMITED: { message: 'EDS call limit reached for client {clientId} (HTTP 429); retrying after {waitMs} ms', retriable: true },
  EDI_ERR_EDS_UNEXPECTED_ANSWER: { message: 'EDS answered HTTP {status} to {operation}: {reason}', retriable: false },
  EDI_ERR_EDS_UNAUTHORIZED: { message: 'EDS refused a freshly issued token of client {clientId} (HTTP 401 on {operation})', retriable: true },
  EDI_ERR_EDS_AUTH_ANSWER: { message: 'EDS token endpoint answered client {clientId} without a usable access_token / expires_in', retriable: true },
  EDI_ERR_EDS_RECORD_INVALID: { message: 'record on {topic} is not a trip for EDS: {reason}', retriable: false },
});

export type EdsDeliveryErrorCode = keyof typeof edsDeliveryErrors.defs;
