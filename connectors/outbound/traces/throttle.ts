// At most `perSecond` TRACES calls in any sliding second per web service user: the Commission
// asks for no more than 5 calls/s (Operator API Reference v1.0 §2.3.2) and answers more with
// 429. Callers queue in order; a burst up to the limit goes at once.
import { sleep } from '../../../lib/retry.js';

export class CallThrottle {
  private readonly recent: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0)) throw new RangeError(`calls per second must be positive, got ${perSecond}`);
  }

  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.wait(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const t = Date.now();
      while (this.recent.length > 0 && this.recent[0]! <= t - 1000) this.recent.shift();
      if (this.recent.length < Math.floor(this.perSecond)) {
        this.recent.push(t);
        return;
      }
      await sleep(this.recent[0]! + 1000 - t + 1, signal);
    }
  }
}
