// `edi tobacco …`: commands of the tobacco track & trace flow.
import { InvalidArgumentError, type Command } from 'commander';
import type { ConfigLoader } from './domains.js';
import { openBus } from './open-bus.js';
import { requestRecall } from './tobacco-recall.js';

function reason(v: string): 1 | 2 | 3 {
  if (v === '1' || v === '2' || v === '3') return Number(v) as 1 | 2 | 3;
  throw new InvalidArgumentError('1 (event did not materialise), 2 (erroneous information) or 3 (other, explain with --text)');
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number of seconds (0 = do not wait)');
  return n;
}

export function registerTobaccoCommands(program: Command, config: ConfigLoader): void {
  const tobacco = program.command('tobacco').description('EU tobacco track & trace (Directive 2014/40/EU art. 15, Reg. 2018/574)');
  tobacco
    .command('recall <code>')
    .description('recall a message the router accepted (RCL), through the bus: tracked, retried, refusals in tobacco.dlq')
    .requiredOption('--reason <1|2|3>', 'Recall_Reason1: 1 event did not materialise, 2 erroneous information, 3 other', reason)
    .option('--text <text>', 'with reason 3 the required explanation (Recall_Reason2), otherwise a comment (Recall_Reason3)')
    .option('--eo-id <EO_ID>', 'operator of the recalled message (default: from its receipt on tobacco.receipts)')
    .option('--wait <seconds>', "wait this long for the router's answer (0 = only queue it)", seconds, 60)
    .option('--json', 'machine-readable output')
    .action(async (code: string, opts: { reason: 1 | 2 | 3; text?: string; eoId?: string; wait: number; json?: boolean }) => {
      const bus = await openBus(config());
      try {
        const outcome = await requestRecall(bus, { code, reason: opts.reason, ...(opts.text !== undefined ? { text: opts.text } : {}), ...(opts.eoId !== undefined ? { eoId: opts.eoId } : {}) }, { timeoutMs: opts.wait * 1000 });
        if (opts.json) console.log(JSON.stringify(outcome, null, 2));
        switch (outcome.status) {
          case 'accepted':
            if (!opts.json) console.log(`recalled ${code}: RCL ${outcome.recallCode} accepted (HTTP ${outcome.receipt.status}); edi-id ${outcome.id}`);
            break;
          case 'queued':
            if (!opts.json) console.log(`RCL ${outcome.recallCode} for ${code} queued (edi-id ${outcome.id}); no answer from the router yet: follow it with \`edi track ${outcome.id}\``);
            break;
          case 'refused':
            if (!opts.json) console.error(`the recall of ${code} was refused: ${outcome.errorCode}${outcome.routerCodes.length ? ` (${outcome.routerCodes.join(', ')})` : ''}: ${outcome.reason}`);
            process.exitCode = 1;
            break;
          case 'invalid':
            if (!opts.json) {
              console.error(`edi: ${outcome.reason}`);
              for (const v of outcome.violations) console.error(`  ${v.path}: ${v.message}`);
            }
            process.exitCode = 1;
            break;
          case 'unknown-code':
            if (!opts.json) console.error(`edi: ${outcome.reason}`);
            process.exitCode = 1;
            break;
        }
      } finally {
        await bus.close();
      }
    });
}
