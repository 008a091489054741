// The configured web service users, compiled once: credentials for the envelope builders and
// one throttle per user name (the rate limit is per caller). Secrets stay wrapped in Secret.
import type { TracesCredentials } from './v3/index.js';
import type { TracesAccountConfig } from './spec.js';
import { CallThrottle } from './throttle.js';
import { tracesConnectorErrors } from './errors.js';

export interface TracesAccount {
  name: string;
  credentials: TracesCredentials;
  throttle: CallThrottle;
}

export class TracesAccounts {
  private readonly byName = new Map<string, TracesAccount>();

  constructor(configs: readonly TracesAccountConfig[], perSecond: number) {
    const throttles = new Map<string, CallThrottle>();
    for (const c of configs) {
      let throttle = throttles.get(c.username);
      if (throttle === undefined) throttles.set(c.username, (throttle = new CallThrottle(perSecond)));
      const credentials: TracesCredentials = { username: c.username, authKey: c.authKey, webServiceClientId: c.webServiceClientId };
      if (c.bodyIdentity !== undefined) credentials.bodyIdentity = c.bodyIdentity;
      this.byName.set(c.name, { name: c.name, credentials, throttle });
    }
  }

  /** The account a request names, "default" (or the only one) otherwise. */
  pick(name: string | undefined, statementId: string): TracesAccount {
    const wanted = name ?? 'default';
    const found = this.byName.get(wanted) ?? (name === undefined && this.byName.size === 1 ? [...this.byName.values()][0] : undefined);
    if (found === undefined) throw tracesConnectorErrors.create('EDI_ERR_TRACES_ACCOUNT_UNKNOWN', { id: statementId, account: wanted, known: [...this.byName.keys()].join(', ') });
    return found;
  }

  names(): Array<{ name: string; username: string; webServiceClientId: string }> {
    return [...this.byName.values()].map((a) => ({ name: a.name, username: a.credentials.username, webServiceClientId: a.credentials.webServiceClientId }));
  }
}
