// Error codes of HTTP delivery (EDI_ERR_DELIVERY_HTTP_*). 5xx answers are the core's
// EDI_ERR_UPSTREAM_5XX, network failures EDI_ERR_NETWORK, timeouts EDI_ERR_TIMEOUT.
import { defineErrors } from '../../../lib/errors.js';

export const httpDeliveryErrors = defineErrors({
  EDI_ERR_DELIVERY_HTTP_REJECTED: { message: '{url} refused record {id} with HTTP {status}: {body}', retriable: false },
  EDI_ERR_DELIVERY_HTTP_THROTTLED: { message: '{url} answered HTTP {status} to record {id}; retrying later', retriable: true },
});
