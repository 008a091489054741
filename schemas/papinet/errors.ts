// Error codes of the papiNet schema loader (EDI_ERR_PAPINET_SCHEMA_*): configuration faults
// found at start-up, never per message.
import { defineErrors } from '../../lib/errors.js';

export const papinetSchemaErrors = defineErrors({
  EDI_ERR_PAPINET_SCHEMA_BUNDLE: { message: 'papiNet schema bundle for {document}: {reason}', retriable: false },
});
