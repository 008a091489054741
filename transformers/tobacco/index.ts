// Tobacco track & trace transformer: pure functions from ERP events to EU data-dictionary
// messages (rules shared with the router sandbox live in schemas/tobacco).
export { tobaccoErrors, type TobaccoErrorCode } from './errors.js';
export { decodeTobaccoEvent, type DecodeContext, type DecodedEvent, type EventForm, type EventInput } from './decode-event.js';
export { readerFor, tobaccoEventSchema, tobaccoEventSchemaOf, type TobaccoEventSchema } from './event-schemas.js';
export { schemaFromFileName, tobaccoEventFormat } from './format.js';
export { toDataDictionaryMessage, type MapOptions } from './map-event.js';
export { recallCodeFor } from './recall-code.js';
export { transformTobaccoEvent, type TobaccoTransformContext, type TobaccoTransformInput, type TobaccoTransformResult } from './transform.js';
export { validateTobaccoMessage, violationDetail, violationsError, type TobaccoValidation, type ViolationDetail } from './validate.js';
