// Error codes of the tobacco transformer (EDI_ERR_TOBACCO_*). None is retriable: bad input
// stays bad; it goes to tobacco.dlq with the reason and can be replayed once fixed.
import { defineErrors } from '../../lib/errors.js';

export const tobaccoErrors = defineErrors({
  EDI_ERR_TOBACCO_RULE: { message: 'tobacco {messageType}: {count} data-dictionary rule(s) broken: {first}', retriable: false, http: 422 },
  EDI_ERR_TOBACCO_JSON: { message: 'tobacco event is not valid JSON: {reason}', retriable: false, http: 400 },
  EDI_ERR_TOBACCO_NOT_UTF8: { message: 'tobacco event is not valid UTF-8 (byte {offset})', retriable: false, http: 400 },
  EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN: { message: 'cannot tell which tobacco message this event is: {reason}', retriable: false, http: 400 },
  EDI_ERR_TOBACCO_AVRO: { message: 'tobacco Avro event cannot be decoded ({reason}): {detail}', retriable: false, http: 400 },
  EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN: { message: 'tobacco Avro event names schema id {schemaId}, which the schema registry does not know', retriable: false, http: 400 },
});

export type TobaccoErrorCode = keyof typeof tobaccoErrors.defs;
