// The papiNet step as one pure function: a record from papinet.inbound → the same bytes on
// papinet.valid, keyed by the document number, with the classification in headers; or a typed
// error for papinet.dlq. The runner binding it to topics is the runtime's (transformers/runner.ts).
import type { EdiError } from '../../lib/errors.js';
import type { Headers } from '../../topics/headers.js';
import { derivedRecord, type OutgoingRecord } from '../../topics/record.js';
import { checkPapinet, type PapinetContext } from './check.js';
import { papinetHeaders, PH } from './headers.js';
import { compilePapinetOptions, DEFAULT_PAPINET_OPTIONS } from './options.js';
import type { PapinetSummary } from './summary.js';

export interface PapinetRecordInput {
  value: Buffer;
  headers: Headers;
}

/** Assignable to the runner's TransformResult. */
export type PapinetTransformResult =
  | { ok: true; records: OutgoingRecord[]; key: string; refs: Record<string, string>; summary: PapinetSummary }
  | { ok: false; error: EdiError };

export const PAPINET_CONTENT_TYPE = 'application/xml';

export function transformPapinet(record: PapinetRecordInput, ctx: PapinetContext = {}): PapinetTransformResult {
  const options = ctx.options === undefined ? DEFAULT_PAPINET_OPTIONS : compilePapinetOptions(ctx.options);
  const checked = checkPapinet(record.value, { ...ctx, options });
  if (!checked.ok) return { ok: false, error: checked.error };
  const s = checked.summary;
  const headers = papinetHeaders(s);
  const out = derivedRecord(record, {
    topic: options.validTopic,
    key: s.number,
    value: record.value, // the original bytes, unchanged
    contentType: PAPINET_CONTENT_TYPE,
    schema: `papinet/${s.root}`,
    headers,
  });
  const refs: Record<string, string> = { document: s.document, type: s.type, status: s.status, number: s.number, eudr: headers[PH.eudr]! };
  if (s.fellingAffirmations.length > 0) refs.affirmations = s.fellingAffirmations.join(',');
  return { ok: true, records: [out], key: s.number, refs, summary: s };
}
