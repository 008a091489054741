import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { parseXml } from './parse.js';
import { SchemaSet } from './schema-set.js';
import { EdiError } from '../../lib/errors.js';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdiError) return err.code;
    throw err;
  }
  throw new Error('expected an error');
}

describe('hardened XML parsing', () => {
  it('refuses an external entity (XXE) before anything is resolved', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(codeOf(() => parseXml(Buffer.from(xxe)))).toBe('EDI_ERR_XML_DOCTYPE_FORBIDDEN');
  });

  it('refuses a billion-laughs document', () => {
    const lol = '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>';
    expect(codeOf(() => parseXml(Buffer.from(lol)))).toBe('EDI_ERR_XML_DOCTYPE_FORBIDDEN');
    // Also behind an XML declaration, a comment and a BOM.
    const hidden = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`<?xml version="1.0"?>\n<!-- note -->\n${lol}`)]);
    expect(codeOf(() => parseXml(hidden))).toBe('EDI_ERR_XML_DOCTYPE_FORBIDDEN');
  });

  it('reports line and column of a tag mismatch', () => {
    try {
      parseXml(Buffer.from('<r>\n  <a></b>\n</r>'));
      expect.fail('should not parse');
    } catch (err) {
      expect(err).toBeInstanceOf(EdiError);
      const e = err as EdiError;
      expect(e.code).toBe('EDI_ERR_XML_MALFORMED');
      expect(e.detail?.line).toBe(2);
      expect(e.message).toMatch(/line 2/);
    }
  });

  it('refuses invalid UTF-8 and says where', () => {
    const bytes = Buffer.concat([Buffer.from('<r>\nok '), Buffer.from([0xc3, 0x28]), Buffer.from('</r>')]);
    try {
      parseXml(bytes);
      expect.fail('should not parse');
    } catch (err) {
      const e = err as EdiError;
      expect(e.code).toBe('EDI_ERR_XML_ENCODING');
      expect(e.detail).toMatchObject({ line: 2, column: 4 });
    }
  });

  it('refuses a declared non-UTF-8 encoding', () => {
    expect(codeOf(() => parseXml(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><r/>')))).toBe('EDI_ERR_XML_ENCODING');
  });

  it('refuses a document over the size limit without parsing it', () => {
    expect(codeOf(() => parseXml(Buffer.alloc(2048, 0x20), { maxBytes: 1024 }))).toBe('EDI_ERR_XML_TOO_LARGE');
  });

  it('parses a well-formed UTF-8 document with Latvian text', () => {
    const doc = parseXml(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><r>Ciršanas apliecinājums</r>'));
    try {
      expect(doc.root.content).toBe('Ciršanas apliecinājums');
    } finally {
      doc.dispose();
    }
  });
});

describe('XSD validation', () => {
  const xsd = Buffer.from(
    `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t" elementFormDefault="qualified">
       <xs:element name="r"><xs:complexType><xs:sequence><xs:element name="n" type="xs:int" maxOccurs="unbounded"/></xs:sequence></xs:complexType></xs:element>
     </xs:schema>`,
  );
  const set = SchemaSet.compile('t', 'urn:test:t.xsd', { 'urn:test:t.xsd': xsd });

  it('gives each violation its line and element path', () => {
    const doc = parseXml(Buffer.from('<r xmlns="urn:t">\n  <n>1</n>\n  <n>abc</n>\n</r>'));
    try {
      const issues = set.validate(doc);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line: 3, path: '/r/n[2]' });
      expect(issues[0]!.message).toMatch(/not a valid value/);
    } finally {
      doc.dispose();
    }
  });

  it('finds the element path of a violation after a processing instruction inside an element', () => {
    const doc = parseXml(Buffer.from('<r xmlns="urn:t">\n  <?mill scale=3?>\n  <n>1</n>\n  <n>abc</n>\n</r>'));
    try {
      const issues = set.validate(doc);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ line: 4, path: '/r/n[2]' });
    } finally {
      doc.dispose();
    }
  });

  it('returns no issues for a valid document', () => {
    const doc = parseXml(Buffer.from('<r xmlns="urn:t"><n>1</n></r>'));
    try {
      expect(set.validate(doc)).toEqual([]);
    } finally {
      doc.dispose();
    }
  });

  const catalog = '../shared/reference/eudr/v3/catalog.xml';
  it.runIf(existsSync(catalog))('compiles the official TRACES V3 schemas offline through their catalog', () => {
    const dds = SchemaSet.fromCatalog('traces-dds-v3', catalog, 'https://acceptance.eudr.webcloud.ec.europa.eu:443/tracesnt/ws/EUDRDueDiligenceStatementServiceV3?xsd=4');
    const doc = parseXml(Buffer.from('<dds:GetDdsRequest xmlns:dds="http://ec.europa.eu/tracesnt/certificate/eudr/due-diligence-statement/v3"><dds:wrong/></dds:GetDdsRequest>'));
    try {
      expect(dds.validate(doc).length).toBeGreaterThan(0);
    } finally {
      doc.dispose();
    }
  });
});
