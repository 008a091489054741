// papiNet transformer: pure functions over DeliveryMessageWood, DeliveryInstruction and
// MeasuringTicket (schemas in schemas/papinet): check and summarise, publish to
// papinet.valid, carry EUDR statement numbers to the mill.
export { papinetErrors, type PapinetErrorCode } from './errors.js';
export { checkPapinet, type PapinetCheck, type PapinetContext, type PapinetIssue } from './check.js';
export { DOCUMENT_SHAPES, type DocumentShape } from './documents.js';
export { enrichPapinet, enrichWithEudrReferences, type AffirmationReference, type EnrichResult } from './enrich.js';
export { readEudrReferences, REFERENCE_NUMBER_TYPE, VERIFICATION_NUMBER_TYPE } from './eudr-references.js';
export { papinetDocumentFormat, papinetFormat } from './format.js';
export { eudrState, papinetHeaders, PH, type EudrState } from './headers.js';
export { compilePapinetOptions, DEFAULT_PAPINET_OPTIONS, type CompiledPapinetOptions, type EudrEncoding, type PapinetOptions } from './options.js';
export { missingEudrReferences, type EudrReference, type LoggingArea, type MissingEudrReference, type PapinetLineItem, type PapinetParty, type PapinetQuantity, type PapinetStatus, type PapinetSummary } from './summary.js';
export { PAPINET_CONTENT_TYPE, transformPapinet, type PapinetRecordInput, type PapinetTransformResult } from './transform.js';
