// Header names of the record format (DESIGN.md, "The record"). Values are strings on the wire.
export const H = {
  id: 'edi-id',
  correlationId: 'edi-correlation-id',
  source: 'edi-source',
  receivedAt: 'edi-received-at',
  contentType: 'edi-content-type',
  schema: 'edi-schema',
  sha256: 'edi-sha256',
  // DLQ additions
  errorStage: 'edi-error-stage',
  errorCode: 'edi-error-code',
  errorMessage: 'edi-error-message',
  errorDetail: 'edi-error-detail',
  attempts: 'edi-attempts',
  /** The topic a DLQ record was consumed from; `edi replay` puts it back there. */
  originTopic: 'edi-origin-topic',
  /** Set on a record put back by `edi replay`, with the time of the replay. */
  replayedAt: 'edi-replayed-at',
} as const;

export type HeaderName = (typeof H)[keyof typeof H];
export type Headers = Record<string, string>;
