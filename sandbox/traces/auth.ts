// The sandbox's check of a request's WS-Security header, as TRACES applies it: the
// UsernameToken's PasswordDigest must be Base64(SHA-1(nonce + Created + authentication key)) of
// a known web service user, Created within 5 minutes of the server clock, the Timestamp not
// expired, the nonce not replayed, and the v4:WebServiceClientId header the user's.
// Sources: CF1 v1.4 §6; Operator API Reference v1.0 §1.2.3 and §3.9 (troubleshooting).
import type { XmlElement } from 'libxml2-wasm';
import { NS, WSS_PASSWORD_DIGEST } from '../../schemas/traces/namespaces.js';
import { digestMatches } from '../../schemas/traces/ws-security.js';
import { child, childText } from '../../schemas/traces/xml-nav.js';
import type { TracesUser } from './options.js';
import type { TracesStore } from './store.js';

export type AuthResult = { ok: true; user: TracesUser; clientId: string } | { ok: false; reason: string };

export interface AuthContext {
  users: readonly TracesUser[];
  now: number;
  clockSkewMs: number;
  store: TracesStore;
}

export function authenticate(header: XmlElement | undefined, ctx: AuthContext): AuthResult {
  const fail = (reason: string): AuthResult => ({ ok: false, reason });
  if (header === undefined) return fail('no SOAP Header (WS-Security is required)');
  const security = child(header, 'Security', NS.wsse);
  if (security === undefined) return fail('no wsse:Security header');

  const timestamp = child(security, 'Timestamp', NS.wsu);
  if (timestamp === undefined) return fail('no wsu:Timestamp');
  const tsCreated = Date.parse(childText(timestamp, 'Created', NS.wsu) ?? '');
  const tsExpires = Date.parse(childText(timestamp, 'Expires', NS.wsu) ?? '');
  if (Number.isNaN(tsCreated) || Number.isNaN(tsExpires)) return fail('wsu:Timestamp needs Created and Expires as xs:dateTime');
  if (Math.abs(tsCreated - ctx.now) > ctx.clockSkewMs) return fail(`wsu:Timestamp Created is more than ${ctx.clockSkewMs / 60_000} minutes from the server clock`);
  if (tsExpires < ctx.now - ctx.clockSkewMs) return fail('the message has expired (wsu:Expires is in the past)');
  if (tsExpires < tsCreated) return fail('wsu:Expires is before wsu:Created');

  const token = child(security, 'UsernameToken', NS.wsse);
  if (token === undefined) return fail('no wsse:UsernameToken');
  const username = childText(token, 'Username', NS.wsse) ?? '';
  const password = child(token, 'Password', NS.wsse);
  const nonce = childText(token, 'Nonce', NS.wsse) ?? '';
  const createdText = childText(token, 'Created', NS.wsu) ?? '';
  const created = Date.parse(createdText);
  if (password === undefined || password.attr('Type')?.value !== WSS_PASSWORD_DIGEST) return fail('the password must be a PasswordDigest');
  if (nonce === '' || Buffer.from(nonce, 'base64').length === 0) return fail('no wsse:Nonce');
  if (Number.isNaN(created)) return fail('no wsu:Created in the UsernameToken');
  if (Math.abs(created - ctx.now) > ctx.clockSkewMs) return fail(`UsernameToken Created is more than ${ctx.clockSkewMs / 60_000} minutes from the server clock`);
  const user = ctx.users.find((u) => u.username === username);
  // One answer for an unknown user and a wrong digest: the caller learns nothing about which.
  if (user === undefined || !digestMatches(nonce, createdText, user.authKey, password.content)) return fail('invalid username or password digest');
  if (!ctx.store.acceptNonce(nonce, ctx.now, ctx.clockSkewMs)) return fail('the nonce was already used (replay)');

  const clientId = childText(header, 'WebServiceClientId', NS.base);
  if (clientId === undefined || clientId === '') return fail('no v4:WebServiceClientId header');
  if (clientId !== user.webServiceClientId) return fail(`web service client id ${JSON.stringify(clientId)} is not the one of this user`);
  return { ok: true, user, clientId };
}

/** The release 8.2.1 BodyIdentity header: which operator a multi-operator user acts for. */
export function bodyIdentityAllowed(header: XmlElement | undefined, user: TracesUser): { ok: true } | { ok: false; reason: string } {
  const identity = header === undefined ? undefined : child(header, 'BodyIdentity', NS.body);
  if (identity === undefined) return { ok: true };
  const value = childText(identity, 'OperatorAccessIdentifier') ?? '';
  if (value !== '' && user.operatorAccessIdentifiers.includes(value)) return { ok: true };
  return { ok: false, reason: 'the BodyIdentity does not name an operator this user may act for' };
}
