// Reading a SOAP Fault from TRACES. Faults come in several shapes: Error{ID, Message, Field}
// under a *Exception element of the error/v01 namespace (CF4 samples), lower-case
// errors/error{field, message} (Verify samples, Downstream API Reference §5.1.5), a bare
// UnauthenticatedException fault string (observed, release 8.2.1), schema violations as a
// faultstring with "cvc-…" text, and EudrEchoServiceFault{errorMessage}.
import type { XmlElement } from 'libxml2-wasm';
import { normaliseTracesCode } from '../../../../schemas/traces/error-codes.js';
import { child, childElements, childText, descendants } from '../../../../schemas/traces/xml-nav.js';

export type TracesFaultKind = 'business-rules' | 'permission-denied' | 'not-found' | 'unauthenticated' | 'schema' | 'internal' | 'unknown';

export interface TracesFaultEntry {
  /** As sent, e.g. EUDR-COMMODITIES-HS-CODE-INVALID */
  id: string;
  /** Underscore form, e.g. EUDR_COMMODITIES_HS_CODE_INVALID */
  code: string;
  message: string;
  field?: string;
}

export interface TracesFault {
  kind: TracesFaultKind;
  /** e.g. S:Client, soapenv:Server */
  faultcode: string;
  faultstring: string;
  /** Local name of the detail element, e.g. BusinessRulesValidationException */
  detailName?: string;
  errors: TracesFaultEntry[];
}

const DETAIL_KINDS: Record<string, TracesFaultKind> = {
  BusinessRulesValidationException: 'business-rules',
  PermissionDeniedException: 'permission-denied',
  DdsPermissionDeniedException: 'permission-denied',
  CertificatePermissionDeniedException: 'permission-denied',
  NotFoundException: 'not-found',
  UnauthenticatedException: 'unauthenticated',
  InternalSystemException: 'internal',
};

const AUTH_FAULTCODES = new Set(['FailedAuthentication', 'InvalidSecurity', 'InvalidSecurityToken', 'MessageExpired', 'FailedCheck']);

export function readFault(fault: XmlElement): TracesFault {
  // SOAP 1.1 faultcode/faultstring/detail are unqualified.
  const faultcode = childText(fault, 'faultcode') ?? '';
  const faultstring = childText(fault, 'faultstring') ?? '';
  const detail = child(fault, 'detail');
  const detailEl = detail === undefined ? undefined : childElements(detail)[0];
  const errors = detailEl === undefined ? [] : readErrors(detailEl);
  const localCode = faultcode.includes(':') ? faultcode.slice(faultcode.indexOf(':') + 1) : faultcode;

  let kind: TracesFaultKind | undefined = detailEl === undefined ? undefined : DETAIL_KINDS[detailEl.name];
  if (detailEl?.name === 'EudrEchoServiceFault') kind = /authenticat/i.test(childText(detailEl, 'errorMessage') ?? faultstring) ? 'unauthenticated' : 'internal';
  if (kind === undefined) {
    if (/UnauthenticatedException|authenticat|Security token|Nonce|Timestamp|expired/i.test(faultstring) || AUTH_FAULTCODES.has(localCode)) kind = 'unauthenticated';
    else if (/\bcvc-|SAXParseException|Unmarshalling Error|unexpected element/i.test(faultstring)) kind = 'schema';
    else if (/^Data not found/i.test(faultstring)) kind = 'not-found';
    else if (/PermissionDenied|not authori[sz]ed/i.test(faultstring)) kind = 'permission-denied';
    else if (localCode === 'Server') kind = 'internal';
    else kind = 'unknown';
  }
  const out: TracesFault = { kind, faultcode, faultstring, errors };
  if (detailEl !== undefined) out.detailName = detailEl.name;
  return out;
}

function readErrors(detailEl: XmlElement): TracesFaultEntry[] {
  const entries: TracesFaultEntry[] = [];
  for (const e of [...descendants(detailEl, 'Error'), ...descendants(detailEl, 'error')]) {
    const id = childText(e, 'ID') ?? childText(e, 'id') ?? childText(e, 'code') ?? '';
    const message = (childText(e, 'Message') ?? childText(e, 'message') ?? '').replace(/\s+/g, ' ');
    const field = childText(e, 'Field') ?? childText(e, 'field');
    const entry: TracesFaultEntry = { id, code: id === '' ? '' : normaliseTracesCode(id), message };
    if (field !== undefined && field !== '') entry.field = field;
    entries.push(entry);
  }
  if (entries.length === 0) {
    // PermissionDeniedException{message} (Verify sample) or EudrEchoServiceFault{errorMessage}
    const message = childText(detailEl, 'message') ?? childText(detailEl, 'errorMessage');
    if (message !== undefined && message !== '') entries.push({ id: '', code: '', message: message.replace(/\s+/g, ' ') });
  }
  return entries;
}
