// Every step of every message writes a small event to edi.tracking (DESIGN.md); the runtime
// indexes them for `edi track` and GET /v1/messages/{id}.
import type { OutgoingRecord } from './record.js';

export const TRACKING_TOPIC = 'edi.tracking';

export type TrackingStatus = 'ok' | 'error' | 'retry' | 'duplicate' | 'waiting' | 'replayed';

export interface TrackingEvent {
  /** edi-id of the message. */
  id: string;
  /** intake, validate, transform, submit, deliver, receipt, dlq, replay, … */
  step: string;
  status: TrackingStatus;
  /** ISO time of the event. */
  at: string;
  component: string;
  topic?: string;
  /** Business key (document number, EO_ID, driver's client id). */
  key?: string | null;
  /** Original file name / remote path / request id. */
  source?: string;
  errorCode?: string;
  message?: string;
  /** Identifiers the step produced: referenceNumber, recall Code, destination path, … */
  refs?: Record<string, string>;
}

export function trackingRecord(event: Omit<TrackingEvent, 'at'> & { at?: string }): OutgoingRecord {
  const full: TrackingEvent = { ...event, at: event.at ?? new Date().toISOString() };
  return {
    topic: TRACKING_TOPIC,
    key: full.id,
    value: Buffer.from(JSON.stringify(full)),
    headers: { 'edi-id': full.id, 'edi-content-type': 'application/json' },
  };
}
