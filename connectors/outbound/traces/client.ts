// Posting one TRACES V3 request (a SOAP envelope from v3/requests.ts) over HTTP and reading the
// answer with the v3 parsers: faults and HTTP failures come back as classified EdiErrors
// (v3/classify.ts), network failures and timeouts as retriable core errors. Every call waits
// its turn in the web service user's throttle. The envelope holds a password digest, never the
// authentication key; neither the envelope nor the key is logged.
import { coreErrors, toEdiError } from '../../../lib/errors.js';
import type { ResponseContext, SoapRequest } from './v3/index.js';
import type { CallThrottle } from './throttle.js';

export interface TracesEndpoint {
  /** Base URL ending in /tracesnt/, e.g. https://acceptance.eudr.webcloud.ec.europa.eu/tracesnt/ */
  baseUrl: string;
  timeoutMs: number;
}

export async function callTraces<T>(
  endpoint: TracesEndpoint,
  throttle: CallThrottle,
  username: string,
  request: SoapRequest,
  read: (body: Uint8Array, ctx: ResponseContext) => T,
  signal?: AbortSignal,
): Promise<T> {
  await throttle.take(signal);
  const url = new URL(request.path, endpoint.baseUrl.endsWith('/') ? endpoint.baseUrl : `${endpoint.baseUrl}/`).toString();
  const operation = `TRACES ${request.operation}`;
  let res: Response;
  try {
    const timeout = AbortSignal.timeout(endpoint.timeoutMs);
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': request.contentType, soapaction: `"${request.soapAction}"`, accept: 'text/xml' },
      body: request.xml,
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    const e = toEdiError(err, operation);
    throw e.code === 'EDI_ERR_TIMEOUT' ? coreErrors.create('EDI_ERR_TIMEOUT', { operation, ms: endpoint.timeoutMs }, { cause: err }) : e;
  }
  let body: Uint8Array;
  try {
    body = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw toEdiError(err, `${operation} (reading the answer)`);
  }
  if (res.status === 429) {
    const after = Number(res.headers.get('retry-after'));
    throw coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation, system: 'TRACES', status: 429 }, Number.isFinite(after) && after > 0 ? { retryAfterMs: after * 1000 } : {});
  }
  return read(body, { httpStatus: res.status, username });
}
