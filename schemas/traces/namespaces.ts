// Names on the wire of the EU TRACES EUDR web services, shared by the broker's TRACES client
// (connectors/outbound/traces) and the TRACES sandbox, which may not import each other.
// Source: the Commission's EUDR Operator API Reference v1.0 (V3), §1.2 and §4.1, the V3 WSDLs
// (release 8.2.1) and the Downstream Operator and Trader API Reference v1.0 (Verify V3).

export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  /** v4:WebServiceClientId lives here (xsd1-base-v4). */
  base: 'http://ec.europa.eu/sanco/tracesnt/base/v4',
  /** The optional BodyIdentity header (xsd2-body-v3); its child element is unqualified. */
  body: 'http://ec.europa.eu/tracesnt/body/v3',
  dds: 'http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3',
  common: 'http://ec.europa.eu/tracesnt/certificate/eudr/common/v3',
  verify: 'http://ec.europa.eu/tracesnt/certificate/eudr/verify-declaration/v3',
  echo: 'http://ec.europa.eu/tracesnt/eudr/echo',
  error: 'http://ec.europa.eu/sanco/tracesnt/error/v01',
} as const;

/** OASIS WSS UsernameToken Profile 1.0 URIs. */
export const WSS_PASSWORD_DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
export const WSS_BASE64_BINARY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** Service endpoints below the environment's base URL (…/tracesnt/). */
export const SERVICE_PATH = {
  dds: 'ws/EUDRDueDiligenceStatementServiceV3',
  verify: 'ws/EUDRVerifyDeclarationServiceV3',
  echo: 'ws/eudr/echo',
} as const;

export type TracesService = keyof typeof SERVICE_PATH;

export const ENVIRONMENT_BASE_URL = {
  production: 'https://eudr.webcloud.ec.europa.eu/tracesnt/',
  acceptance: 'https://acceptance.eudr.webcloud.ec.europa.eu/tracesnt/',
} as const;

/** WebServiceClientId by convention (Operator API Reference §1.2.3; CF1 v1.4). */
export const DEFAULT_WEB_SERVICE_CLIENT_ID = { production: 'eudr-repository', acceptance: 'eudr-test' } as const;

export type TracesOperation =
  | 'submitDds'
  | 'amendDds'
  | 'withdrawDds'
  | 'getDds'
  | 'getDdsByInternalReference'
  | 'getDdsByIdentifiers'
  | 'verifyDeclaration'
  | 'testEcho';

export interface OperationWire {
  service: TracesService;
  soapAction: string;
  /** Local name of the request payload in the SOAP Body. */
  request: string;
  /** Local name of the response payload. */
  response: string;
  /** Namespace of both payloads. */
  ns: string;
}

// SOAPAction per the WSDL binding: DDS = namespace + "/" + operation; Verify has its own
// action (EUDRVerifyDeclarationServiceV3.wsdl); echo = its namespace (EudrEchoService.wsdl).
export const OPERATIONS: Readonly<Record<TracesOperation, OperationWire>> = {
  submitDds: { service: 'dds', soapAction: `${NS.dds}/submitDds`, request: 'SubmitDdsRequest', response: 'SubmitDdsResponse', ns: NS.dds },
  amendDds: { service: 'dds', soapAction: `${NS.dds}/amendDds`, request: 'AmendDdsRequest', response: 'AmendDdsResponse', ns: NS.dds },
  withdrawDds: { service: 'dds', soapAction: `${NS.dds}/withdrawDds`, request: 'WithdrawDdsRequest', response: 'WithdrawDdsResponse', ns: NS.dds },
  getDds: { service: 'dds', soapAction: `${NS.dds}/getDds`, request: 'GetDdsRequest', response: 'GetDdsResponse', ns: NS.dds },
  getDdsByInternalReference: {
    service: 'dds',
    soapAction: `${NS.dds}/getDdsByInternalReference`,
    request: 'GetDdsByInternalReferenceRequest',
    response: 'GetDdsByInternalReferenceResponse',
    ns: NS.dds,
  },
  getDdsByIdentifiers: {
    service: 'dds',
    soapAction: `${NS.dds}/getDdsByIdentifiers`,
    request: 'GetDdsByIdentifiersRequest',
    response: 'GetDdsByIdentifiersResponse',
    ns: NS.dds,
  },
  verifyDeclaration: {
    service: 'verify',
    soapAction: 'http://ec.europa.eu/tracesnt/certificate/eudr/verification/v3/verify-declaration',
    request: 'VerifyDeclarationRequest',
    response: 'VerifyDeclarationResponse',
    ns: NS.verify,
  },
  testEcho: { service: 'echo', soapAction: NS.echo, request: 'EudrEchoRequest', response: 'EudrEchoResponse', ns: NS.echo },
};

/** The operation a request payload element names, e.g. {dds}SubmitDdsRequest → submitDds. */
export function operationOfPayload(namespaceUri: string, localName: string): TracesOperation | undefined {
  for (const [op, wire] of Object.entries(OPERATIONS) as Array<[TracesOperation, OperationWire]>) {
    if (wire.ns === namespaceUri && wire.request === localName) return op;
  }
  return undefined;
}

/** getDds takes 1–100 uuids (GetDdsRequestType uuidList maxOccurs=100). */
export const GET_DDS_MAX_UUIDS = 100;
