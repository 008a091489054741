// The `edi` command line. Each command is small; the work is in the runtime modules.
import { Command } from 'commander';
import { stringify as toYaml } from 'yaml';
import { EdiError } from '../../lib/errors.js';
import { buildCatalogue, type TopicSpec } from '../../topics/catalogue.js';
import { componentMarkdown } from '../../connectors/sdk/docs.js';
import { loadConfig, type CompiledConfig } from '../config/load.js';
import { Broker } from '../broker.js';
import { defaultRegistry } from '../registry.js';
import { TrackingIndex } from '../tracking-index.js';
import { replayDlq } from '../replay.js';
import { openBus } from './open-bus.js';
import { createLogger } from '../logger.js';
import { validateFiles } from './validate.js';
import { registerDomainCommands } from './domains.js';
import { redactedConfig } from './redact.js';

const program = new Command();
program
  .name('edi')
  .description('EDI message broker: papiNet/EUDR to EU TRACES, tobacco track & trace to the EU router, taxi trips to VID EDS')
  .option('-c, --config <file>', 'configuration file (default: $EDI_CONFIG or ./edi.config.yaml)')
  .showHelpAfterError();

const config = (): CompiledConfig => loadConfig(program.opts<{ config?: string }>().config);

program
  .command('start')
  .description('run every configured component, and the enabled sandboxes, in one process (what `npm start` runs)')
  .action(async () => runBroker(config(), {}));

program
  .command('run <component-id>')
  .description('run one configured component alone (scale-out on Kafka: start it on as many machines as you like)')
  .action(async (id: string) => runBroker(config(), { only: [id] }));

const topics = program.command('topics').description('the topic catalogue on the bus');
topics
  .command('apply')
  .description('create missing topics and update partitions / retention / cleanup from the catalogue')
  .action(async () => {
    const cfg = config();
    const bus = await openBus(cfg);
    try {
      for (const r of await bus.ensureTopics(buildCatalogue(cfg.topics as TopicSpec[]).all())) console.log(`${r.action.padEnd(9)} ${r.name}`);
    } finally {
      await bus.close();
    }
  });
topics
  .command('list')
  .description('print every topic with its partitions and end offsets')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const cfg = config();
    const bus = await openBus(cfg);
    try {
      const catalogue = buildCatalogue(cfg.topics as TopicSpec[]);
      const infos = await bus.describeTopics();
      if (opts.json) return console.log(JSON.stringify(infos, null, 2));
      console.log(`${'topic'.padEnd(30)} ${'partitions'.padStart(10)}  ${'cleanup'.padEnd(8)} end offsets (per partition)    records`);
      for (const t of infos.sort((a, b) => a.name.localeCompare(b.name))) {
        const ends = t.partitions.map((p) => p.endOffset);
        const records = t.partitions.reduce((n, p) => n + Number(p.endOffset) - Number(p.startOffset), 0);
        const known = catalogue.has(t.name) || t.name.startsWith('edi.state.') ? '' : '  (not in catalogue)';
        console.log(`${t.name.padEnd(30)} ${String(t.partitions.length).padStart(10)}  ${(t.cleanup ?? '').padEnd(8)} ${ends.join(',').padEnd(30)} ${String(records).padStart(7)}${known}`);
      }
    } finally {
      await bus.close();
    }
  });

program
  .command('validate <files...>')
  .description('validate files against the schema their content belongs to (papiNet XML, GeoJSON, tobacco and trip events); exit 1 with file:line:col: message lines if invalid')
  .action(async (files: string[]) => {
    process.exitCode = await validateFiles(files, defaultRegistry().formats);
  });

program
  .command('track <query>')
  .description('the timeline of a message from edi.tracking, by edi-id, file name or business key')
  .option('--json', 'machine-readable output')
  .action(async (query: string, opts: { json?: boolean }) => {
    const cfg = config();
    const bus = await openBus(cfg);
    const index = new TrackingIndex(cfg.dataDirAbs, bus);
    try {
      try {
        await index.catchUp();
      } catch (err) {
        // A data directory no broker has run on yet has no edi.tracking: nothing to find.
        if (!(err instanceof EdiError && err.code === 'EDI_ERR_TOPIC_UNKNOWN')) throw err;
        console.error(`edi: edi.tracking does not exist yet on this bus (has the broker run with data directory ${cfg.dataDirAbs}?)`);
      }
      const found = index.find(query);
      if (opts.json) console.log(JSON.stringify(found, null, 2));
      else if (found.length === 0) console.log(`no message matches ${query}`);
      for (const { id, events } of opts.json ? [] : found) {
        console.log(`${id}`);
        for (const e of events) {
          const refs = e.refs ? ' ' + Object.entries(e.refs).map(([k, v]) => `${k}=${v}`).join(' ') : '';
          const err = e.errorCode ? ` ${e.errorCode}: ${e.message ?? ''}` : '';
          console.log(`  ${e.at}  ${e.step.padEnd(10)} ${e.status.padEnd(9)} ${e.component}${e.key ? ` key=${e.key}` : ''}${e.source ? ` source=${e.source}` : ''}${refs}${err}`);
        }
      }
      if (found.length === 0) process.exitCode = 1;
    } finally {
      await index.close();
      await bus.close();
    }
  });

program
  .command('replay <dlq-topic>')
  .description('put DLQ records back on the topic they came from, keeping edi-id')
  .option('--id <id...>', 'edi-id of a record to replay (repeatable)')
  .option('--all', 'replay every record of the DLQ not replayed before')
  .option('--again', 'also replay records that were replayed before')
  .action(async (dlq: string, opts: { id?: string[]; all?: boolean; again?: boolean }) => {
    const bus = await openBus(config());
    try {
      const result = await replayDlq(bus, dlq, { ids: opts.id, all: opts.all, again: opts.again });
      for (const r of result.replayed) console.log(`replayed ${r.id} -> ${r.to}`);
      for (const s of result.skipped) console.log(`skipped  ${s.id}: ${s.reason}`);
      console.log(`${result.replayed.length} replayed, ${result.skipped.length} skipped`);
    } finally {
      await bus.close();
    }
  });

program
  .command('connectors')
  .description('list the component types with their options (generated from their config schemas)')
  .option('--markdown', 'full documentation in Markdown')
  .action((opts: { markdown?: boolean }) => {
    const defs = defaultRegistry().allComponents();
    if (opts.markdown) return console.log(defs.map(componentMarkdown).join('\n\n'));
    for (const d of defs) console.log(`${d.spec.type.padEnd(28)} ${d.spec.kind.padEnd(12)} ${d.spec.summary}`);
  });

program
  .command('sandbox <name>')
  .description('run one sandbox (local stand-in of a government system) alone')
  .option('-p, --port <port>', 'port (0 = any free port)', '0')
  .option('--host <host>', 'address to listen on (0.0.0.0 in a container, so that other containers reach it)', '127.0.0.1')
  .option('--data-dir <dir>', 'where the sandbox keeps its ledger (default: <dataDir>/sandbox)')
  .action(async (name: string, opts: { port: string; host: string; dataDir?: string }) => {
    const cfg = config();
    const factory = defaultRegistry().sandbox(name);
    if (factory === undefined) throw new Error(`no sandbox ${name} (known: ${defaultRegistry().allSandboxes().map((s) => s.name).join(', ')})`);
    const { enabled: _e, port: _p, url: _u, ...rest } = cfg.sandboxes[name] ?? {};
    const sandbox = factory.create(factory.options.parse(rest), { host: opts.host, port: Number(opts.port), dataDir: opts.dataDir ?? `${cfg.dataDirAbs}/sandbox` });
    const url = await sandbox.start();
    console.log(JSON.stringify({ sandbox: name, title: factory.title, url }));
    const stop = (): void => void sandbox.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

program
  .command('config')
  .description('print the effective configuration (secrets redacted)')
  .action(() => console.log(toYaml(redactedConfig(config(), defaultRegistry()))));

registerDomainCommands(program, config);

async function runBroker(cfg: CompiledConfig, options: { only?: string[] }): Promise<void> {
  const log = createLogger(cfg.log.level);
  const broker = await Broker.start(cfg, { ...options, log });
  let signals = 0;
  const shutdown = (signal: string): void => {
    if (++signals > 1) {
      log.warn('second signal: exiting now');
      process.exit(130);
    }
    void broker.stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof EdiError) {
    console.error(`edi: ${err.code}: ${err.message}`);
    const issues = (err.detail as { issues?: string[] } | undefined)?.issues;
    if (issues && issues.length > 1) for (const i of issues) console.error(`  ${i}`);
  } else console.error(`edi: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});

