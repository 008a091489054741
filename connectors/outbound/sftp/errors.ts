// Error codes of SFTP delivery (EDI_ERR_DELIVERY_SFTP_*; session errors are EDI_ERR_SFTP_*).
import { defineErrors } from '../../../lib/errors.js';

export const sftpDeliveryErrors = defineErrors({
  EDI_ERR_DELIVERY_SFTP_NAME_UNSAFE: { message: 'no safe remote file name for record {id}: {reason}', retriable: false },
  EDI_ERR_DELIVERY_SFTP_TARGET_EXISTS: { message: '{path} already exists on the server with other content; record {id} is not written over it', retriable: false },
});
