// Applies the seed at every start with INSERT OR IGNORE (a revoked or re-created client keeps
// its state across restarts) and shows it on GET /_sandbox/seed: carriers, drivers, client
// ids, which clients share a secret — never a secret (defaults: sandbox/eds/seed.json).
import type { EdsSeed } from './options.js';
import type { EdsStore } from './store.js';

export function applySeed(store: EdsStore, seed: EdsSeed): void {
  store.transaction(() => {
    for (const c of seed.carriers) store.putCarrier(c.taxpayerCode, c.name);
    for (const c of seed.clients) {
      store.seedClient({
        clientId: c.clientId,
        carrier: c.carrier,
        ...(c.personCode === undefined ? {} : { personCode: c.personCode }),
        ...(c.plate === undefined ? {} : { plate: c.plate }),
        secret: seed.secrets[c.secret] as string,
        secretName: c.secret,
      });
    }
  });
}

export interface ClientView {
  client_id: string;
  carrier: string;
  personCode: string | null;
  plate: string | null;
  /** The name of its secret in the seed or the admin call; never the secret. */
  secretName: string | null;
  /** Other clients whose secret is the same (compared by hash). */
  sharesSecretWith: string[];
  revoked: boolean;
}

export function clientViews(store: EdsStore): ClientView[] {
  const rows = store.clients();
  const bySecret = new Map<string, string[]>();
  for (const r of rows) bySecret.set(r.secret_sha256, [...(bySecret.get(r.secret_sha256) ?? []), r.client_id]);
  return rows.map((r) => ({
    client_id: r.client_id,
    carrier: r.carrier,
    personCode: r.person_code,
    plate: r.plate,
    secretName: r.secret_name,
    sharesSecretWith: (bySecret.get(r.secret_sha256) ?? []).filter((id) => id !== r.client_id),
    revoked: r.revoked_at !== null,
  }));
}

export function seedView(store: EdsStore): Record<string, unknown> {
  const clients = clientViews(store);
  return {
    secrets: 'never served; the default ones are in sandbox/eds/seed.json',
    carriers: store.carriers().map((c) => ({
      taxpayerCode: c.taxpayer_code,
      name: c.name,
      drivers: clients.filter((k) => k.carrier === c.taxpayer_code).map((k) => ({ personCode: k.personCode, plate: k.plate, client_id: k.client_id, secretName: k.secretName, revoked: k.revoked })),
    })),
    clients,
  };
}
