// Bearer tokens of the EDS API clients (reference README: POST /api/taxi/auth with JSON
// {grant_type: "client_credentials", client_id, client_secret} → {access_token, token_type,
// expires_in}; the lifetime is undocumented). One cache entry per client_id, renewed shortly
// before expires_in runs out; concurrent trips of one client share one token request
// (single-flight). A refusal of the credentials themselves (a client deleted in EDS, a secret
// changed) is remembered for `refusedRecheckMs`, so a revoked driver's backlog goes to the DLQ
// with one token request and one alert, not one per trip. Token metadata (when issued, when it
// expires, how many requests, a refusal) is written to the state store for `edi eds clients`;
// the token itself and the secret never leave this file except in the request to EDS.
import type { Logger } from 'pino';
import type { EdiError } from '../../../lib/errors.js';
import { Secret } from '../../../lib/secret.js';
import type { CredentialRegistry } from '../../../schemas/eds/index.js';
import type { StateStore } from '../../../topics/state-store.js';
import { edsDeliveryErrors } from './errors.js';
import { exchange, upstreamError } from './http.js';

/** What `edi eds clients` shows of a client's token: never the token. */
export interface TokenMetadata {
  clientId: string;
  status: 'valid' | 'refused';
  /** Token requests made for this client since the component started. */
  requests: number;
  issuedAt?: string;
  expiresAt?: string;
  /** When the cached token will be renewed. */
  renewAt?: string;
  refusedAt?: string;
  /** EDS's OAuth error code of a refusal (invalid_client, …). */
  reason?: string;
  updatedAt: string;
}

export const tokenStateKey = (clientId: string): string => `token:${clientId}`;

export interface EdsTokensOptions {
  baseUrl: string;
  registry: CredentialRegistry;
  refreshBeforeMs: number;
  refusedRecheckMs: number;
  timeoutMs: number;
  state: StateStore;
  log: Logger;
  /** Called once per refusal that EDS actually answered (not for the remembered ones). */
  onRefused?: (clientId: string, error: EdiError) => void;
  now?: () => number;
}

interface Cached {
  token: Secret;
  renewAt: number;
}

export class EdsTokens {
  private readonly cached = new Map<string, Cached>();
  private readonly pending = new Map<string, Promise<Cached>>();
  private readonly refused = new Map<string, { until: number; error: EdiError }>();
  private readonly requestsOf = new Map<string, number>();
  private readonly now: () => number;
  /** Token requests sent to EDS so far, and tokens received. */
  requests = 0;
  issued = 0;

  constructor(private readonly o: EdsTokensOptions) {
    this.now = o.now ?? Date.now;
  }

  /** A token of the client, from the cache unless it is about to run out. */
  async get(clientId: string, signal?: AbortSignal): Promise<Secret> {
    const c = this.cached.get(clientId);
    if (c !== undefined && this.now() < c.renewAt) return c.token;
    const refusal = this.refused.get(clientId);
    if (refusal !== undefined) {
      if (this.now() < refusal.until) throw refusal.error;
      this.refused.delete(clientId);
    }
    let p = this.pending.get(clientId);
    if (p === undefined) {
      p = this.fetch(clientId, signal).finally(() => this.pending.delete(clientId));
      this.pending.set(clientId, p);
    }
    return (await p).token;
  }

  /** Forgets `token` if it is still the client's cached one (EDS answered 401 to it). */
  invalidate(clientId: string, token: Secret): void {
    if (this.cached.get(clientId)?.token === token) this.cached.delete(clientId);
  }

  private async fetch(clientId: string, signal?: AbortSignal): Promise<Cached> {
    const secret = this.o.registry.secretOf(clientId);
    if (secret === undefined) throw edsDeliveryErrors.create('EDI_ERR_EDS_CLIENT_NO_SECRET', { clientId });
    const operation = `token request of client ${clientId}`;
    this.requests++;
    const requests = (this.requestsOf.get(clientId) ?? 0) + 1;
    this.requestsOf.set(clientId, requests);
    const body = new Secret(JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret.reveal() }));
    const answer = await exchange(
      `${this.o.baseUrl}/api/taxi/auth`,
      { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' }, body: body.reveal() },
      operation,
      this.o.timeoutMs,
      signal,
    );
    if (answer.status >= 500 || answer.status === 408) throw upstreamError(operation, answer);
    if (answer.status === 429) {
      const waitMs = answer.retryAfterMs ?? 1000;
      throw edsDeliveryErrors.create('EDI_ERR_EDS_RATE_LIMITED', { clientId, waitMs }, answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs });
    }
    const oauth = answer.json !== null && typeof answer.json === 'object' ? (answer.json as { error?: unknown; access_token?: unknown; expires_in?: unknown }) : {};
    if (answer.status !== 200) {
      const code = typeof oauth.error === 'string' ? oauth.error : `HTTP ${answer.status}`;
      // 401/403, or OAuth's invalid_client / unauthorized_client / invalid_grant: the credentials
      // themselves. Any other 400 means our request is wrong: not the client's fault, not retriable.
      const credentials = answer.status === 401 || answer.status === 403 || /^(invalid_client|unauthorized_client|invalid_grant)$/.test(code);
      const error = credentials
        ? edsDeliveryErrors.create('EDI_ERR_EDS_CLIENT_REVOKED', { clientId, reason: `HTTP ${answer.status} ${code}` }, { detail: { clientId, status: answer.status, oauthError: code } })
        : edsDeliveryErrors.create('EDI_ERR_EDS_UNEXPECTED_ANSWER', { status: answer.status, operation, reason: code }, { detail: { clientId, status: answer.status } });
      if (credentials) {
        this.refused.set(clientId, { until: this.now() + this.o.refusedRecheckMs, error });
        this.cached.delete(clientId);
        await this.record({ clientId, status: 'refused', requests, refusedAt: new Date(this.now()).toISOString(), reason: code, updatedAt: new Date(this.now()).toISOString() });
        this.o.onRefused?.(clientId, error);
      }
      throw error;
    }
    const lifetimeS = Number(oauth.expires_in);
    if (typeof oauth.access_token !== 'string' || oauth.access_token === '' || !(lifetimeS > 0)) throw edsDeliveryErrors.create('EDI_ERR_EDS_AUTH_ANSWER', { clientId });
    const issuedAt = this.now();
    const lifetimeMs = lifetimeS * 1000;
    const cached: Cached = { token: new Secret(oauth.access_token), renewAt: issuedAt + lifetimeMs - Math.min(this.o.refreshBeforeMs, lifetimeMs / 2) };
    this.cached.set(clientId, cached);
    this.issued++;
    await this.record({
      clientId,
      status: 'valid',
      requests,
      issuedAt: new Date(issuedAt).toISOString(),
      expiresAt: new Date(issuedAt + lifetimeMs).toISOString(),
      renewAt: new Date(cached.renewAt).toISOString(),
      updatedAt: new Date(issuedAt).toISOString(),
    });
    return cached;
  }

  /** Metadata for `edi eds clients`; a failed write costs only the listing, never a delivery. */
  private async record(meta: TokenMetadata): Promise<void> {
    try {
      await this.o.state.put(tokenStateKey(meta.clientId), meta);
    } catch (err) {
      this.o.log.warn({ clientId: meta.clientId, err: err instanceof Error ? err.message : String(err) }, 'could not record token metadata');
    }
  }
}
