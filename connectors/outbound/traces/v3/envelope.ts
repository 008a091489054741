// A TRACES V3 request: the SOAP 1.1 envelope (document/literal) with the WS-Security header,
// the v4:WebServiceClientId header, the optional body:BodyIdentity header (DDS operations
// only, release 8.2.1) and the operation's payload, plus the SOAPAction and the service path
// to post it to. Built with xmlbuilder2; pure apart from the clock and the nonce, both
// injectable. Source: Operator API Reference v1.0 §1.2.3 and §5.1; the V3 WSDL bindings.
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type { Secret } from '../../../../lib/secret.js';
import { NS, OPERATIONS, SERVICE_PATH, type TracesOperation } from '../../../../schemas/traces/namespaces.js';
import { MAX_TIMESTAMP_TTL_MS, newNonce } from '../../../../schemas/traces/ws-security.js';
import { PREFIX } from '../../../../schemas/traces/v3/statement-xml.js';
import { writeSecurityHeader } from './security-header.js';

export type BodyIdentityKind = 'OperatorAccessIdentifier' | 'AuthorityActivityAccessIdentifier' | 'OrganicControlBodyAccessIdentifier' | 'OtherBodyAccessIdentifier';

export interface TracesCredentials {
  /** EU Login user name of the web service user. */
  username: string;
  authKey: Secret;
  /** eudr-test on acceptance, eudr-repository on production (by convention). */
  webServiceClientId: string;
  /** Which operator a multi-operator web service user acts for (release 8.2.1). */
  bodyIdentity?: { kind: BodyIdentityKind; value: string };
}

export interface EnvelopeOptions {
  now?: () => Date;
  nonce?: () => Uint8Array;
  /** wsu:Expires − wsu:Created, default and maximum 60 s. */
  timestampTtlMs?: number;
}

export interface SoapRequest {
  operation: TracesOperation;
  /** Path below the environment's base URL, e.g. ws/EUDRDueDiligenceStatementServiceV3 */
  path: string;
  soapAction: string;
  /** Content-Type TRACES expects (SOAP 1.1). */
  contentType: 'text/xml;charset=UTF-8';
  xml: string;
}

/** Prefixes declared on the Envelope per service, as in the Commission's samples. */
const SERVICE_NAMESPACES = {
  dds: { 'xmlns:v4': NS.base, [`xmlns:${PREFIX.dds}`]: NS.dds, [`xmlns:${PREFIX.common}`]: NS.common },
  verify: { 'xmlns:v4': NS.base, 'xmlns:verify': NS.verify },
  echo: { 'xmlns:v4': NS.base, 'xmlns:echo': NS.echo },
} as const;

export function buildEnvelope(
  operation: TracesOperation,
  credentials: TracesCredentials,
  writePayload: (payload: XMLBuilder) => void,
  options: EnvelopeOptions = {},
): SoapRequest {
  const wire = OPERATIONS[operation];
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const envelope = doc.ele(NS.soap, 'soapenv:Envelope', SERVICE_NAMESPACES[wire.service]);
  const header = envelope.ele(NS.soap, 'soapenv:Header');
  writeSecurityHeader(header, {
    username: credentials.username,
    authKey: credentials.authKey,
    created: (options.now ?? (() => new Date()))(),
    nonce: (options.nonce ?? newNonce)(),
    ttlMs: options.timestampTtlMs ?? MAX_TIMESTAMP_TTL_MS,
  });
  header.ele(NS.base, 'v4:WebServiceClientId').txt(credentials.webServiceClientId);
  if (credentials.bodyIdentity !== undefined && wire.service === 'dds') {
    // BodyIdentityType's child is a local element of a schema without elementFormDefault: unqualified.
    header.ele(NS.body, 'body:BodyIdentity', { 'xmlns:body': NS.body }).ele(credentials.bodyIdentity.kind).txt(credentials.bodyIdentity.value);
  }
  const body = envelope.ele(NS.soap, 'soapenv:Body');
  const prefix = wire.service === 'dds' ? PREFIX.dds : wire.service;
  writePayload(body.ele(wire.ns, `${prefix}:${wire.request}`));
  return {
    operation,
    path: SERVICE_PATH[wire.service],
    soapAction: wire.soapAction,
    contentType: 'text/xml;charset=UTF-8',
    xml: doc.end({ prettyPrint: false }),
  };
}
