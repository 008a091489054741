// Idempotency-Key per sender (draft-ietf-httpapi-idempotency-key-header): the first request
// with a key commits its record together with the key's entry; a later one with the same key gets
// the same id and no record. Requests with one key that overlap in time wait for the first.
import type { StateStore } from '../../../topics/state-store.js';
import { sha256Hex } from './options.js';

export interface KeyedIntake {
  id: string;
  /** SHA-256 of the body, to tell a retry from a different document under the same key. */
  bodySha256: string;
  at: string;
}

export const idempotencyStateKey = (sender: string, key: string): string => `idem:${sender}:${sha256Hex(key)}`;

/** Printable ASCII, 1-255 characters. */
export const VALID_IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

type Outcome = { intake: KeyedIntake; replayed: boolean };

export class IdempotencyKeys {
  private readonly inFlight = new Map<string, Promise<Outcome>>();

  constructor(
    private readonly state: StateStore,
    private readonly windowMs: number,
  ) {}

  /**
   * Runs `take` unless the key was used before (or is being used right now); returns the intake
   * the key stands for and whether it was an earlier request's.
   */
  async once(stateKey: string, take: () => Promise<KeyedIntake>): Promise<Outcome> {
    const running = this.inFlight.get(stateKey);
    if (running !== undefined) {
      const earlier = await running.catch(() => undefined);
      // The earlier request failed (bus unavailable): this one may try in its turn.
      return earlier !== undefined ? { intake: earlier.intake, replayed: true } : this.once(stateKey, take);
    }
    const attempt = (async (): Promise<Outcome> => {
      const stored = (await this.state.get<KeyedIntake>(stateKey))?.value;
      if (stored !== undefined && Date.now() - Date.parse(stored.at) <= this.windowMs) return { intake: stored, replayed: true };
      return { intake: await take(), replayed: false };
    })();
    // Registered before anything is awaited, so an overlapping request waits for this one.
    this.inFlight.set(stateKey, attempt);
    try {
      return await attempt;
    } finally {
      if (this.inFlight.get(stateKey) === attempt) this.inFlight.delete(stateKey);
    }
  }

  /** Keys older than the window, to delete. */
  async expired(now = Date.now()): Promise<string[]> {
    return (await this.state.scan<KeyedIntake>('idem:')).filter(([, e]) => now - Date.parse(e.value.at) > this.windowMs).map(([k]) => k);
  }
}
