import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';

// ULIDs sort by time, so ids assigned at intake also order the tracking index.
const nextUlid = monotonicFactory();

export function newId(): string {
  return nextUlid();
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
