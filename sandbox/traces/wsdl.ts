// What the sandbox serves at …?wsdl, …?wsdl=N and …?xsd=N. With the Commission's files present
// (../shared/reference/eudr/v3) it serves those, their acceptance URLs rewritten to the
// sandbox's own base so a client generated from them calls the sandbox. Otherwise — and for
// the echo service, whose WSDL is not in the reference — it serves a minimal WSDL 1.1
// written here (document/literal, the same operations, SOAPActions and headers) over the
// project's own reduced XSDs.
import { NS, OPERATIONS, SERVICE_PATH, type TracesOperation, type TracesService } from '../../schemas/traces/namespaces.js';
import type { TracesSchemaSource } from '../../schemas/traces/v3/schema-files.js';

export interface ServedDocument {
  contentType: 'text/xml;charset=UTF-8';
  text: string;
}

const SERVICE_NAME: Record<TracesService, { service: string; port: string; ns: string }> = {
  dds: { service: 'EUDRDueDiligenceStatementServiceV3', port: 'EUDRDueDiligenceStatementPort', ns: NS.dds },
  verify: { service: 'EUDRVerifyDeclarationServiceV3', port: 'EUDRVerifyDeclarationPort', ns: NS.verify },
  echo: { service: 'EudrEchoService', port: 'EudrEchoServicePort', ns: NS.echo },
};

/** The XSD number (…?xsd=N) of each service's main schema in the project's numbering. */
const PROJECT_MAIN_XSD: Record<TracesService, string> = {
  dds: 'EUDRDueDiligenceStatementServiceV3?xsd=4',
  verify: 'EUDRVerifyDeclarationServiceV3?xsd=3',
  echo: 'eudr/echo?xsd=1',
};

export function servedDocument(source: TracesSchemaSource, service: TracesService, rawQuery: string, wsBase: string): ServedDocument | undefined {
  const rewrite = (bytes: Uint8Array): ServedDocument => {
    let text = Buffer.from(bytes).toString('utf8');
    for (const base of source.bases) text = text.split(base).join(wsBase);
    return { contentType: 'text/xml;charset=UTF-8', text };
  };
  if (rawQuery === 'wsdl' || rawQuery === 'WSDL') {
    const official = service === 'echo' ? undefined : source.wsdl[service];
    if (official !== undefined && source.files[official] !== undefined) return rewrite(source.files[official]!);
    return { contentType: 'text/xml;charset=UTF-8', text: projectWsdl(service, wsBase) };
  }
  for (const base of source.bases) {
    const file = source.files[`${base}${SERVICE_PATH[service].replace(/^ws\//, '')}?${rawQuery}`];
    if (file !== undefined) return rewrite(file);
  }
  return undefined;
}

function projectWsdl(service: TracesService, wsBase: string): string {
  const { service: serviceName, port, ns } = SERVICE_NAME[service];
  const ops = (Object.entries(OPERATIONS) as Array<[TracesOperation, (typeof OPERATIONS)[TracesOperation]]>).filter(([, w]) => w.service === service);
  const faults = service === 'echo' ? ['EudrEchoServiceFault'] : ['BusinessRulesValidationException', 'PermissionDeniedException'];
  const faultElements = service === 'echo' ? { EudrEchoServiceFault: 'EudrEchoServiceFault' } : { BusinessRulesValidationException: 'BusinessRulesValidationException', PermissionDeniedException: 'PermissionDeniedException' };
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push('<!-- Minimal WSDL of the TRACES sandbox (project-written; the Commission publishes the real one at …?wsdl). -->');
  lines.push(`<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:base="${NS.base}" xmlns:tns="${ns}" targetNamespace="${ns}">`);
  lines.push('  <wsdl:types><xs:schema>');
  lines.push(`    <xs:import namespace="${ns}" schemaLocation="${wsBase}${PROJECT_MAIN_XSD[service]}"/>`);
  lines.push(`    <xs:import namespace="${NS.base}" schemaLocation="${wsBase}EUDRDueDiligenceStatementServiceV3?xsd=1"/>`);
  lines.push('  </xs:schema></wsdl:types>');
  lines.push('  <wsdl:message name="WebServiceClientIdHeader"><wsdl:part name="webServiceClientId" element="base:WebServiceClientId"/></wsdl:message>');
  for (const [, w] of ops) {
    lines.push(`  <wsdl:message name="${w.request}"><wsdl:part name="request" element="tns:${w.request}"/></wsdl:message>`);
    lines.push(`  <wsdl:message name="${w.response}"><wsdl:part name="response" element="tns:${w.response}"/></wsdl:message>`);
  }
  for (const [name, el] of Object.entries(faultElements)) lines.push(`  <wsdl:message name="${name}Message"><wsdl:part name="fault" element="tns:${el}"/></wsdl:message>`);
  lines.push(`  <wsdl:portType name="${port}">`);
  for (const [op, w] of ops) {
    lines.push(`    <wsdl:operation name="${op}"><wsdl:input message="tns:${w.request}"/><wsdl:output message="tns:${w.response}"/>${faults.map((f) => `<wsdl:fault name="${f}" message="tns:${f}Message"/>`).join('')}</wsdl:operation>`);
  }
  lines.push('  </wsdl:portType>');
  lines.push(`  <wsdl:binding name="${serviceName}SoapBinding" type="tns:${port}">`);
  lines.push('    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>');
  for (const [op, w] of ops) {
    lines.push(
      `    <wsdl:operation name="${op}"><soap:operation soapAction="${w.soapAction}"/><wsdl:input><soap:header use="literal" part="webServiceClientId" message="tns:WebServiceClientIdHeader"/><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>${faults.map((f) => `<wsdl:fault name="${f}"><soap:fault name="${f}" use="literal"/></wsdl:fault>`).join('')}</wsdl:operation>`,
    );
  }
  lines.push('  </wsdl:binding>');
  lines.push(`  <wsdl:service name="${serviceName}"><wsdl:port name="${serviceName}Endpoint" binding="tns:${serviceName}SoapBinding"><soap:address location="${wsBase}${SERVICE_PATH[service].replace(/^ws\//, '')}"/></wsdl:port></wsdl:service>`);
  lines.push('</wsdl:definitions>');
  return lines.join('\n');
}
