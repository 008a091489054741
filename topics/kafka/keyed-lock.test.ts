import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

describe('KeyedLock', () => {
  it('lets one holder of a key in at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const worker = async (name: string, ms: number): Promise<void> => {
      const release = await lock.acquire(['k']);
      events.push(`${name} in`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`${name} out`);
      release();
    };
    await Promise.all([worker('a', 20), worker('b', 1), worker('c', 1)]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('does not block holders of other keys', async () => {
    const lock = new KeyedLock();
    const releaseA = await lock.acquire(['a']);
    const releaseB = await Promise.race([lock.acquire(['b']), new Promise<null>((r) => setTimeout(() => r(null), 100))]);
    expect(releaseB).not.toBeNull();
    releaseA();
    releaseB?.();
  });

  it('does not deadlock two holders taking overlapping keys in opposite orders', async () => {
    const lock = new KeyedLock();
    const hold = async (keys: string[]): Promise<void> => {
      const release = await lock.acquire(keys);
      await new Promise((r) => setTimeout(r, 5));
      release();
    };
    const done = Promise.all([hold(['x', 'y']), hold(['y', 'x']), hold(['y']), hold(['x'])]);
    await expect(Promise.race([done.then(() => 'done'), new Promise((r) => setTimeout(() => r('deadlock'), 2000))])).resolves.toBe('done');
  });
});
