import { describe, expect, it } from 'vitest';
import { jsonPosition } from './json-position.js';

const text = ['{', '  "EO_ID": "SBXEO0000001",', '  "upUIs": [', '    "A",', '    "B"', '  ],', '  "Product": { "Items": [ { "n": 1 } ] }', '}'].join('\n');

describe('jsonPosition: line and column of a JSON path in the text', () => {
  it('a property: its key', () => {
    expect(jsonPosition(text, 'EO_ID')).toEqual({ line: 2, column: 3 });
  });
  it('an array element and a nested path', () => {
    expect(jsonPosition(text, 'upUIs[1]')).toEqual({ line: 5, column: 5 });
    expect(jsonPosition(text, 'Product.Items[0].n')).toEqual({ line: 7, column: 29 });
  });
  it('a missing property: the object that should hold it', () => {
    expect(jsonPosition(text, 'Invoice_Number')).toEqual({ line: 1, column: 1 });
    expect(jsonPosition(text, 'Product.Missing')).toEqual({ line: 7, column: 3 });
  });
  it('no JSON: undefined', () => {
    expect(jsonPosition('<xml/>', 'a')).toBeUndefined();
  });
});
