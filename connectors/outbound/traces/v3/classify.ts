// What the broker does with a failed TRACES call (issue 4, "Faults"):
//  - permanent: the statement itself is wrong (business rules, schema, not found) → DLQ, not retried;
//  - authentication: credentials, client id, clock or role are wrong → alert, not retried;
//  - retriable: TRACES or the network failed (5xx without a business fault, throttling,
//    InternalSystemException, timeouts) → retried with backoff.
import type { EdiError } from '../../../../lib/errors.js';
import type { TracesOperation } from '../../../../schemas/traces/namespaces.js';
import { tracesErrors } from './errors.js';
import type { TracesFault, TracesFaultKind } from './faults.js';

export type TracesFailureClass = 'retriable' | 'permanent' | 'authentication';

export const FAULT_CLASS: Readonly<Record<TracesFaultKind, TracesFailureClass>> = {
  'business-rules': 'permanent',
  schema: 'permanent',
  'not-found': 'permanent',
  unknown: 'permanent',
  unauthenticated: 'authentication',
  // A role the user lacks (EUDR_WEBSERVICE_USER_ACTIVITY_NOT_ALLOWED) needs an operator, not a retry.
  'permission-denied': 'authentication',
  internal: 'retriable',
};

/** HTTP answers without a readable SOAP fault. */
export function classifyHttpStatus(status: number): TracesFailureClass {
  if (status === 401 || status === 403) return 'authentication';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retriable';
  return 'permanent';
}

export interface FaultContext {
  operation: TracesOperation;
  /** Web service user name (not secret), for the message. */
  username: string;
  httpStatus: number;
}

/** The fault as an EdiError whose retriable flag and detail carry the classification. */
export function faultToError(fault: TracesFault, ctx: FaultContext): EdiError {
  const classification = FAULT_CLASS[fault.kind];
  const codes = fault.errors.map((e) => e.code).filter((c) => c !== '');
  const first = fault.errors[0];
  const reason = first === undefined ? fault.faultstring || fault.faultcode : `${first.code ? `${first.code}: ` : ''}${first.message}${first.field ? ` (${first.field})` : ''}`;
  const detail = {
    classification,
    faultKind: fault.kind,
    faultcode: fault.faultcode,
    faultstring: fault.faultstring,
    tracesErrors: fault.errors,
    httpStatus: ctx.httpStatus,
  };
  const params = { operation: ctx.operation, username: ctx.username, reason };
  switch (fault.kind) {
    case 'business-rules':
      return tracesErrors.create('EDI_ERR_TRACES_BUSINESS_RULES', { operation: ctx.operation, codes: codes.join(', ') || fault.faultstring, first: reason }, { detail });
    case 'schema':
      return tracesErrors.create('EDI_ERR_TRACES_SCHEMA_REJECTED', params, { detail });
    case 'not-found':
      return tracesErrors.create('EDI_ERR_TRACES_NOT_FOUND', params, { detail });
    case 'permission-denied':
      return tracesErrors.create('EDI_ERR_TRACES_PERMISSION_DENIED', params, { detail });
    case 'unauthenticated':
      return tracesErrors.create('EDI_ERR_TRACES_UNAUTHENTICATED', params, { detail });
    case 'internal':
      return tracesErrors.create('EDI_ERR_TRACES_SERVER_FAULT', params, { detail });
    case 'unknown':
      return tracesErrors.create('EDI_ERR_TRACES_BUSINESS_RULES', { operation: ctx.operation, codes: fault.faultcode, first: reason }, { detail });
  }
}

export function httpStatusToError(status: number, operation: TracesOperation, reason: string, retryAfterMs?: number): EdiError {
  const classification = classifyHttpStatus(status);
  return tracesErrors.create(
    'EDI_ERR_TRACES_HTTP_STATUS',
    { status, operation, reason },
    { retriable: classification === 'retriable', detail: { classification, httpStatus: status }, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
  );
}

/** The classification an EdiError from this layer carries; network and timeouts are retriable. */
export function classificationOf(err: EdiError): TracesFailureClass {
  const c = err.detail?.classification;
  if (c === 'retriable' || c === 'permanent' || c === 'authentication') return c;
  return err.retriable ? 'retriable' : 'permanent';
}
