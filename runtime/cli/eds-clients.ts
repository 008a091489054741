// `edi eds clients`: the EDS API clients of every outbound.eds component in the config (issue 6,
// "Credentials"), with the state of their tokens as the running connector last recorded it in
// its state store (issued, expires, renew at, refused by EDS). Never a secret and never a
// token: the secret is named, and person codes are masked as in errors.
import type { Bus } from '../../topics/bus.js';
import { compileCredentialRegistry, maskPersonCode, type EdsCredentialsInput } from '../../schemas/eds/index.js';
import { tokenStateKey, type TokenMetadata } from '../../connectors/outbound/eds/index.js';
import type { CompiledConfig } from '../config/load.js';

export interface EdsClientLine {
  component: string;
  clientId: string;
  carrier: string | null;
  /** Masked person code (last three digits). */
  driver: string | null;
  plate: string | null;
  secretName: string;
  sharesSecretWith: string[];
  /** none: no token asked for yet; expired: the last one ran out (renewed at the next trip). */
  token: 'none' | 'valid' | 'expired' | 'refused';
  issuedAt?: string;
  expiresAt?: string;
  renewAt?: string;
  refusedAt?: string;
  reason?: string;
  tokenRequests: number;
}

/** The enabled outbound.eds components of the config, with their raw options. */
export function edsDeliveryEntries(config: CompiledConfig): Array<[string, Record<string, unknown>]> {
  return Object.entries(config.connectors).filter(([, e]) => e.type === 'outbound.eds' && e.enabled) as Array<[string, Record<string, unknown>]>;
}

export async function listEdsClients(config: CompiledConfig, bus: Bus, now = Date.now()): Promise<EdsClientLine[]> {
  const lines: EdsClientLine[] = [];
  for (const [id, entry] of edsDeliveryEntries(config)) {
    const registry = compileCredentialRegistry(entry.credentials as EdsCredentialsInput);
    const state = await bus.openState(id);
    for (const c of registry.list()) {
      const meta = (await state.get<TokenMetadata>(tokenStateKey(c.clientId)))?.value;
      const expired = meta?.status === 'valid' && meta.expiresAt !== undefined && Date.parse(meta.expiresAt) <= now;
      lines.push({
        component: id,
        clientId: c.clientId,
        carrier: c.carrier ?? null,
        driver: c.personCode === undefined ? null : maskPersonCode(c.personCode).replace(/"/g, ''),
        plate: c.plate ?? null,
        secretName: c.secretName,
        sharesSecretWith: c.sharesSecretWith,
        token: meta === undefined ? 'none' : expired ? 'expired' : meta.status,
        ...(meta?.issuedAt ? { issuedAt: meta.issuedAt } : {}),
        ...(meta?.expiresAt ? { expiresAt: meta.expiresAt } : {}),
        ...(meta?.renewAt ? { renewAt: meta.renewAt } : {}),
        ...(meta?.refusedAt ? { refusedAt: meta.refusedAt } : {}),
        ...(meta?.reason ? { reason: meta.reason } : {}),
        tokenRequests: meta?.requests ?? 0,
      });
    }
  }
  return lines;
}

export function formatEdsClients(lines: readonly EdsClientLine[]): string {
  const head = ['component', 'client_id', 'carrier', 'driver', 'plate', 'secret (name)', 'shared', 'token', 'expires / refused', 'requests'];
  const rows = lines.map((l) => [
    l.component,
    l.clientId,
    l.carrier ?? '',
    l.driver ?? '',
    l.plate ?? '',
    l.secretName,
    l.sharesSecretWith.length === 0 ? '' : `with ${l.sharesSecretWith.length}`,
    l.token,
    l.token === 'refused' ? `${l.refusedAt ?? ''} ${l.reason ?? ''}` : (l.expiresAt ?? ''),
    String(l.tokenRequests),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)].join('\n');
}
