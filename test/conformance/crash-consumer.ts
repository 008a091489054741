// Child process of the conformance suite's crash test: joins a consumer group, reports every
// batch it is handed on stdout, and hangs inside the batch that reaches `crashAtOffset`, so
// that the parent can SIGKILL it mid-batch.
//   node --import tsx test/conformance/crash-consumer.ts '<json>'
import pino from 'pino';
import { openBus, type BusSpec } from './bus-spec.js';

interface Args {
  bus: BusSpec;
  group: string;
  topic: string;
  crashAtOffset: number;
  maxBatchRecords: number;
}

const args = JSON.parse(process.argv[2]!) as Args;
const say = (line: string): void => void process.stdout.write(`${line}\n`);

// Its log (rebalances, failed commits) goes to stderr, which the test shows when it fails.
const log = pino({ level: process.env.CRASH_CONSUMER_LOG_LEVEL ?? 'info' }, pino.destination({ dest: 2, sync: true }));
const bus = await openBus({ ...args.bus, options: { ...args.bus.options, log } } as BusSpec);
await bus.subscribe({
  group: args.group,
  topics: [args.topic],
  maxBatchRecords: args.maxBatchRecords,
  handler: async (batch) => {
    const first = batch.records[0]!.offset;
    const last = batch.records[batch.records.length - 1]!.offset;
    if (Number(last) >= args.crashAtOffset) {
      say(`HANG ${batch.partition} ${first} ${last}`);
      // Never resolves (the interval keeps the process alive): killed here, nothing committed.
      await new Promise(() => setInterval(() => {}, 60_000));
    }
    say(`BATCH ${batch.partition} ${first} ${last}`);
  },
});
say('READY');
