// Error codes of the schema registry client (EDI_ERR_SCHEMA_REGISTRY_*). A registry that cannot
// be reached or answers 5xx is retriable: the batch that needed it is delivered again later,
// never sent to a DLQ for a fault that is not the record's.
import { defineErrors } from '../../lib/errors.js';

export const schemaRegistryErrors = defineErrors({
  EDI_ERR_SCHEMA_REGISTRY_UNAVAILABLE: { message: 'schema registry {url}: {reason}', retriable: true, http: 503 },
  EDI_ERR_SCHEMA_REGISTRY_REFUSED: { message: 'schema registry {url} refused {operation}: HTTP {status} {reason}', retriable: false },
  EDI_ERR_SCHEMA_REGISTRY_SCHEMA_INVALID: { message: 'schema id {schemaId} from the registry cannot be used: {reason}', retriable: false, http: 400 },
  EDI_ERR_SCHEMA_REGISTRY_NOT_CONFIGURED: {
    message: 'record is in the Confluent wire format (schema id {schemaId}) but no schema registry is configured (schemaRegistry.url)',
    retriable: false,
    http: 400,
  },
});
