// `edi eudr …`: commands of the timber / EUDR flow.
//   edi eudr usage --month YYYY-MM   felling sites submitted per client (the billing basis)
import { InvalidArgumentError, type Command } from 'commander';
import { MONTH, usageForMonth } from '../../transformers/eudr/usage.js';
import { readStatementReceipt, type StatementReceipt } from '../../transformers/eudr/statement-request.js';
import type { ConfigLoader } from './domains.js';
import { openBus } from './open-bus.js';

function month(v: string): string {
  if (!MONTH.test(v)) throw new InvalidArgumentError('a month as YYYY-MM, e.g. 2026-05');
  return v;
}

export function registerEudrCommands(program: Command, config: ConfigLoader): void {
  const eudr = program.command('eudr').description('timber / EUDR: due diligence statements at EU TRACES (Regulation (EU) 2023/1115)');
  eudr
    .command('usage')
    .description('felling sites submitted per client in a month (from eudr.statements.receipts; the service is billed per felling site)')
    .requiredOption('--month <YYYY-MM>', 'the month the statements were submitted in (UTC)', month)
    .option('--topic <topic>', 'receipts topic', 'eudr.statements.receipts')
    .option('--json', 'machine-readable output')
    .action(async (opts: { month: string; topic: string; json?: boolean }) => {
      const bus = await openBus(config());
      const receipts: StatementReceipt[] = [];
      let unreadable = 0;
      try {
        for await (const r of bus.scan(opts.topic)) {
          const read = readStatementReceipt(r.value);
          if (read.ok) receipts.push(read.receipt);
          else unreadable++;
        }
      } finally {
        await bus.close();
      }
      const usage = usageForMonth(receipts, opts.month);
      const total = usage.reduce((n, u) => n + u.fellingSites, 0);
      if (opts.json) {
        console.log(JSON.stringify({ month: opts.month, clients: usage, fellingSites: total, unreadableReceipts: unreadable }, null, 2));
        return;
      }
      if (usage.length === 0) {
        console.log(`no statements submitted in ${opts.month}`);
        return;
      }
      const rows = [['client', 'name', 'statements', 'affirmations', 'felling sites', 'area ha'], ...usage.map((u) => [u.clientId, u.clientName, String(u.statements), String(u.affirmations), String(u.fellingSites), u.areaHa.toFixed(2)])];
      const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const r of rows) console.log(r.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  '));
      console.log(`total felling sites in ${opts.month}: ${total}`);
      if (unreadable > 0) console.error(`edi: ${unreadable} record(s) on ${opts.topic} are not receipts and were skipped`);
    });
}
