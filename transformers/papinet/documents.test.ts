import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { XmlElement } from 'libxml2-wasm';
import { projectSchemaPath, type PapinetDocumentKind } from '../../schemas/papinet/index.js';
import { parseXml } from '../../schemas/xml/parse.js';
import { DOCUMENT_SHAPES } from './documents.js';

const XS = { xs: 'http://www.w3.org/2001/XMLSchema' };
const LINE_ITEM_TYPE: Record<PapinetDocumentKind, string> = {
  DeliveryMessage: 'DeliveryShipmentLineItemContent',
  DeliveryInstruction: 'DeliveryInstructionSequenceLineItemContent',
  MeasuringTicket: 'MeasuringTicketSequenceLineItemContent',
};

describe('document shapes', () => {
  it.each(Object.keys(LINE_ITEM_TYPE) as PapinetDocumentKind[])('%s: the line item order is the one its XSD declares', (kind) => {
    const doc = parseXml(readFileSync(projectSchemaPath(kind)), { requireUtf8: false });
    try {
      const names = (doc.find(`//xs:complexType[@name="${LINE_ITEM_TYPE[kind]}"]/xs:sequence/xs:element`, XS) as XmlElement[]).map((e) => e.attr('name')!.value);
      expect(DOCUMENT_SHAPES[kind].lineItemOrder).toEqual(names);
      expect(names).toContain('SafetyAndEnvironmentalInformation');
    } finally {
      doc.dispose();
    }
  });
});
