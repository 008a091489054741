// WS-Security UsernameToken with PasswordDigest as TRACES requires it, shared by the client
// (which computes the digest) and the sandbox (which checks it).
// Source: OASIS WSS UsernameToken Profile 1.0 §3.1 and the Commission's CF1 v1.4 §6:
//   Password = Base64( SHA-1( nonce bytes + Created + authentication key ) ),
//   Nonce = 16 random bytes sent Base64, Created in UTC with milliseconds,
//   Timestamp Expires at most 1 minute after Created; the server accepts Created within 5 min.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const NONCE_BYTES = 16;
/** The client's upper bound for wsu:Timestamp Expires − Created (CF1: "can't be more than 1 minute"). */
export const MAX_TIMESTAMP_TTL_MS = 60_000;
/** How far wsu:Created may be from the server's clock (Operator API Reference §3.9). */
export const SERVER_CLOCK_WINDOW_MS = 5 * 60_000;

/** Base64(SHA-1(nonce ‖ UTF-8(created) ‖ UTF-8(authKey))). The key never leaves this function. */
export function passwordDigest(nonce: Uint8Array, created: string, authKey: string): string {
  return createHash('sha1').update(nonce).update(created, 'utf8').update(authKey, 'utf8').digest('base64');
}

/** Constant-time comparison of a received digest with the expected one. */
export function digestMatches(nonceBase64: string, created: string, authKey: string, receivedDigest: string): boolean {
  const nonce = Buffer.from(nonceBase64, 'base64');
  const expected = Buffer.from(passwordDigest(nonce, created, authKey), 'base64');
  let received: Buffer;
  try {
    received = Buffer.from(receivedDigest.trim(), 'base64');
  } catch {
    return false;
  }
  return received.length === expected.length && timingSafeEqual(received, expected);
}

export function newNonce(): Uint8Array {
  return randomBytes(NONCE_BYTES);
}

/** xs:dateTime in UTC with milliseconds, e.g. 2026-05-20T09:52:30.345Z. */
export function formatCreated(at: Date): string {
  return at.toISOString();
}
