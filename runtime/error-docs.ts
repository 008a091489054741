// docs/errors.md is generated from the error catalogues (`npm run docs:errors`); a test fails
// when the two differ, so a new code cannot land undocumented.
import { errorCatalogues } from './error-catalogues.js';

export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Every error the broker reports carries a stable `EDI_ERR_*` code. Codes are never reused;',
    'a retired code stays listed. *Retriable* errors are retried with backoff; the others go to',
    'the DLQ at once (or are answered to the HTTP client with the status shown).',
    '',
    'Generated from the catalogues by `npm run docs:errors`; do not edit by hand.',
  ];
  const seen = new Set<string>();
  for (const { area, catalogue } of errorCatalogues) {
    lines.push('', `## ${area}`, '', '| code | retriable | HTTP | message |', '|---|---|---|---|');
    for (const [code, def] of Object.entries(catalogue.defs)) {
      if (seen.has(code)) throw new Error(`error code ${code} is declared in two catalogues`);
      seen.add(code);
      lines.push(`| \`${code}\` | ${def.retriable ? 'yes' : 'no'} | ${def.http ?? ''} | ${def.message.replace(/\|/g, '\\|')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
