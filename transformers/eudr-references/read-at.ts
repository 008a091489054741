// One record read back from the bus by its position: a parked document is a pointer to its
// record on the input topic. Bus.scan starts every partition at its first offset unless told
// otherwise, so every other partition is started past its end.
import type { Bus } from '../../topics/bus.js';
import type { BusRecord } from '../../topics/record.js';

const PAST_THE_END = '9223372036854775807';

export async function readRecordAt(bus: Bus, at: { topic: string; partition: number; offset: string }): Promise<BusRecord | undefined> {
  const [info] = await bus.describeTopics([at.topic]);
  if (info === undefined) return undefined;
  const fromOffsets: Record<number, string> = {};
  for (const p of info.partitions) fromOffsets[p.partition] = p.partition === at.partition ? at.offset : PAST_THE_END;
  for await (const r of bus.scan(at.topic, { fromOffsets, maxRecords: 1 })) {
    // Retention may have removed it: the scan then starts at a later record.
    return r.partition === at.partition && r.offset === at.offset ? r : undefined;
  }
  return undefined;
}
