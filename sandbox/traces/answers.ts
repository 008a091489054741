// SOAP 1.1 answers as TRACES (JAX-WS RI) writes them: S: envelope, a wsu:Timestamp in the
// response header, payloads under ns5:/ns3: prefixes, and faults with S:Client/S:Server,
// a faultstring and a detail holding Error{ID, Message, Field} (error/v01), HTTP 500.
// Sources: Operator API Reference v1.0 §5.1 (sample responses); CF4 fault samples.
import { randomUUID } from 'node:crypto';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { wireCode } from '../../schemas/traces/error-codes.js';
import { NS } from '../../schemas/traces/namespaces.js';
import type { RuleError } from './rules.js';

export interface SoapAnswer {
  status: number;
  xml: string;
}

function envelope(now: Date, withTimestamp: boolean): { doc: XMLBuilder; body: XMLBuilder; header: XMLBuilder } {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const env = doc.ele(NS.soap, 'S:Envelope');
  const header = env.ele(NS.soap, 'S:Header');
  if (withTimestamp) {
    const sec = header.ele(NS.wsse, 'ns2:Security', { 'xmlns:ns1': NS.wsu });
    const ts = sec.ele(NS.wsu, 'ns1:Timestamp');
    ts.ele(NS.wsu, 'ns1:Created').txt(now.toISOString());
    ts.ele(NS.wsu, 'ns1:Expires').txt(new Date(now.getTime() + 5000).toISOString());
  }
  return { doc, header, body: env.ele(NS.soap, 'S:Body') };
}

/** A successful answer: the payload element (namespace, local name) written by `write`. */
export function success(now: Date, ns: string, localName: string, write: (payload: XMLBuilder) => void): SoapAnswer {
  const { doc, body } = envelope(now, true);
  const prefix = ns === NS.dds ? 'ns5' : ns === NS.verify ? 'ns4' : 'ns2';
  const payload = body.ele(ns, `${prefix}:${localName}`, ns === NS.dds ? { 'xmlns:ns3': NS.common } : {});
  write(payload);
  return { status: 200, xml: doc.end({ prettyPrint: false }) };
}

function fault(now: Date, faultcode: 'S:Client' | 'S:Server', faultstring: string, writeDetail?: (detail: XMLBuilder) => void): SoapAnswer {
  const { doc, header, body } = envelope(now, false);
  // TRACES puts a request id in the header of its faults (CF4 samples).
  const msg = header.ele('http://ec.europa.eu/sanco/tracesnt/message/v1', 'ns3:Message', { severity: 'debugging' });
  msg.ele('http://ec.europa.eu/sanco/tracesnt/message/v1', 'ns3:ID').txt('WS_REQUEST_ID');
  msg.ele('http://ec.europa.eu/sanco/tracesnt/message/v1', 'ns3:Message').txt(randomUUID());
  const f = body.ele(NS.soap, 'S:Fault');
  f.ele('faultcode').txt(faultcode);
  f.ele('faultstring').txt(faultstring);
  if (writeDetail !== undefined) writeDetail(f.ele('detail'));
  return { status: 500, xml: doc.end({ prettyPrint: false }) };
}

export type ErrorFaultKind = 'BusinessRulesValidationException' | 'PermissionDeniedException' | 'NotFoundException';

const FAULTSTRING: Record<ErrorFaultKind, string> = {
  BusinessRulesValidationException: 'Some business rules are not met',
  PermissionDeniedException: 'You are not authorized to perform this operation',
  NotFoundException: 'Data not found.',
};

/** A fault with error/v01 Errors, in the service's namespace (dds or verify). */
export function errorFault(now: Date, serviceNs: string, kind: ErrorFaultKind, errors: RuleError[], style: 'hyphens' | 'underscores'): SoapAnswer {
  return fault(now, 'S:Client', FAULTSTRING[kind], (detail) => {
    const ex = detail.ele(serviceNs, `ns5:${kind}`, { 'xmlns:ns4': NS.error });
    for (const e of errors) {
      const el = ex.ele(NS.error, 'ns4:Error');
      el.ele(NS.error, 'ns4:ID').txt(wireCode(e.code, style));
      el.ele(NS.error, 'ns4:Message', { languageID: 'en' }).txt(e.message);
      el.ele(NS.error, 'ns4:Field', { languageID: 'en' }).txt(e.field);
    }
  });
}

/** Bad credentials, client id, clock, replay or BodyIdentity (observed as HTTP 500 "UnauthenticatedException"). */
export function unauthenticatedFault(now: Date, serviceNs: string, reason: string): SoapAnswer {
  return fault(now, 'S:Client', 'UnauthenticatedException', (detail) => detail.ele(serviceNs, 'ns5:UnauthenticatedException').ele(serviceNs, 'ns5:message').txt(reason));
}

/** The echo service answers authentication failures with its own fault (§3.8). */
export function echoFault(now: Date, message: string): SoapAnswer {
  return fault(now, 'S:Server', 'EudrEchoServiceFault', (detail) => detail.ele(NS.echo, 'echo:EudrEchoServiceFault').ele(NS.echo, 'echo:errorMessage').txt(message));
}

/** Not well-formed, not SOAP, or not valid against the XSD — as JAX-WS reports it. */
export function unmarshallingFault(now: Date, reason: string): SoapAnswer {
  return fault(now, 'S:Client', `Unmarshalling Error: ${reason}`);
}

export function serverFault(now: Date, reason: string): SoapAnswer {
  return fault(now, 'S:Server', reason);
}

/**
 * libxml2 words schema violations differently from Xerces, whose "cvc-" keys TRACES' Java
 * stack answers with; the sandbox keeps libxml2's text behind the nearest Xerces key.
 */
export function cvcKey(libxmlMessage: string): string {
  const m = libxmlMessage;
  if (/This element is not expected/.test(m)) return 'cvc-complex-type.2.4.a';
  if (/Missing child element/.test(m)) return 'cvc-complex-type.2.4.b';
  if (/\[facet 'pattern'\]/.test(m)) return 'cvc-pattern-valid';
  if (/\[facet 'maxLength'\]/.test(m)) return 'cvc-maxLength-valid';
  if (/\[facet 'minLength'\]/.test(m)) return 'cvc-minLength-valid';
  if (/\[facet 'enumeration'\]/.test(m)) return 'cvc-enumeration-valid';
  if (/\[facet '(totalDigits|fractionDigits)'\]/.test(m)) return 'cvc-fractionDigits-valid';
  if (/\[facet '(minInclusive|maxInclusive)'\]/.test(m)) return 'cvc-maxInclusive-valid';
  if (/is not a valid value of the atomic type/.test(m)) return 'cvc-datatype-valid.1.2.1';
  if (/No matching global declaration|No matching global element/.test(m)) return 'cvc-elt.1.a';
  return 'cvc-type.3.1.3';
}
