import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { errorsMarkdown } from './error-docs.js';
import { errorCatalogues } from './error-catalogues.js';

describe('error catalogue', () => {
  it('docs/errors.md lists exactly the codes of the catalogues (run npm run docs:errors)', () => {
    expect(readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8')).toBe(errorsMarkdown());
  });

  it('no code is declared twice and every code has the EDI_ERR_ prefix', () => {
    const codes = errorCatalogues.flatMap(({ catalogue }) => Object.keys(catalogue.defs));
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^EDI_ERR_[A-Z0-9_]+$/);
  });
});
