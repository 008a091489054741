// TRACES refusing who we are (UnauthenticatedException, a role the user lacks) needs an
// operator, not a retry: an alert on edi.alerts, at most every 5 minutes per web service user.
import type { ComponentContext } from '../../../topics/component.js';
import type { EdiError } from '../../../lib/errors.js';
import { classificationOf } from './v3/index.js';

const ALERT_EVERY_MS = 300_000;

/** Raises an alert (at most every 5 minutes per user) when TRACES refuses who we are. */
export function authenticationAlerter(ctx: ComponentContext): (err: EdiError, username: string, environment: string) => Promise<void> {
  const last = new Map<string, number>();
  return async (err, username, environment) => {
    if (classificationOf(err) !== 'authentication') return;
    if (Date.now() - (last.get(username) ?? 0) < ALERT_EVERY_MS) return;
    last.set(username, Date.now());
    await ctx.alert({ code: err.code, message: err.message, detail: { username, environment } }).catch(() => undefined);
  };
}
