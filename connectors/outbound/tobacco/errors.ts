// Error codes of the tobacco router client (EDI_ERR_TOBACCO_ROUTER_*). A refusal with the
// router's Errors[] is permanent (DLQ with those errors); a token the router will not give or
// keep refusing is retriable (an operator fixes the credentials; the messages wait).
import { defineErrors } from '../../../lib/errors.js';

export const tobaccoRouterErrors = defineErrors({
  EDI_ERR_TOBACCO_ROUTER_REJECTED: { message: 'router refused {messageType} {code} (HTTP {status}): {errors}', retriable: false, http: 422 },
  EDI_ERR_TOBACCO_ROUTER_UNEXPECTED: { message: 'router answered HTTP {status} to {messageType} {code} at {url}: {reason}', retriable: false },
  EDI_ERR_TOBACCO_ROUTER_TOKEN_REFUSED: { message: 'token endpoint {url} refused client {clientId}: HTTP {status} {reason}', retriable: true },
  EDI_ERR_TOBACCO_ROUTER_TOKEN_ANSWER: { message: 'token endpoint {url} answered without a usable access_token/expires_in', retriable: true },
  EDI_ERR_TOBACCO_ROUTER_UNAUTHORIZED: { message: 'router refused a freshly issued token for {messageType} {code} (401 {reason})', retriable: true },
  EDI_ERR_TOBACCO_MESSAGE_INVALID: { message: 'record on {topic} is not a data-dictionary message with Message_Type and Code: {reason}', retriable: false },
});
