// Fills the Commission-style {{wsse_*}} placeholders of a TRACES request fixture with a fresh,
// valid UsernameToken (or a deliberately wrong one), so stored wire messages can be replayed
// against the TRACES sandbox. Uses the same digest the client and the sandbox use.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { formatCreated, passwordDigest } from '../../schemas/traces/ws-security.js';

export const TRACES_FIXTURES = new URL('../../connectors/outbound/traces/v3/fixtures/', import.meta.url);

export function tracesFixture(name: string): string {
  return readFileSync(new URL(name, TRACES_FIXTURES), 'utf8');
}

export interface WsseFill {
  username: string;
  authKey: string;
  clientId?: string;
  now?: Date;
  ttlMs?: number;
  nonce?: Uint8Array;
  /** Replace other {{name}} placeholders (uuid, internal_reference, reference_number…). */
  values?: Record<string, string>;
}

export function fillWsse(template: string, fill: WsseFill): string {
  const now = fill.now ?? new Date();
  const created = formatCreated(now);
  const expires = formatCreated(new Date(now.getTime() + (fill.ttlMs ?? 60_000)));
  const nonce = fill.nonce ?? randomBytes(16);
  let xml = template
    .replaceAll('{{wsse_created}}', created)
    .replaceAll('{{wsse_expires}}', expires)
    .replaceAll('{{wsse_username}}', fill.username)
    .replaceAll('{{wsse_nonce}}', Buffer.from(nonce).toString('base64'))
    .replaceAll('{{wsse_passwordDigest}}', passwordDigest(nonce, created, fill.authKey));
  if (fill.clientId !== undefined) xml = xml.replace(/(<v4:WebServiceClientId>)[^<]*(<\/v4:WebServiceClientId>)/, `$1${fill.clientId}$2`);
  for (const [k, v] of Object.entries(fill.values ?? {})) xml = xml.replaceAll(`{{${k}}}`, v);
  return xml;
}
