// One SFTP session over ssh2 (ssh2-sftp-client connects it): host key pinned before anything
// else is sent, credentials revealed only to the ssh2 client, every failure an EdiError that says
// whether a reconnect may help (connection lost) or not (a remote refusal, a wrong host key).
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SftpClient from 'ssh2-sftp-client';
import type { SFTPWrapper, FileEntryWithStats, Stats } from 'ssh2';
import type { Logger } from 'pino';
import type { EdiError } from '../../../lib/errors.js';
import { sftpSessionErrors } from './errors.js';
import { hostKeyFingerprint } from './host-key.js';
import type { SftpServer } from './options.js';

export interface RemoteEntry {
  name: string;
  size: number;
  /** Modification time; SFTP carries whole seconds. */
  mtimeMs: number;
  isFile: boolean;
}

export interface SftpSession {
  list(dir: string): Promise<RemoteEntry[]>;
  /** undefined when there is nothing at path. */
  stat(path: string): Promise<RemoteEntry | undefined>;
  /** Streams path into a new local file; stops and reports `tooLarge` past maxBytes. */
  download(path: string, localFile: string, maxBytes: number): Promise<{ bytes: number; tooLarge: boolean }>;
  /** Reads a small remote file (a manifest) into memory, at most maxBytes. */
  readSmall(path: string, maxBytes: number): Promise<Buffer>;
  /** Writes content to path (created or truncated) and asks the server to fsync it when it can. */
  upload(content: Buffer, path: string): Promise<void>;
  /** Plain SFTP rename: OpenSSH refuses it when `to` exists, so nothing is overwritten. */
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdirp(dir: string): Promise<void>;
  close(): Promise<void>;
  readonly closed: boolean;
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02). */
export const SFTP_NO_SUCH_FILE = 2;
export const SFTP_FAILURE = 4;

export function sftpStatus(err: unknown): number | undefined {
  const s = (err as EdiError | undefined)?.detail?.sftpStatus;
  return typeof s === 'number' ? s : undefined;
}

export interface SessionHooks {
  log: Logger;
  /** Called with the presented fingerprint when it is not pinned (the connection is refused). */
  onHostKeyMismatch?(presented: string): void;
}

export async function openSftpSession(server: SftpServer, hooks: SessionHooks): Promise<SftpSession> {
  const where = { host: server.host, port: server.port };
  let presented: string | undefined;
  let refusedKey = false;
  let closed = false;
  const client = new SftpClient('edi', {
    // The library's default handlers print to the console; these keep its events in our log.
    error: (err: unknown) => hooks.log.debug({ err: reasonOf(err), ...where }, 'sftp connection error'),
    end: () => (closed = true),
    close: () => (closed = true),
  });
  let sftp: SFTPWrapper;
  try {
    sftp = await client.connect({
      host: server.host,
      port: server.port,
      username: server.username,
      ...(server.password !== undefined ? { password: server.password.reveal() } : {}),
      ...(server.privateKey !== undefined ? { privateKey: server.privateKey.reveal() } : {}),
      ...(server.passphrase !== undefined ? { passphrase: server.passphrase.reveal() } : {}),
      readyTimeout: server.connectTimeoutMs,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
      // Runs during the key exchange, before any credential is sent: a wrong key ends it there.
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        refusedKey = !server.fingerprints.includes(presented);
        return !refusedKey;
      },
    });
  } catch (err) {
    await client.end().catch(() => undefined);
    if (refusedKey) {
      hooks.onHostKeyMismatch?.(presented!);
      throw sftpSessionErrors.create('EDI_ERR_SFTP_HOST_KEY_MISMATCH', { ...where, presented: presented!, pinned: server.fingerprints.join(', ') }, { detail: { presented: presented! } });
    }
    const reason = reasonOf(err);
    if (/authentication methods failed|authentication failed|permission denied/i.test(reason)) {
      throw sftpSessionErrors.create('EDI_ERR_SFTP_AUTH', { ...where, username: server.username, reason });
    }
    throw sftpSessionErrors.create('EDI_ERR_SFTP_CONNECT', { ...where, reason }, { cause: err });
  }
  (client as unknown as { client: { on(e: string, f: () => void): void } }).client.on('close', () => (closed = true));

  const fail = (operation: string, path: string, err: unknown): EdiError => {
    const status = (err as { code?: unknown }).code;
    if (typeof status === 'number' && !closed) {
      return sftpSessionErrors.create('EDI_ERR_SFTP_REMOTE', { ...where, operation, path, reason: reasonOf(err) }, { detail: { sftpStatus: status } });
    }
    return sftpSessionErrors.create('EDI_ERR_SFTP_CONNECTION_LOST', { ...where, operation, reason: reasonOf(err) }, { cause: err });
  };
  const call = <T>(operation: string, path: string, fn: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (closed) return reject(fail(operation, path, new Error('connection closed')));
      try {
        fn((err, v) => (err ? reject(fail(operation, path, err)) : resolve(v as T)));
      } catch (err) {
        reject(fail(operation, path, err));
      }
    });
  const entry = (name: string, attrs: Stats): RemoteEntry => ({ name, size: attrs.size, mtimeMs: attrs.mtime * 1000, isFile: (attrs.mode & 0o170000) === 0o100000 });

  const session: SftpSession = {
    get closed() {
      return closed;
    },
    async list(dir) {
      const list = await call<FileEntryWithStats[]>('list', dir, (cb) => sftp.readdir(dir, cb));
      return list.map((e) => entry(e.filename, e.attrs as Stats));
    },
    async stat(path) {
      try {
        return entry(path.slice(path.lastIndexOf('/') + 1), await call<Stats>('stat', path, (cb) => sftp.stat(path, cb)));
      } catch (err) {
        if (sftpStatus(err) === SFTP_NO_SUCH_FILE) return undefined;
        throw err;
      }
    },
    async download(path, localFile, maxBytes) {
      if (closed) throw fail('download', path, new Error('connection closed'));
      let bytes = 0;
      let tooLarge = false;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > maxBytes) {
            tooLarge = true;
            return done(new Error('over the size limit'));
          }
          done(null, chunk);
        },
      });
      try {
        await pipeline(sftp.createReadStream(path, { highWaterMark: 256 * 1024 }), limit, createWriteStream(localFile, { flags: 'wx' }));
      } catch (err) {
        if (tooLarge) return { bytes, tooLarge };
        throw fail('download', path, err);
      }
      return { bytes, tooLarge };
    },
    async readSmall(path, maxBytes) {
      const handle = await call<Buffer>('open', path, (cb) => sftp.open(path, 'r', cb));
      try {
        const out: Buffer[] = [];
        let total = 0;
        for (;;) {
          const buf = Buffer.alloc(Math.min(32 * 1024, maxBytes + 1 - total));
          if (buf.length === 0) break;
          const n = await call<number>('read', path, (cb) => sftp.read(handle, buf, 0, buf.length, total, (err, bytesRead) => cb(err, bytesRead)));
          if (n === 0) break;
          out.push(buf.subarray(0, n));
          total += n;
        }
        return Buffer.concat(out).subarray(0, maxBytes);
      } catch (err) {
        // Reading past the end is reported as EOF (1) by some servers: that is the end.
        if (sftpStatus(err) === 1) return Buffer.alloc(0);
        throw err;
      } finally {
        await call('close', path, (cb) => sftp.close(handle, cb)).catch(() => undefined);
      }
    },
    async upload(content, path) {
      const handle = await call<Buffer>('open', path, (cb) => sftp.open(path, 'w', cb));
      try {
        await call('write', path, (cb) => sftp.write(handle, content, 0, content.length, 0, cb));
        const ext = (sftp as unknown as { _extensions?: Record<string, unknown> })._extensions ?? {};
        if ('fsync@openssh.com' in ext) await call('fsync', path, (cb) => sftp.ext_openssh_fsync(handle, cb));
      } finally {
        await call('close', path, (cb) => sftp.close(handle, cb)).catch(() => undefined);
      }
    },
    rename: (from, to) => call('rename', from, (cb) => sftp.rename(from, to, cb)),
    remove: (path) => call('remove', path, (cb) => sftp.unlink(path, cb)),
    async mkdirp(dir) {
      const parts = dir.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const p = parts.slice(0, i).join('/');
        if (p === '' || p === '.') continue;
        const st = await session.stat(p);
        if (st === undefined) {
          await call('mkdir', p, (cb) => sftp.mkdir(p, cb)).catch(async (err: unknown) => {
            // Another session may have made it meanwhile.
            if ((await session.stat(p)) === undefined) throw err;
          });
        }
      }
    },
    async close() {
      closed = true;
      await client.end().catch(() => undefined);
    },
  };
  return session;
}

function reasonOf(err: unknown): string {
  const e = err as { message?: string; code?: unknown } | undefined;
  const message = (e?.message ?? String(err)).replace(/^(connect|getConnection|sftp): /, '');
  return e?.code !== undefined && typeof e.code === 'string' && !message.includes(e.code) ? `${message} (${e.code})` : message;
}
