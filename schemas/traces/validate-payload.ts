// Validates one SOAP Body payload (e.g. dds:SubmitDdsRequest) against an XSD set. The XSDs
// describe the payload, not the envelope, so the payload is lifted out as its own document:
// exclusive canonicalisation (W3C Exclusive XML C14N 1.0) carries every namespace it uses,
// which is what the reference README asks of a body saved for xmllint.
import { XmlC14NMode, type XmlElement } from 'libxml2-wasm';
import type { SchemaSet, ValidationIssue } from '../xml/schema-set.js';
import { parseXml } from '../xml/parse.js';

export function payloadDocumentText(payload: XmlElement): string {
  return payload.canonicalizeToString({ mode: XmlC14NMode.XML_C14N_EXCLUSIVE_1_0 });
}

export function validatePayload(schema: SchemaSet, payload: XmlElement): ValidationIssue[] {
  const doc = parseXml(Buffer.from(payloadDocumentText(payload), 'utf8'), { url: 'payload.xml' });
  try {
    return schema.validate(doc);
  } finally {
    doc.dispose();
  }
}
