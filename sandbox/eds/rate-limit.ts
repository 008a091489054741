// EDS answers 429 "Pārsniegts izsaukumu skaita ierobežojums." above a call limit whose value is
// undocumented (reconstructed OpenAPI). Here: a fixed one-second window per client, with
// Retry-After (EDS documents none; the sandbox sends one so the broker's honouring it is tested).
export class PerClientRateLimit {
  private readonly windows = new Map<string, { second: number; count: number }>();

  /** undefined when the call may pass; else the seconds to wait (Retry-After). */
  take(clientId: string, limitPerSecond: number, now = Date.now()): number | undefined {
    if (limitPerSecond <= 0) return undefined;
    const second = Math.floor(now / 1000);
    let w = this.windows.get(clientId);
    if (w === undefined || w.second !== second) {
      w = { second, count: 0 };
      this.windows.set(clientId, w);
    }
    if (w.count >= limitPerSecond) return Math.max(1, Math.ceil(((second + 1) * 1000 - now) / 1000));
    w.count++;
    return undefined;
  }
}
