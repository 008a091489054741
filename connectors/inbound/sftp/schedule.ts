// When to poll: a fixed interval after each poll ends, or a cron schedule in a time zone
// (croner), never two polls at once.
import { Cron } from 'croner';

export interface Schedule {
  stop(): void;
  /** When the next poll is due (for describe()). */
  next(): Date | undefined;
}

export function schedulePolls(options: { cron?: string; timeZone?: string; intervalMs: number }, poll: () => Promise<void>): Schedule {
  if (options.cron !== undefined) {
    const job = new Cron(options.cron, { ...(options.timeZone !== undefined ? { timezone: options.timeZone } : {}), protect: true }, async () => {
      await poll();
    });
    return { stop: () => job.stop(), next: () => job.nextRun() ?? undefined };
  }
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let due: Date | undefined;
  const arm = (): void => {
    if (stopped) return;
    due = new Date(Date.now() + options.intervalMs);
    timer = setTimeout(() => void poll().finally(arm), options.intervalMs);
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
    next: () => (stopped ? undefined : due),
  };
}
