// The options every SFTP connector shares (server, user, credentials, pinned host key), as a
// zod shape to spread into a connector's schema, and their compiled form.
import { z } from 'zod';
import { zSecret, type Secret } from '../../../lib/secret.js';
import { parseDuration } from '../../../lib/duration.js';
import { FINGERPRINT } from './host-key.js';

const duration = z.union([z.string(), z.number()]).refine((v) => {
  try {
    parseDuration(v);
    return true;
  } catch {
    return false;
  }
}, 'a duration such as 500ms, 20s, 5m');

export const sftpServerShape = {
  host: z.string().min(1).describe('SFTP server host name or address.'),
  port: z.number().int().min(1).max(65535).default(22).describe('SFTP server port.'),
  username: z.string().min(1).describe('User to log in as.'),
  password: zSecret().optional().describe('Password (`${env:…}` or `${file:…}`). Give a password or a private key.'),
  privateKey: zSecret().optional().describe('Private key in OpenSSH or PEM format, normally `${file:/run/secrets/key}`.'),
  passphrase: zSecret().optional().describe('Passphrase of an encrypted private key.'),
  hostKeyFingerprint: z
    .union([z.string().regex(FINGERPRINT, 'SHA256:<base64>, as `ssh-keygen -lf` prints it'), z.array(z.string().regex(FINGERPRINT, 'SHA256:<base64>, as `ssh-keygen -lf` prints it')).min(1)])
    .describe('Pinned host key fingerprint(s), `SHA256:…` as `ssh-keyscan -p PORT HOST | ssh-keygen -lf -` prints them (a list during a key rotation). Any other key is refused before authenticating, with an alert.'),
  connectTimeout: duration.default('20s').describe('Time allowed to connect and authenticate.'),
};

export const sftpServerSecrets = ['password', 'privateKey', 'passphrase'] as const;

export const hasCredentials = (c: { password?: unknown; privateKey?: unknown }): boolean => c.password !== undefined || c.privateKey !== undefined;
export const CREDENTIALS_MESSAGE = 'give password or privateKey';

export interface SftpServer {
  host: string;
  port: number;
  username: string;
  password: Secret | undefined;
  privateKey: Secret | undefined;
  passphrase: Secret | undefined;
  fingerprints: string[];
  connectTimeoutMs: number;
}

export function compileSftpServer(c: {
  host: string;
  port: number;
  username: string;
  password?: Secret | undefined;
  privateKey?: Secret | undefined;
  passphrase?: Secret | undefined;
  hostKeyFingerprint: string | string[];
  connectTimeout: string | number;
}): SftpServer {
  return {
    host: c.host,
    port: c.port,
    username: c.username,
    password: c.password,
    privateKey: c.privateKey,
    passphrase: c.passphrase,
    fingerprints: Array.isArray(c.hostKeyFingerprint) ? c.hostKeyFingerprint : [c.hostKeyFingerprint],
    connectTimeoutMs: parseDuration(c.connectTimeout),
  };
}
