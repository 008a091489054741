// Fetches one remote file: size checks before any byte moves, a streamed download to a local
// temp file (bounded by maxFileSize even if the file grows meanwhile), then the content checks.
import { readFile, rm } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { join, posix } from 'node:path';
import type { EdiError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import { sftpStatus, SFTP_NO_SUCH_FILE, type RemoteEntry, type SftpSession } from '../../sdk/sftp/session.js';
import { sftpInboundErrors } from './errors.js';
import { firstInvalidUtf8 } from '../../sdk/utf8.js';
import type { SftpInboundOptions } from './options.js';

export type Fetched = { kind: 'taken'; e: RemoteEntry; value: Buffer; sha256: string } | { kind: 'refused'; e: RemoteEntry; error: EdiError } | { kind: 'vanished'; e: RemoteEntry };

export async function fetchRemoteFile(session: SftpSession, e: RemoteEntry, o: SftpInboundOptions): Promise<Fetched> {
  if (e.size > o.maxFileSize) return { kind: 'refused', e, error: sftpInboundErrors.create('EDI_ERR_SFTP_FILE_TOO_LARGE', { file: e.name, size: e.size, limit: o.maxFileSize }) };
  if (e.size === 0) return { kind: 'refused', e, error: sftpInboundErrors.create('EDI_ERR_SFTP_FILE_EMPTY', { file: e.name }) };
  const tmp = join(o.tempDir, `${newId()}.part`);
  try {
    let got;
    try {
      got = await session.download(posix.join(o.remoteDir, e.name), tmp, o.maxFileSize);
    } catch (err) {
      if (sftpStatus(err) === SFTP_NO_SUCH_FILE) return { kind: 'vanished', e };
      throw err;
    }
    if (got.tooLarge) return { kind: 'refused', e, error: sftpInboundErrors.create('EDI_ERR_SFTP_FILE_TOO_LARGE', { file: e.name, size: `more than ${o.maxFileSize}`, limit: o.maxFileSize }) };
    const value = await readFile(tmp);
    if (value.length === 0) return { kind: 'refused', e, error: sftpInboundErrors.create('EDI_ERR_SFTP_FILE_EMPTY', { file: e.name }) };
    if (o.requireUtf8 && !isUtf8(value)) return { kind: 'refused', e, error: sftpInboundErrors.create('EDI_ERR_SFTP_FILE_NOT_UTF8', { file: e.name, offset: firstInvalidUtf8(value) }) };
    return { kind: 'taken', e, value, sha256: createHash('sha256').update(value).digest('hex') };
  } finally {
    await rm(tmp, { force: true });
  }
}
