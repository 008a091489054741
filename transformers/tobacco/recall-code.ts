// The recall Code of a message: generated once per message and kept through every retry and
// redelivery, so the repository recognises a resend (issue 5). Derived from the message's
// edi-id (assigned once at intake) as a name-based UUID (RFC 9562 version 5 layout), so a
// transformer that runs twice on the same record produces the same Code without any state.
import { createHash } from 'node:crypto';

/** Namespace of tobacco recall codes (a fixed random UUID; changing it changes every Code). */
const NAMESPACE = Buffer.from('6f1d2c8a4b3e4f5aa1c27d9e0b8f3e11', 'hex');

export function recallCodeFor(ediId: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(ediId, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50; // version 5
  b[8] = ((b[8] as number) & 0x3f) | 0x80; // RFC variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
