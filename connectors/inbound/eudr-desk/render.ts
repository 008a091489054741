// The desk's two documents: references as CSV (RFC 4180, with cells that a spreadsheet would
// run as a formula neutralised — OWASP "CSV injection") and one statement as printable HTML,
// every value escaped.
import type { DeskStatement } from './view.js';
import { statementDate } from './view.js';

export const CSV_HEADER = ['affirmation', 'referenceNumber', 'verificationNumber', 'date', 'status', 'clientId', 'clientName', 'statementId'] as const;

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function referencesCsv(statements: readonly DeskStatement[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const s of statements) {
    for (const affirmation of s.affirmations) {
      lines.push(
        [affirmation, s.referenceNumber ?? '', s.verificationNumber ?? '', statementDate(s), s.status, s.client?.id ?? '', s.client?.name ?? '', s.id].map(csvCell).join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function statementHtml(s: DeskStatement): string {
  const row = (label: string, value: string | number | undefined): string => (value === undefined || value === '' ? '' : `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(String(value))}</td></tr>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Due diligence statement ${escapeHtml(s.referenceNumber ?? s.id)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .3em 1em .3em 0; border-bottom: 1px solid #ccc; vertical-align: top; }
.numbers { font-family: ui-monospace, monospace; font-size: 1.4em; }
@media print { a { display: none; } }
</style>
</head>
<body>
<h1>EUDR due diligence statement</h1>
<p class="numbers">Reference number: ${escapeHtml(s.referenceNumber ?? '—')}<br>Verification number: ${escapeHtml(s.verificationNumber ?? '—')}</p>
<table>
${[
  row('Status', s.status),
  row('Operator (client)', s.client === undefined ? undefined : `${s.client.name} (${s.client.country}, ${s.client.id})`),
  row('Felling affirmations', s.affirmations.join(', ')),
  row('Felling sites', s.fellingSites),
  row('Requested', s.requestedAt),
  row('Available', s.availableAt),
  row('TRACES uuid', s.uuid),
  row('Internal reference', s.internalReferenceNumber),
  row('Requested by', s.origin),
  row('Reason', s.reason),
  row('Statement id', s.id),
]
  .filter((r) => r !== '')
  .join('\n')}
</table>
</body>
</html>
`;
}
