// When is a file complete? When its size and modification time have not changed for the stable
// window. Each candidate is re-checked only when its window can have elapsed (one timer for the
// whole folder, never one per file), so 10,000 waiting files cost a stat each, not a poll loop.

export interface Observation {
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface Stability {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Since when the file is known to be unchanged. */
  stableSince: number;
  /** When to look again. */
  dueAt: number;
}

export function firstLook(o: Observation, now: number, windowMs: number, trustMtime: boolean): Stability {
  // A modification time in the future (another machine's clock) proves nothing: count from now.
  const since = trustMtime && o.mtimeMs <= now ? Math.min(now, o.mtimeMs) : now;
  return { ...o, stableSince: since, dueAt: since + windowMs };
}

/** The file as seen again: unchanged keeps its start, a change restarts the window. */
export function lookAgain(s: Stability, o: Observation, now: number, windowMs: number, trustMtime: boolean): Stability {
  if (o.size === s.size && o.mtimeMs === s.mtimeMs && o.ino === s.ino) return { ...s, dueAt: s.stableSince + windowMs };
  // A modification time that went backwards (cp -p, unzip setting the original time) is not
  // evidence of age: the window then counts from now.
  return firstLook(o, now, windowMs, trustMtime && o.mtimeMs > s.mtimeMs);
}

export function isStable(s: Stability, now: number, windowMs: number): boolean {
  return now - s.stableSince >= windowMs;
}
