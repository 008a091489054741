// TRACES V3 protocol (pure, no I/O): request builders, response and fault readers, and the
// classification of failures. The HTTP client and the connector build on these.
export { buildEnvelope, type BodyIdentityKind, type EnvelopeOptions, type SoapRequest, type TracesCredentials } from './envelope.js';
export {
  amendDdsRequest,
  echoRequest,
  getDdsByIdentifiersRequest,
  getDdsByInternalReferenceRequest,
  getDdsRequest,
  submitDdsRequest,
  verifyDeclarationRequest,
  withdrawDdsRequest,
} from './requests.js';
export {
  MAX_RESPONSE_BYTES,
  parseDdsModificationResponse,
  parseDdsOverviewResponse,
  parseEchoResponse,
  parseGetDdsByIdentifiersResponse,
  parseSubmitDdsResponse,
  parseVerifyDeclarationResponse,
  readResponse,
  type ResponseContext,
} from './responses.js';
export { readFault, type TracesFault, type TracesFaultEntry, type TracesFaultKind } from './faults.js';
export { FAULT_CLASS, classificationOf, classifyHttpStatus, faultToError, httpStatusToError, type TracesFailureClass } from './classify.js';
export { tracesErrors } from './errors.js';
