// Reading TRACES V3 answers with the hardened XML parser: the operation's payload when the
// call succeeded, or the fault as a classified EdiError. Elements are matched by namespace
// and local name, whatever prefixes the server chose (ns3:, ns5:, S:).
// Source: Operator API Reference v1.0 §4.1.3 (types) and §5.1 (sample responses);
// Downstream Operator and Trader API Reference v1.0 §5.1 (Verify).
import type { XmlElement } from 'libxml2-wasm';
import type { EdiError } from '../../../../lib/errors.js';
import { EdiError as EdiErrorClass } from '../../../../lib/errors.js';
import { withXml } from '../../../../schemas/xml/parse.js';
import { NS, OPERATIONS, type TracesOperation } from '../../../../schemas/traces/namespaces.js';
import { soapParts } from '../../../../schemas/traces/soap.js';
import { child, childText, children } from '../../../../schemas/traces/xml-nav.js';
import { EUDR_STATUSES, type DdsOverview, type DueDiligenceStatement, type EudrStatus, type VerifyDeclarationAnswer, type VerifyResult } from '../../../../schemas/traces/v3/model.js';
import { readStatement } from '../../../../schemas/traces/v3/statement-xml.js';
import { classifyHttpStatus, faultToError, httpStatusToError } from './classify.js';
import { tracesErrors } from './errors.js';
import { readFault, type TracesFault } from './faults.js';

/** Answers larger than this are refused unread (getDdsByIdentifiers may carry 25 MB of geolocation). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface ResponseContext {
  httpStatus: number;
  /** Web service user name, for error messages. */
  username: string;
}

/**
 * Parses an answer to `operation`; hands its payload to `read` (the document is freed
 * afterwards), or throws the fault / HTTP failure as an EdiError.
 */
export function readResponse<T>(operation: TracesOperation, body: Uint8Array, ctx: ResponseContext, read: (payload: XmlElement) => T): T {
  const wire = OPERATIONS[operation];
  let parsed: { value: T } | { fault: TracesFault } | { other: string };
  try {
    parsed = withXml(body, { maxBytes: MAX_RESPONSE_BYTES, url: `${operation}-response.xml` }, (doc) => {
      const parts = soapParts(doc);
      if (parts === undefined) return { other: `not a SOAP envelope (root ${doc.root.name})` };
      if (parts.fault !== undefined) return { fault: readFault(parts.fault) };
      const payload = parts.payload;
      if (payload === undefined || payload.name !== wire.response || payload.namespaceUri !== wire.ns) {
        return { other: `expected ${wire.response}, got ${payload === undefined ? 'an empty Body' : `{${payload.namespaceUri}}${payload.name}`}` };
      }
      return { value: read(payload) };
    });
  } catch (err) {
    if (err instanceof EdiErrorClass && err.code.startsWith('EDI_ERR_TRACES_')) throw err;
    // An HTML error page from a proxy, a truncated answer: judge by the HTTP status.
    const reason = err instanceof Error ? err.message : String(err);
    throw unreadable(operation, ctx.httpStatus, reason, err);
  }
  if ('value' in parsed) {
    if (ctx.httpStatus >= 300) throw httpStatusToError(ctx.httpStatus, operation, 'a success payload with an error status');
    return parsed.value;
  }
  if ('fault' in parsed) throw faultToError(parsed.fault, { operation, username: ctx.username, httpStatus: ctx.httpStatus });
  throw unreadable(operation, ctx.httpStatus, parsed.other);
}

function unreadable(operation: TracesOperation, status: number, reason: string, cause?: unknown): EdiError {
  if (status >= 300) return httpStatusToError(status, operation, reason);
  return tracesErrors.create('EDI_ERR_TRACES_RESPONSE_INVALID', { operation, reason }, { detail: { classification: classifyHttpStatus(status), httpStatus: status }, ...(cause !== undefined ? { cause } : {}) });
}

function required(el: XmlElement, name: string, ns: string, operation: TracesOperation): string {
  const v = childText(el, name, ns);
  if (v === undefined || v === '') throw tracesErrors.create('EDI_ERR_TRACES_RESPONSE_INVALID', { operation, reason: `${el.name} has no ${name}` });
  return v;
}

function status(value: string, operation: TracesOperation): EudrStatus {
  if (!(EUDR_STATUSES as readonly string[]).includes(value)) throw tracesErrors.create('EDI_ERR_TRACES_RESPONSE_INVALID', { operation, reason: `unknown status ${value}` });
  return value as EudrStatus;
}

// --- one reader per operation -------------------------------------------------------------

export function parseSubmitDdsResponse(body: Uint8Array, ctx: ResponseContext): { uuid: string } {
  return readResponse('submitDds', body, ctx, (p) => ({ uuid: required(p, 'uuid', NS.dds, 'submitDds') }));
}

/** amendDds and withdrawDds answer {uuid, status} (DdsModificationResponseType). */
export function parseDdsModificationResponse(operation: 'amendDds' | 'withdrawDds', body: Uint8Array, ctx: ResponseContext): { uuid: string; status: EudrStatus } {
  return readResponse(operation, body, ctx, (p) => ({ uuid: required(p, 'uuid', NS.dds, operation), status: status(required(p, 'status', NS.dds, operation), operation) }));
}

/** getDds and getDdsByInternalReference answer 0–100 overviews; none is not a fault. */
export function parseDdsOverviewResponse(operation: 'getDds' | 'getDdsByInternalReference', body: Uint8Array, ctx: ResponseContext): DdsOverview[] {
  return readResponse(operation, body, ctx, (p) => children(p, 'ddsOverviewList', NS.dds).map((o) => readOverview(o, operation)));
}

function readOverview(o: XmlElement, operation: TracesOperation): DdsOverview {
  const ov: DdsOverview = {
    uuid: required(o, 'uuid', NS.common, operation),
    internalReferenceNumber: childText(o, 'internalReferenceNumber', NS.common) ?? '',
    status: status(required(o, 'status', NS.common, operation), operation),
  };
  const opt = (name: 'referenceNumber' | 'verificationNumber' | 'rejectionReason' | 'date' | 'updatedBy'): void => {
    const v = childText(o, name, NS.common);
    if (v !== undefined && v !== '') ov[name] = v;
  };
  opt('referenceNumber');
  opt('verificationNumber');
  opt('rejectionReason');
  opt('date');
  opt('updatedBy');
  const version = childText(o, 'version', NS.common);
  if (version !== undefined && /^\d+$/.test(version)) ov.version = Number(version);
  const comm = child(o, 'communicationToOperator', NS.common);
  if (comm !== undefined) ov.communicationToOperator = { date: childText(comm, 'date', NS.common) ?? '', content: childText(comm, 'content', NS.common) ?? '' };
  return ov;
}

export function parseGetDdsByIdentifiersResponse(body: Uint8Array, ctx: ResponseContext): DueDiligenceStatement {
  return readResponse('getDdsByIdentifiers', body, ctx, (p) => {
    const statement = child(p, 'statement', NS.dds);
    if (statement === undefined) throw tracesErrors.create('EDI_ERR_TRACES_RESPONSE_INVALID', { operation: 'getDdsByIdentifiers', reason: 'no statement' });
    return readStatement(statement);
  });
}

const VERIFY_RESULTS: readonly VerifyResult[] = ['EXISTING_USABLE', 'EXISTING_NON_USABLE', 'NON_EXISTENT'];

/** Verify answers HTTP 200 for all three outcomes; NON_EXISTENT is not a fault. */
export function parseVerifyDeclarationResponse(body: Uint8Array, ctx: ResponseContext): VerifyDeclarationAnswer {
  return readResponse('verifyDeclaration', body, ctx, (p) => {
    const result = required(p, 'result', NS.verify, 'verifyDeclaration');
    if (!(VERIFY_RESULTS as readonly string[]).includes(result)) throw tracesErrors.create('EDI_ERR_TRACES_RESPONSE_INVALID', { operation: 'verifyDeclaration', reason: `unknown result ${result}` });
    const answer: VerifyDeclarationAnswer = { result: result as VerifyResult, dateTime: childText(p, 'dateTime', NS.verify) ?? '' };
    const s = childText(p, 'status', NS.verify);
    if (s !== undefined && s !== '') answer.status = status(s, 'verifyDeclaration');
    return answer;
  });
}

export function parseEchoResponse(body: Uint8Array, ctx: ResponseContext): { status: string } {
  return readResponse('testEcho', body, ctx, (p) => ({ status: childText(p, 'status', NS.echo) ?? '' }));
}
