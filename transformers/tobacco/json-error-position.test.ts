import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from './json-error-position.js';

describe('jsonErrorPosition', () => {
  it.each([
    ['{\n  "a": }', 2, 8],
    ['{"a": 1,}', 1, 9],
    ['{"a": tru}', 1, 10],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 01}', 1, 8],
    ['[1, 2]\n  x', 2, 3],
    ['{"a": "\\q"}', 1, 9],
  ])('%j fails at line %i column %i', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toMatchObject({ line, column });
  });

  it('finds nothing wrong in what JSON.parse accepts', () => {
    for (const ok of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' 12 ']) expect(jsonErrorPosition(ok)).toBeUndefined();
  });
});
