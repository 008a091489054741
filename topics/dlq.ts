// A DLQ record is the original record unchanged plus the reason (DESIGN.md, "The record"),
// and the topic it came from so that `edi replay` can put it back.
import type { EdiError } from '../lib/errors.js';
import { H } from './headers.js';
import type { BusRecord, OutgoingRecord } from './record.js';

/** Header values are bounded so one huge parser message cannot bloat the DLQ. */
const MAX_HEADER_CHARS = 4000;

export function dlqRecord(record: BusRecord, dlqTopic: string, err: EdiError, stage: string, attempts = 1): OutgoingRecord {
  return {
    topic: dlqTopic,
    key: record.key,
    value: record.value,
    headers: {
      ...record.headers,
      [H.errorStage]: stage,
      [H.errorCode]: err.code,
      [H.errorMessage]: truncate(err.message),
      [H.errorDetail]: truncate(JSON.stringify(err.detail ?? {})),
      [H.attempts]: String(attempts),
      [H.originTopic]: record.topic,
    },
  };
}

/** The headers a replayed record must not carry back to its source topic. */
export const DLQ_ONLY_HEADERS: readonly string[] = [H.errorStage, H.errorCode, H.errorMessage, H.errorDetail, H.attempts, H.originTopic];

function truncate(s: string): string {
  return s.length <= MAX_HEADER_CHARS ? s : `${s.slice(0, MAX_HEADER_CHARS - 1)}…`;
}
