import { z } from 'zod';

// A resolved secret (TRACES auth key, client secret, SFTP key). It prints as [redacted] in
// logs, JSON, errors and config dumps; only reveal() gives the value, at the point of use.
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}

/** A config field holding a secret: written as `${env:NAME}` or `${file:PATH}` (or literally, for local use). */
export function zSecret(): z.ZodType<Secret, string | Secret> {
  return z.union([z.instanceof(Secret), z.string().min(1, 'secret must not be empty')]).transform((v) => (v instanceof Secret ? v : new Secret(v)));
}
