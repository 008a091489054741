// Error codes of the EDS credential registry (schemas/eds/credentials.ts), shared by the trip
// transformer (routing a trip to its driver's API client) and the delivery connector (the
// client's secret). Messages never carry a secret; person codes in them are masked.
import { defineErrors } from '../../lib/errors.js';

export const edsCredentialErrors = defineErrors({
  EDI_ERR_EDS_CLIENT_UNKNOWN: { message: 'taxi trip{origin}: no EDS API client for carrier {carrier}, driver {driver}, plate {plate}: {reason}', retriable: false, http: 422 },
  EDI_ERR_EDS_CREDENTIALS_INVALID: { message: 'EDS credential registry: {reason}', retriable: false },
});
