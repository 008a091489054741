// The parts of a SOAP 1.1 envelope (W3C Note 2000, §4): Header, Body and its one payload
// element, or a Fault. Shared by the TRACES client (answers) and the sandbox (requests).
import type { XmlDocument, XmlElement } from 'libxml2-wasm';
import { NS } from './namespaces.js';
import { child, childElements } from './xml-nav.js';

export interface SoapParts {
  header: XmlElement | undefined;
  body: XmlElement;
  /** The first element in Body (the request/response payload, or the Fault). */
  payload: XmlElement | undefined;
  fault: XmlElement | undefined;
}

/** undefined when the document is not a SOAP 1.1 envelope with a Body. */
export function soapParts(doc: XmlDocument): SoapParts | undefined {
  const root = doc.root;
  if (root.name !== 'Envelope' || root.namespaceUri !== NS.soap) return undefined;
  const body = child(root, 'Body', NS.soap);
  if (body === undefined) return undefined;
  const payload = childElements(body)[0];
  const fault = payload !== undefined && payload.name === 'Fault' && payload.namespaceUri === NS.soap ? payload : undefined;
  return { header: child(root, 'Header', NS.soap), body, payload, fault };
}
