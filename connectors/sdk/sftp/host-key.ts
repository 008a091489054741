// Host keys are pinned by fingerprint, written as OpenSSH prints them (`ssh-keygen -lf`,
// `ssh-keyscan HOST | ssh-keygen -lf -`): SHA256:<base64 without padding>.
import { createHash } from 'node:crypto';

export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
