// Durations in config are written for people ("2s", "500ms", "72h") and compiled to ms once.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new Error(`duration must be a non-negative number of ms, got ${input}`);
    return input;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(input);
  if (!match) throw new Error(`"${input}" is not a duration (examples: 500ms, 2s, 5m, 72h)`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!);
}
