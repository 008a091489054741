// Error codes of the SFTP inbox (EDI_ERR_SFTP_*; session errors are in connectors/sdk/sftp).
import { defineErrors } from '../../../lib/errors.js';

export const sftpInboundErrors = defineErrors({
  EDI_ERR_SFTP_FILE_EMPTY: { message: 'remote file {file} is empty', retriable: false },
  EDI_ERR_SFTP_FILE_TOO_LARGE: { message: 'remote file {file} is {size} bytes, over the limit of {limit} bytes (maxFileSize)', retriable: false },
  EDI_ERR_SFTP_FILE_NOT_UTF8: { message: 'remote file {file} is not valid UTF-8 (first bad byte at offset {offset}); this inbox requires text', retriable: false },
  EDI_ERR_SFTP_FILE_NAME_UNSAFE: { message: 'remote file name {file} is refused and left in place: {reason}', retriable: false },
  EDI_ERR_SFTP_DUPLICATE_CONTENT: { message: 'remote file {file} has the same content (SHA-256 {sha256}) as {original}, taken as {originalId}', retriable: false },
  EDI_ERR_SFTP_MANIFEST_MISMATCH: { message: 'batch manifest {manifest} does not match the remote directory: {reason}; the batch is not taken', retriable: false },
  EDI_ERR_SFTP_MOVE_FAILED: { message: 'remote file {file} was taken as {id} but could not be {action} ({attempts} attempts so far): {reason}; it will not be taken again', retriable: true },
  EDI_ERR_SFTP_TOPIC_UNKNOWN: { message: 'SFTP inbox {id}: topic {topic} is not in the topic catalogue', retriable: false },
});
