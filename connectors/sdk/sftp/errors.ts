// Error codes of SFTP sessions (EDI_ERR_SFTP_*), shared by the SFTP inbox and SFTP delivery.
import { defineErrors } from '../../../lib/errors.js';

export const sftpSessionErrors = defineErrors({
  EDI_ERR_SFTP_HOST_KEY_MISMATCH: {
    message: 'SFTP server {host}:{port} presented host key {presented}, which is not a pinned fingerprint ({pinned}); refused before authenticating',
    retriable: false,
  },
  EDI_ERR_SFTP_AUTH: { message: 'SFTP server {host}:{port} refused user {username}: {reason}', retriable: false },
  EDI_ERR_SFTP_CONNECT: { message: 'cannot connect to SFTP server {host}:{port}: {reason}', retriable: true },
  EDI_ERR_SFTP_CONNECTION_LOST: { message: 'SFTP connection to {host}:{port} lost during {operation}: {reason}', retriable: true },
  EDI_ERR_SFTP_REMOTE: { message: 'SFTP {operation} {path} on {host}:{port} failed: {reason}', retriable: false },
});
