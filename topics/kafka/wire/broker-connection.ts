// One connection to a Kafka broker speaking the wire protocol directly, for the few admin
// requests the Confluent client does not expose (topic configs). Plain TCP or TLS, SASL PLAIN
// or SCRAM (KIP-84), version negotiation with ApiVersions (KIP-35); one request at a time.
import net from 'node:net';
import tls from 'node:tls';
import type { Secret } from '../../../lib/secret.js';
import { kafkaErrors } from '../errors.js';
import { ApiKey, Reader, Writer, errorName, firstFlexibleVersion } from './protocol.js';
import { ScramClient } from './sasl-scram.js';

export interface ConnectionSettings {
  brokers: readonly string[];
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: Secret };
  timeoutMs?: number;
}

interface Pending {
  correlationId: number;
  resolve: (body: Buffer) => void;
  reject: (err: Error) => void;
}

export class BrokerConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private nextCorrelationId = 1;
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly versions = new Map<number, { min: number; max: number }>();
  private failure: Error | undefined;

  private constructor(
    private readonly socket: net.Socket,
    readonly broker: string,
    private readonly settings: ConnectionSettings,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error): void => {
      this.failure ??= err;
      this.pending?.reject(err);
      this.pending = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Connects to the first bootstrap broker that answers, negotiates versions, authenticates. */
  static async open(settings: ConnectionSettings): Promise<BrokerConnection> {
    let last: unknown;
    for (const broker of settings.brokers) {
      let conn: BrokerConnection | undefined;
      try {
        conn = new BrokerConnection(await connect(broker, settings), broker, settings);
        await conn.handshake();
        return conn;
      } catch (err) {
        conn?.close();
        if (err instanceof Error && 'code' in err && err.code === 'EDI_ERR_BUS_KAFKA_AUTH') throw err;
        last = err;
      }
    }
    throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_PROTOCOL', { api: 'connect', broker: settings.brokers.join(','), reason: reasonOf(last) }, { cause: last });
  }

  /** The highest version both sides speak, or undefined. */
  version(apiKey: number, ourMin: number, ourMax: number): number | undefined {
    const theirs = this.versions.get(apiKey);
    if (theirs === undefined) return undefined;
    const v = Math.min(ourMax, theirs.max);
    return v >= Math.max(ourMin, theirs.min) ? v : undefined;
  }

  /** Sends one request (body without its final tagged fields) and reads the response body. */
  request(apiKey: number, version: number, body: (w: Writer) => void): Promise<Reader> {
    const flexible = version >= (firstFlexibleVersion[apiKey] ?? Infinity);
    const run = async (): Promise<Reader> => {
      const w = new Writer(flexible);
      body(w);
      w.tags(); // the request's own tagged fields (flexible versions)
      const response = await this.send(apiKey, version, flexible, w.build());
      return new Reader(response, flexible);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }

  private send(apiKey: number, version: number, flexible: boolean, body: Buffer): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    // Request header v1 (v2 adds tagged fields); client_id stays a classic nullable string.
    const header = new Writer(false).int16(apiKey).int16(version).int32(correlationId).nullableString(this.settings.clientId).build();
    const payload = Buffer.concat([header, flexible ? Buffer.from([0]) : Buffer.alloc(0), body]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        const err = new Error(`no response within ${this.settings.timeoutMs ?? 10_000} ms`);
        this.pending = undefined;
        reject(err);
        this.socket.destroy(err);
      }, this.settings.timeoutMs ?? 10_000);
      this.pending = {
        correlationId,
        resolve: (b) => {
          clearTimeout(timer);
          // Response header v1 (flexible) carries tagged fields after the correlation id, except
          // ApiVersions, whose response header is always v0 (KIP-511).
          if (flexible && apiKey !== ApiKey.ApiVersions) {
            const r = new Reader(b, true);
            r.tags();
            resolve(b.subarray(b.length - r.remaining));
          } else resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.write(Buffer.concat([size, payload]));
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      const correlationId = frame.readInt32BE(0);
      const p = this.pending;
      if (p !== undefined && p.correlationId === correlationId) {
        this.pending = undefined;
        p.resolve(frame.subarray(4));
      }
    }
  }

  private async handshake(): Promise<void> {
    // ApiVersions v0: every broker since 0.10 answers it, whatever else it supports.
    const r = await this.request(ApiKey.ApiVersions, 0, () => {});
    const error = r.int16();
    if (error !== 0) throw new Error(`ApiVersions: ${errorName(error)}`);
    for (const v of r.array((x) => ({ key: x.int16(), min: x.int16(), max: x.int16() }))) this.versions.set(v.key, { min: v.min, max: v.max });
    if (this.settings.sasl !== undefined) await this.authenticate(this.settings.sasl);
  }

  private async authenticate(sasl: NonNullable<ConnectionSettings['sasl']>): Promise<void> {
    const mechanism = sasl.mechanism.toUpperCase();
    const fail = (reason: string): Error => kafkaErrors.create('EDI_ERR_BUS_KAFKA_AUTH', { mechanism, username: sasl.username, reason });
    const hv = this.version(ApiKey.SaslHandshake, 1, 1);
    const av = this.version(ApiKey.SaslAuthenticate, 0, 2);
    if (hv === undefined || av === undefined) throw fail('the broker offers no SASL handshake on this listener');
    const hs = await this.request(ApiKey.SaslHandshake, hv, (w) => w.string(mechanism));
    const hsError = hs.int16();
    const offered = hs.array((x) => x.string(), false);
    if (hsError !== 0) throw fail(`${errorName(hsError)} (broker offers ${offered.join(', ') || 'none'})`);

    const step = async (bytes: Buffer): Promise<Buffer> => {
      const r = await this.request(ApiKey.SaslAuthenticate, av, (w) => w.bytes(bytes));
      const code = r.int16();
      const message = r.nullableString();
      const reply = r.bytes();
      if (code !== 0) throw fail(message ?? errorName(code));
      return reply;
    };
    const password = sasl.password.reveal();
    if (mechanism === 'PLAIN') {
      await step(Buffer.from(`\0${sasl.username}\0${password}`, 'utf8'));
      return;
    }
    const scram = new ScramClient(mechanism as 'SCRAM-SHA-256' | 'SCRAM-SHA-512', sasl.username, password);
    const serverFirst = (await step(Buffer.from(scram.first()))).toString('utf8');
    let clientFinal: string;
    try {
      clientFinal = scram.final(serverFirst);
    } catch (err) {
      throw fail(reasonOf(err));
    }
    const serverFinal = (await step(Buffer.from(clientFinal))).toString('utf8');
    try {
      scram.verify(serverFinal);
    } catch (err) {
      throw fail(reasonOf(err));
    }
  }
}

function connect(broker: string, settings: ConnectionSettings): Promise<net.Socket> {
  const i = broker.lastIndexOf(':');
  const host = broker.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(broker.slice(i + 1));
  return new Promise((resolve, reject) => {
    const socket = settings.ssl ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
    const timer = setTimeout(() => socket.destroy(new Error(`connecting to ${broker} timed out`)), settings.timeoutMs ?? 10_000);
    socket.once(settings.ssl ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(socket);
    });
    const onError = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    socket.once('error', onError);
  });
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
