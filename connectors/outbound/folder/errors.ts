// Error codes of folder delivery (EDI_ERR_DELIVERY_FOLDER_*).
import { defineErrors } from '../../../lib/errors.js';

export const folderDeliveryErrors = defineErrors({
  EDI_ERR_DELIVERY_FOLDER_NAME_UNSAFE: { message: 'no safe file name for record {id}: {reason}', retriable: false },
  EDI_ERR_DELIVERY_FOLDER_TARGET_EXISTS: { message: '{path} already exists with other content; record {id} is not written over it', retriable: false },
  EDI_ERR_DELIVERY_FOLDER_WRITE: { message: 'writing {path} failed: {reason}', retriable: true },
});
