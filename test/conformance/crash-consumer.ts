// Child process of the conformance suite's crash test: joins a consumer group, reports every
// batch it is handed on stdout, and hangs inside the batch that reaches `crashAtOffset`, so
// that the parent can SIGKILL it mid-batch.
//   node --import tsx test/conformance/crash-consumer.ts '<json>'
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

const bus = await openBus(args.bus);
await bus.subscribe({
  group: args.group,
  topics: [args.topic],
  maxBatchRecords: args.maxBatchRecords,
  handler: async (batch) => {
    const first = batch.records[0]!.offset;
    const last = batch.records[batch.records.length - 1]!.offset;
    if (Number(last) >= args.crashAtOffset) {
      say(`HANG ${batch.partition} ${first} ${last}`);
      await new Promise(() => {}); // never resolves: killed here, nothing committed
    }
    say(`BATCH ${batch.partition} ${first} ${last}`);
  },
});
say('READY');
