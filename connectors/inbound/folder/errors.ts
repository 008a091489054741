// Error codes of the folder inbox (EDI_ERR_FOLDER_*). A file refused with one of these is moved
// to the error directory with NAME.error.json; none is retried (the file stays bad until fixed).
import { defineErrors } from '../../../lib/errors.js';

export const folderErrors = defineErrors({
  EDI_ERR_FOLDER_EMPTY: { message: 'file {file} is empty', retriable: false },
  EDI_ERR_FOLDER_TOO_LARGE: { message: 'file {file} is {size} bytes, over the limit of {limit} bytes (maxFileSize)', retriable: false },
  EDI_ERR_FOLDER_NOT_UTF8: { message: 'file {file} is not valid UTF-8 (first bad byte at offset {offset}); this inbox requires text', retriable: false },
  EDI_ERR_FOLDER_NAME_UNSAFE: { message: 'file name {file} is refused: {reason}', retriable: false },
  EDI_ERR_FOLDER_UNREADABLE: { message: 'file {file} cannot be read: {reason}', retriable: false },
  EDI_ERR_FOLDER_DUPLICATE_CONTENT: { message: 'file {file} has the same content (SHA-256 {sha256}) as {original}, taken as {originalId}', retriable: false },
  EDI_ERR_FOLDER_NOT_A_DIRECTORY: { message: 'inbox {path} is not a directory', retriable: false },
  EDI_ERR_FOLDER_TOPIC_UNKNOWN: { message: 'inbox {path}: topic {topic} is not in the topic catalogue', retriable: false },
});

export type FolderErrorCode = keyof typeof folderErrors.defs;
