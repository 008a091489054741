// `edi eds …`: commands of the taxi-trip flow (VID EDS "Taksometri", issue 6).
import type { Command } from 'commander';
import type { ConfigLoader } from './domains.js';
import { formatEdsClients, listEdsClients } from './eds-clients.js';
import { formatReconcile, reconcileEds } from './eds-reconcile.js';
import { openBus } from './open-bus.js';

export function registerEdsCommands(program: Command, config: ConfigLoader): void {
  const eds = program.command('eds').description('taxi trips to VID EDS "Taksometri" (Cabinet Regulations No. 541 p. 11 and No. 405 p. 69.7.1)');
  eds
    .command('clients')
    .description('the EDS API clients of the credential registry and their token state (never a secret or a token)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const cfg = config();
      const bus = await openBus(cfg);
      try {
        const lines = await listEdsClients(cfg, bus);
        if (opts.json) console.log(JSON.stringify(lines, null, 2));
        else if (lines.length === 0) console.log('no outbound.eds component in the config');
        else console.log(formatEdsClients(lines));
      } finally {
        await bus.close();
      }
    });
  eds
    .command('reconcile')
    .description('compare the trips delivered (receipts) with the EDS report "Pārskats par taksometru datu saņemšanu tiešsaistē" of a day; exit 1 when a trip is missing on either side')
    .requiredOption('--date <YYYY-MM-DD>', 'the day (of the trips\' start, Europe/Riga) to reconcile')
    .option('--report <file>', 'the report downloaded from EDS (XML, or the sandbox\'s JSON); default: fetched from the EDS sandbox')
    .option('--url <url>', 'base URL of the EDS sandbox (default: sandboxes.eds.url, or the one the running broker serves)')
    .option('--carrier <taxpayer-code>', 'only this carrier')
    .option('--json', 'machine-readable output')
    .action(async (opts: { date: string; report?: string; url?: string; carrier?: string; json?: boolean }) => {
      const cfg = config();
      const bus = await openBus(cfg);
      try {
        const result = await reconcileEds(cfg, bus, opts);
        console.log(opts.json ? JSON.stringify(result, null, 2) : formatReconcile(result));
        if (result.missingAtEds.length > 0 || result.missingInBroker.length > 0) process.exitCode = 1;
      } finally {
        await bus.close();
      }
    });
}
