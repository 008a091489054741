// The client side of SCRAM (RFC 5802; SHA-256 per RFC 7677, SHA-512 as Kafka's KIP-84), used
// by the topic-config connection when the brokers ask for SASL/SCRAM. Pure: no I/O.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

const digestOf = (m: ScramMechanism): { hash: 'sha256' | 'sha512'; length: number } =>
  m === 'SCRAM-SHA-256' ? { hash: 'sha256', length: 32 } : { hash: 'sha512', length: 64 };

/** RFC 5802 §5.1: "=" and "," in the user name are escaped. */
const saslName = (user: string): string => user.replace(/=/g, '=3D').replace(/,/g, '=2C');

export class ScramClient {
  private readonly nonce: string;
  private readonly firstBare: string;
  private serverSignature: Buffer | undefined;

  constructor(
    private readonly mechanism: ScramMechanism,
    private readonly username: string,
    private readonly password: string,
    nonce: string = randomBytes(24).toString('base64'),
  ) {
    this.nonce = nonce;
    this.firstBare = `n=${saslName(username)},r=${nonce}`;
  }

  /** client-first-message (no channel binding: gs2 header "n,,"). */
  first(): string {
    return `n,,${this.firstBare}`;
  }

  /** client-final-message, from the server-first-message. */
  final(serverFirst: string): string {
    const attrs = parseAttributes(serverFirst);
    const serverNonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (serverNonce === undefined || salt === undefined || !Number.isInteger(iterations) || iterations < 1) {
      throw new Error('malformed SCRAM server-first-message');
    }
    if (!serverNonce.startsWith(this.nonce)) throw new Error('SCRAM server nonce does not extend the client nonce');
    const { hash, length } = digestOf(this.mechanism);
    const salted = pbkdf2Sync(this.password.normalize('NFKC'), Buffer.from(salt, 'base64'), iterations, length, hash);
    const clientKey = hmac(hash, salted, 'Client Key');
    const storedKey = createHash(hash).update(clientKey).digest();
    const withoutProof = `c=biws,r=${serverNonce}`;
    const authMessage = `${this.firstBare},${serverFirst},${withoutProof}`;
    const clientSignature = hmac(hash, storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!;
    this.serverSignature = hmac(hash, hmac(hash, salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the server-final-message: the server proves it knows the password too. */
  verify(serverFinal: string): void {
    const attrs = parseAttributes(serverFinal);
    const error = attrs.get('e');
    if (error !== undefined) throw new Error(`SCRAM server error: ${error}`);
    const v = attrs.get('v');
    if (v === undefined || this.serverSignature === undefined) throw new Error('malformed SCRAM server-final-message');
    const got = Buffer.from(v, 'base64');
    if (got.length !== this.serverSignature.length || !timingSafeEqual(got, this.serverSignature)) {
      throw new Error('SCRAM server signature does not match');
    }
  }
}

function hmac(hash: string, key: Buffer, data: string): Buffer {
  return createHmac(hash, key).update(data).digest();
}

function parseAttributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i), part.slice(i + 1));
  }
  return out;
}
