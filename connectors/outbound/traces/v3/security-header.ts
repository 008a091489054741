// The WS-Security header TRACES requires on every call: a wsu:Timestamp (Created, Expires at
// most one minute later) and a UsernameToken whose Password is the digest of nonce + Created
// + authentication key. Source: CF1 v1.4 §6; Operator API Reference v1.0 §5.1.1 (sample).
import { randomBytes } from 'node:crypto';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Secret } from '../../../../lib/secret.js';
import { NS, WSS_BASE64_BINARY, WSS_PASSWORD_DIGEST } from '../../../../schemas/traces/namespaces.js';
import { MAX_TIMESTAMP_TTL_MS, formatCreated, passwordDigest } from '../../../../schemas/traces/ws-security.js';

export interface UsernameTokenInput {
  /** The EU Login user name of the web service user. */
  username: string;
  authKey: Secret;
  /** When the message is created (UTC, milliseconds kept). */
  created: Date;
  /** 16 random bytes. */
  nonce: Uint8Array;
  /** Expires − Created; at most 60 000 ms. */
  ttlMs: number;
}

export function writeSecurityHeader(header: XMLBuilder, t: UsernameTokenInput): void {
  if (t.ttlMs <= 0 || t.ttlMs > MAX_TIMESTAMP_TTL_MS) throw new RangeError(`timestamp lifetime ${t.ttlMs} ms is outside 1…${MAX_TIMESTAMP_TTL_MS} ms`);
  const created = formatCreated(t.created);
  const expires = formatCreated(new Date(t.created.getTime() + t.ttlMs));
  const id = randomBytes(8).toString('hex').toUpperCase();
  const security = header.ele(NS.wsse, 'wsse:Security', { 'xmlns:wsu': NS.wsu });
  const ts = security.ele(NS.wsu, 'wsu:Timestamp').att(NS.wsu, 'wsu:Id', `TS-${id}`);
  ts.ele(NS.wsu, 'wsu:Created').txt(created);
  ts.ele(NS.wsu, 'wsu:Expires').txt(expires);
  const token = security.ele(NS.wsse, 'wsse:UsernameToken').att(NS.wsu, 'wsu:Id', `UT-${id}`);
  token.ele(NS.wsse, 'wsse:Username').txt(t.username);
  token.ele(NS.wsse, 'wsse:Password', { Type: WSS_PASSWORD_DIGEST }).txt(passwordDigest(t.nonce, created, t.authKey.reveal()));
  token.ele(NS.wsse, 'wsse:Nonce', { EncodingType: WSS_BASE64_BINARY }).txt(Buffer.from(t.nonce).toString('base64'));
  token.ele(NS.wsu, 'wsu:Created').txt(created);
}
