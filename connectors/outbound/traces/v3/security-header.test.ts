import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../../lib/secret.js';
import { withXml } from '../../../../schemas/xml/parse.js';
import { NS, WSS_PASSWORD_DIGEST } from '../../../../schemas/traces/namespaces.js';
import { digestMatches, passwordDigest } from '../../../../schemas/traces/ws-security.js';
import { descendant } from '../../../../schemas/traces/xml-nav.js';
import { echoRequest } from './requests.js';

const nonce = Uint8Array.from({ length: 16 }, (_, i) => i);
const created = '2026-05-20T09:52:30.345Z';
const key = 'sandbox-auth-key-0001';

describe('WS-Security PasswordDigest', () => {
  it('is Base64(SHA-1(nonce bytes + Created + auth key)), computed here from the formula', () => {
    const byHand = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce), Buffer.from(created, 'utf8'), Buffer.from(key, 'utf8')]))
      .digest('base64');
    expect(passwordDigest(nonce, created, key)).toBe(byHand);
  });

  it('matches the vector computed independently (Python hashlib) for nonce 00..0f', () => {
    expect(Buffer.from(nonce).toString('base64')).toBe('AAECAwQFBgcICQoLDA0ODw==');
    expect(passwordDigest(nonce, created, key)).toBe('PCbbxWngX0XbKmPeW47NA+CYGAw=');
  });

  it('changes with any of nonce, Created or key', () => {
    const base = passwordDigest(nonce, created, key);
    expect(passwordDigest(Uint8Array.from({ length: 16 }, () => 7), created, key)).not.toBe(base);
    expect(passwordDigest(nonce, '2026-05-20T09:52:30.346Z', key)).not.toBe(base);
    expect(passwordDigest(nonce, created, `${key}x`)).not.toBe(base);
  });

  it('verifies with digestMatches and refuses a wrong digest', () => {
    const b64 = Buffer.from(nonce).toString('base64');
    expect(digestMatches(b64, created, key, passwordDigest(nonce, created, key))).toBe(true);
    expect(digestMatches(b64, created, 'other', passwordDigest(nonce, created, key))).toBe(false);
    expect(digestMatches(b64, created, key, 'not-a-digest')).toBe(false);
  });
});

describe('security header of a request', () => {
  const credentials = { username: 'edi-operator', authKey: new Secret(key), webServiceClientId: 'eudr-test' };
  const now = new Date('2026-05-20T09:52:30.345Z');
  const req = echoRequest(credentials, 'hello', { now: () => now, nonce: () => nonce });

  it('carries a Timestamp whose Expires is one minute after Created, both UTC with milliseconds', () => {
    withXml(Buffer.from(req.xml), {}, (doc) => {
      const ts = descendant(doc.root, 'Timestamp', NS.wsu)!;
      const c = descendant(ts, 'Created', NS.wsu)!.content;
      const e = descendant(ts, 'Expires', NS.wsu)!.content;
      expect(c).toBe('2026-05-20T09:52:30.345Z');
      expect(Date.parse(e) - Date.parse(c)).toBe(60_000);
      expect(e).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
  });

  it('carries a UsernameToken whose digest verifies from its own Nonce and Created', () => {
    withXml(Buffer.from(req.xml), {}, (doc) => {
      const token = descendant(doc.root, 'UsernameToken', NS.wsse)!;
      const password = descendant(token, 'Password', NS.wsse)!;
      expect(password.attr('Type')?.value).toBe(WSS_PASSWORD_DIGEST);
      const nonceB64 = descendant(token, 'Nonce', NS.wsse)!.content;
      expect(Buffer.from(nonceB64, 'base64')).toHaveLength(16);
      const tokenCreated = descendant(token, 'Created', NS.wsu)!.content;
      expect(digestMatches(nonceB64, tokenCreated, key, password.content)).toBe(true);
      expect(descendant(doc.root, 'WebServiceClientId', NS.base)!.content).toBe('eudr-test');
    });
  });

  it('never writes the authentication key itself', () => {
    expect(req.xml).not.toContain(key);
    expect(JSON.stringify(credentials)).not.toContain(key);
  });

  it('uses a fresh random nonce per request when none is injected', () => {
    const a = echoRequest(credentials, 'x').xml.match(/<wsse:Nonce[^>]*>([^<]+)</)![1];
    const b = echoRequest(credentials, 'x').xml.match(/<wsse:Nonce[^>]*>([^<]+)</)![1];
    expect(a).not.toBe(b);
  });

  it('refuses a timestamp lifetime over one minute', () => {
    expect(() => echoRequest(credentials, 'x', { timestampTtlMs: 61_000 })).toThrow(/outside/);
  });
});
