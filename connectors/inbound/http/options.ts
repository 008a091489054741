// HTTP intake options compiled once: keys reduced to their hashes, sizes in bytes.
import { createHash } from 'node:crypto';
import { parseDuration } from '../../../lib/duration.js';
import { parseSize } from '../../../lib/size.js';
import type { HttpIntakeConfig } from './spec.js';

export interface Flow {
  name: string;
  topic: string;
  /** Media types without parameters, lower case. */
  contentTypes: string[];
  maxBodySize: number;
  schema: string | undefined;
}

export interface Sender {
  id: string;
  flows: Set<string> | 'all';
  loopbackOnly: boolean;
}

export interface HttpIntakeOptions {
  flows: Map<string, Flow>;
  /** Senders by the hex SHA-256 of their key. */
  sendersByKeyHash: Map<string, Sender>;
  idempotencyWindowMs: number;
  maxBodySize: number;
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

export function compileHttpIntakeOptions(c: HttpIntakeConfig): HttpIntakeOptions {
  const flows = new Map<string, Flow>();
  for (const [name, f] of Object.entries(c.flows)) {
    flows.set(name, { name, topic: f.topic, contentTypes: f.contentTypes.map((t) => t.toLowerCase()), maxBodySize: parseSize(f.maxBodySize), schema: f.schema });
  }
  const sendersByKeyHash = new Map<string, Sender>();
  for (const s of c.senders) {
    // A key given in clear (from the environment) is hashed here and not kept.
    const hash = s.keySha256 ?? sha256Hex(s.key!.reveal());
    sendersByKeyHash.set(hash, { id: s.id, flows: s.flows.includes('*') ? 'all' : new Set(s.flows), loopbackOnly: s.loopbackOnly });
  }
  return {
    flows,
    sendersByKeyHash,
    idempotencyWindowMs: parseDuration(c.idempotencyWindow),
    maxBodySize: Math.max(...[...flows.values()].map((f) => f.maxBodySize), 1),
  };
}
