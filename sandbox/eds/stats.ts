// GET /_sandbox/stats: how many calls of each kind the sandbox answered, and how, since it
// started (in memory). Tests and bench/eds.ts read it to count token requests per 1,000 trips,
// the 409s a crash caused and the 429s of a burst — what EDS itself would never tell.
export class EdsCallStats {
  private readonly counts = new Map<string, number>();
  readonly startedAt = new Date().toISOString();

  count(route: 'auth' | 'carriage' | 'auth-delete', status: number): void {
    const key = `${route} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  view(): { startedAt: string; auth: Record<string, number>; carriage: Record<string, number>; authDelete: Record<string, number> } {
    const of = (route: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [k, n] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) if (k.startsWith(`${route} `)) out[k.slice(route.length + 1)] = n;
      return out;
    };
    return { startedAt: this.startedAt, auth: of('auth'), carriage: of('carriage'), authDelete: of('auth-delete') };
  }
}
