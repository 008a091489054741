import { describe, expect, it } from 'vitest';
import { indexElements, sameElements } from './element-index.js';

describe('indexElements', () => {
  it('gives each element its offsets, line, column and path', () => {
    const text = '<?xml version="1.0"?>\n<!-- a <comment> -->\n<p:R xmlns:p="urn:x">\n  <p:A k="a>b" j=\'<\'/>\n  <p:A><![CDATA[ <not-an-element> ]]></p:A><B/>\r\n\t<?pi <x>?><C>ā</C>\r<C/>\n</p:R>';
    const spans = indexElements(text)!;
    expect(spans.map((s) => [s.local, s.line, s.column, s.path])).toEqual([
      ['R', 3, 1, '/R'],
      ['A', 4, 3, '/R/A[1]'],
      ['A', 5, 3, '/R/A[2]'],
      ['B', 5, 44, '/R/B[1]'],
      ['C', 6, 12, '/R/C[1]'],
      ['C', 7, 1, '/R/C[2]'],
    ]);
    const a1 = spans[1]!;
    expect(text.slice(a1.start, a1.end)).toBe('<p:A k="a>b" j=\'<\'/>');
    const a2 = spans[2]!;
    expect(text.slice(a2.start, a2.end)).toBe('<p:A><![CDATA[ <not-an-element> ]]></p:A>');
    expect(text.slice(spans[0]!.start, spans[0]!.end)).toBe(text.slice(text.indexOf('<p:R')));
    expect(spans[0]).toMatchObject({ qname: 'p:R', prefix: 'p', depth: 0 });
  });

  it('gives up on text it does not expect, rather than guess', () => {
    expect(indexElements('<!DOCTYPE r><r/>')).toBeUndefined();
    expect(indexElements('<r><a></b></r>')).toBeUndefined();
    expect(indexElements('<r><a>')).toBeUndefined();
  });

  it('sameElements compares with the elements libxml2 found', () => {
    const spans = indexElements('<r><a/><b/></r>')!;
    expect(sameElements(spans, ['r', 'a', 'b'])).toBe(true);
    expect(sameElements(spans, ['r', 'b', 'a'])).toBe(false);
    expect(sameElements(spans, ['r', 'a'])).toBe(false);
  });
});
