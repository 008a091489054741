// The router's OAuth2 client-credentials token (reference README "Token"): POST
// {token endpoint}?grant_type=client_credentials with HTTP Basic client_id:secret →
// {access_token, expires_in}. Cached until shortly before it runs out; one request at a time
// however many deliveries ask; dropped when the router says it is no longer valid. Neither
// the secret nor the token ever reaches a log, an error or the state store.
import { coreErrors, toEdiError } from '../../../lib/errors.js';
import { Secret } from '../../../lib/secret.js';
import { tobaccoRouterErrors } from './errors.js';

export interface TokenSourceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: Secret;
  /** Renew this long before expires_in runs out (at most half the lifetime). */
  refreshBeforeMs: number;
  timeoutMs: number;
  /** Called when the endpoint refuses the credentials (an operator must act). */
  onRefused?: (status: number, reason: string) => void;
  now?: () => number;
}

interface CachedToken {
  token: Secret;
  renewAt: number;
}

export class TokenSource {
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  private readonly url: string;
  private readonly authorization: Secret;
  private readonly now: () => number;
  /** Tokens fetched so far (for describe() and tests). */
  issued = 0;

  constructor(private readonly options: TokenSourceOptions) {
    this.url = `${options.tokenUrl}${options.tokenUrl.includes('?') ? '&' : '?'}grant_type=client_credentials`;
    this.authorization = new Secret(`Basic ${Buffer.from(`${options.clientId}:${options.clientSecret.reveal()}`).toString('base64')}`);
    this.now = options.now ?? Date.now;
  }

  /** A valid token, from the cache when it is not about to run out. */
  async get(signal?: AbortSignal): Promise<Secret> {
    const c = this.cached;
    if (c !== undefined && this.now() < c.renewAt) return c.token;
    this.pending ??= this.fetch(signal).finally(() => (this.pending = undefined));
    return (await this.pending).token;
  }

  /** Forgets `token` if it is still the cached one (a 401 from the router). */
  invalidate(token: Secret): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(signal?: AbortSignal): Promise<CachedToken> {
    const operation = `token from ${this.options.tokenUrl}`;
    let res: Response;
    try {
      const timeout = AbortSignal.timeout(this.options.timeoutMs);
      res = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: this.authorization.reveal(), accept: 'application/json' },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw toEdiError(err, operation);
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 500 || res.status === 429) throw coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation, system: 'the token endpoint', status: res.status }, retryAfter(res));
    if (!res.ok) {
      const reason = errorReason(text);
      this.options.onRefused?.(res.status, reason);
      throw tobaccoRouterErrors.create('EDI_ERR_TOBACCO_ROUTER_TOKEN_REFUSED', { url: this.options.tokenUrl, clientId: this.options.clientId, status: res.status, reason });
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    const lifetimeS = Number(body.expires_in);
    if (typeof body.access_token !== 'string' || body.access_token === '' || !(lifetimeS > 0)) {
      throw tobaccoRouterErrors.create('EDI_ERR_TOBACCO_ROUTER_TOKEN_ANSWER', { url: this.options.tokenUrl });
    }
    const lifetimeMs = lifetimeS * 1000;
    const cached = { token: new Secret(body.access_token), renewAt: this.now() + lifetimeMs - Math.min(this.options.refreshBeforeMs, lifetimeMs / 2) };
    this.cached = cached;
    this.issued++;
    return cached;
  }
}

/** The OAuth2 error of a refusal ({error, error_description}), never the request's credentials. */
function errorReason(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    return [j.error, j.error_description].filter((v) => typeof v === 'string').join(': ') || 'refused';
  } catch {
    return text.slice(0, 120) || 'refused';
  }
}

export function retryAfter(res: Response): { retryAfterMs?: number } {
  const v = res.headers.get('retry-after');
  if (v === null) return {};
  const s = Number(v);
  if (Number.isFinite(s)) return { retryAfterMs: Math.min(300_000, s * 1000) };
  const at = Date.parse(v);
  return Number.isNaN(at) ? {} : { retryAfterMs: Math.min(300_000, Math.max(0, at - Date.now())) };
}
