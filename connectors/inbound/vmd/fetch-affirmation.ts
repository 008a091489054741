// One felling affirmation from VMD's public endpoint (issue 4: GET
// https://epak.vmd.gov.lv/api/public/affirmation-geojson/{number}): 200 → the document as
// served; 404 → permanent (no such affirmation); 408/425/429/5xx, timeouts and network
// failures → retriable; any other status → permanent with the start of the answer.
import { createHash } from 'node:crypto';
import { coreErrors, toEdiError } from '../../../lib/errors.js';
import type { AffirmationDocument } from '../../../transformers/eudr/statement-request.js';
import { vmdErrors } from './errors.js';

export const AFFIRMATION_PATH = '/api/public/affirmation-geojson/';

export interface FetchOptions {
  baseUrl: string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export function affirmationUrl(baseUrl: string, number: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${AFFIRMATION_PATH}${encodeURIComponent(number)}`;
}

export async function fetchAffirmation(statementId: string, number: string, o: FetchOptions): Promise<AffirmationDocument> {
  const url = affirmationUrl(o.baseUrl, number);
  const operation = `GET felling affirmation ${number} from ${url}`;
  let res: Response;
  try {
    const timeout = AbortSignal.timeout(o.timeoutMs);
    res = await fetch(url, { headers: { accept: 'application/geo+json, application/json' }, signal: o.signal ? AbortSignal.any([o.signal, timeout]) : timeout });
  } catch (err) {
    if (o.signal?.aborted) throw err;
    const e = toEdiError(err, operation);
    throw e.code === 'EDI_ERR_TIMEOUT' ? coreErrors.create('EDI_ERR_TIMEOUT', { operation, ms: o.timeoutMs }, { cause: err }) : e;
  }
  if (res.status === 404) {
    await res.body?.cancel();
    throw vmdErrors.create('EDI_ERR_VMD_AFFIRMATION_NOT_FOUND', { id: statementId, affirmation: number, url });
  }
  if (res.status >= 500 || res.status === 408 || res.status === 425 || res.status === 429) {
    await res.body?.cancel();
    const after = Number(res.headers.get('retry-after'));
    throw coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation, system: 'VMD', status: res.status }, Number.isFinite(after) && after > 0 ? { retryAfterMs: Math.min(300_000, after * 1000) } : {});
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > o.maxBytes) {
    await res.body?.cancel();
    throw vmdErrors.create('EDI_ERR_VMD_DOCUMENT_TOO_LARGE', { id: statementId, affirmation: number, limit: o.maxBytes });
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!res.ok) {
    throw vmdErrors.create('EDI_ERR_VMD_REFUSED', { id: statementId, affirmation: number, status: res.status, reason: bytes.toString('utf8', 0, 200).replace(/\s+/g, ' ') });
  }
  if (bytes.length > o.maxBytes) throw vmdErrors.create('EDI_ERR_VMD_DOCUMENT_TOO_LARGE', { id: statementId, affirmation: number, limit: o.maxBytes });
  return {
    number,
    url,
    geojson: bytes.toString('utf8'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fetchedAt: new Date().toISOString(),
  };
}
