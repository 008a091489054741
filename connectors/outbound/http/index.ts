// outbound.http: records POSTed to a partner's endpoint (see spec.ts). The delivery loop wraps
// each call in the retry helper; this file only says which answers are worth a retry.
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { ediId } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import { coreErrors } from '../../../lib/errors.js';
import { parseDuration } from '../../../lib/duration.js';
import { startDelivery, type DeliveryAttempt, type DeliveryOutcome } from '../../sdk/delivery.js';
import { compileRoutes } from '../../sdk/routing.js';
import { sourceFileName } from '../../sdk/file-names.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { httpDeliverySpec, type HttpDeliveryConfig } from './spec.js';
import { httpDeliveryErrors } from './errors.js';

const RETRY_LATER = new Set([408, 425, 429]);

function authHeaders(c: HttpDeliveryConfig): Record<string, string> {
  const h: Record<string, string> = {};
  if (c.bearerToken !== undefined) h.authorization = `Bearer ${c.bearerToken.reveal()}`;
  if (c.basicAuth !== undefined) h.authorization = `Basic ${Buffer.from(`${c.basicAuth.username}:${c.basicAuth.password.reveal()}`).toString('base64')}`;
  if (c.apiKey !== undefined) h[c.apiKey.header.toLowerCase()] = c.apiKey.value.reveal();
  return h;
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export const httpOutbound = defineComponent({
  spec: httpDeliverySpec,
  create(config, ctx) {
    const table = compileRoutes(config.routes);
    const timeoutMs = parseDuration(config.timeout);
    const duplicates = new Set(config.duplicateStatuses);
    let subscription: Subscription | undefined;

    async function post(record: BusRecord, attempt: DeliveryAttempt): Promise<DeliveryOutcome> {
      const route = table.match(record)!;
      const url = route.to ?? config.url;
      const id = ediId(record);
      const name = sourceFileName(record.headers[H.source]);
      const headers: Record<string, string> = {
        ...config.headers,
        ...authHeaders(config),
        'content-type': record.headers[H.contentType] ?? 'application/octet-stream',
        // Derived from edi-id: the same message keeps its key across retries and redeliveries.
        'idempotency-key': id,
        'x-edi-id': id,
        'x-edi-correlation-id': record.headers[H.correlationId] ?? id,
        ...(name ? { 'x-edi-filename': encodeURIComponent(name) } : {}),
      };
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers, body: record.value, signal: AbortSignal.any([attempt.signal, AbortSignal.timeout(timeoutMs)]) });
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') throw coreErrors.create('EDI_ERR_TIMEOUT', { operation: `POST ${url}`, ms: timeoutMs }, { cause: err });
        throw err; // network errors: retriable EDI_ERR_NETWORK via toEdiError
      }
      const text = (await res.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ');
      const refs = { url, status: String(res.status), route: String(route.index) };
      if (res.ok) return { refs };
      if (duplicates.has(res.status)) return { refs, duplicate: true };
      const wait = retryAfterMs(res.headers.get('retry-after'));
      if (res.status >= 500) throw coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation: `POST ${url}`, system: new URL(url).host, status: res.status }, wait === undefined ? {} : { retryAfterMs: wait });
      if (RETRY_LATER.has(res.status)) throw httpDeliveryErrors.create('EDI_ERR_DELIVERY_HTTP_THROTTLED', { url, status: res.status, id }, wait === undefined ? {} : { retryAfterMs: wait });
      throw httpDeliveryErrors.create('EDI_ERR_DELIVERY_HTTP_REJECTED', { url, id, status: res.status, body: text || '(empty)' }, { detail: { status: res.status } });
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: table.topics,
          step: 'deliver',
          accept: (r) => table.match(r) !== undefined,
          retry: compileDeliveryRetry(config.retry),
          concurrency: config.concurrency,
          deliver: post,
        });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({ url: config.url, topics: table.topics }),
    };
  },
});
