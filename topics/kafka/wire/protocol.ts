// Just enough of the Kafka wire protocol (https://kafka.apache.org/protocol) to read and
// change topic configs, which @confluentinc/kafka-javascript 1.10 does not expose: primitive
// types in their classic and "flexible" (KIP-482: compact lengths, tagged fields) encodings.

export class Writer {
  private readonly chunks: Buffer[] = [];

  constructor(readonly flexible: boolean) {}

  int8(v: number): this {
    const b = Buffer.alloc(1);
    b.writeInt8(v);
    return this.push(b);
  }

  int16(v: number): this {
    const b = Buffer.alloc(2);
    b.writeInt16BE(v);
    return this.push(b);
  }

  int32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    return this.push(b);
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  uvarint(v: number): this {
    const bytes: number[] = [];
    let n = v >>> 0;
    while (n >= 0x80) {
      bytes.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    bytes.push(n);
    return this.push(Buffer.from(bytes));
  }

  string(v: string): this {
    return this.nullableString(v);
  }

  nullableString(v: string | null): this {
    if (v === null) return this.flexible ? this.uvarint(0) : this.int16(-1);
    const b = Buffer.from(v, 'utf8');
    if (this.flexible) this.uvarint(b.length + 1);
    else this.int16(b.length);
    return this.push(b);
  }

  bytes(v: Buffer): this {
    if (this.flexible) this.uvarint(v.length + 1);
    else this.int32(v.length);
    return this.push(v);
  }

  /** An array; elements that are structs end with their own tagged fields when flexible. */
  array<T>(items: readonly T[] | null, each: (w: this, item: T) => void, structs = true): this {
    if (items === null) return this.flexible ? this.uvarint(0) : this.int32(-1);
    if (this.flexible) this.uvarint(items.length + 1);
    else this.int32(items.length);
    for (const item of items) {
      each(this, item);
      if (structs) this.tags();
    }
    return this;
  }

  /** An empty tagged-field section (flexible versions only). */
  tags(): this {
    return this.flexible ? this.uvarint(0) : this;
  }

  raw(b: Buffer): this {
    return this.push(b);
  }

  build(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private push(b: Buffer): this {
    this.chunks.push(b);
    return this;
  }
}

export class Reader {
  private o = 0;

  constructor(
    private readonly b: Buffer,
    readonly flexible: boolean,
  ) {}

  int8(): number {
    const v = this.b.readInt8(this.o);
    this.o += 1;
    return v;
  }

  int16(): number {
    const v = this.b.readInt16BE(this.o);
    this.o += 2;
    return v;
  }

  int32(): number {
    const v = this.b.readInt32BE(this.o);
    this.o += 4;
    return v;
  }

  int64(): bigint {
    const v = this.b.readBigInt64BE(this.o);
    this.o += 8;
    return v;
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  uvarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.b.readUInt8(this.o++);
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 35) throw new Error('varint too long');
    }
  }

  string(): string {
    const v = this.nullableString();
    if (v === null) throw new Error('unexpected null string');
    return v;
  }

  nullableString(): string | null {
    const len = this.flexible ? this.uvarint() - 1 : this.int16();
    if (len < 0) return null;
    const v = this.b.toString('utf8', this.o, this.o + len);
    this.o += len;
    return v;
  }

  bytes(): Buffer {
    const len = this.flexible ? this.uvarint() - 1 : this.int32();
    if (len < 0) return Buffer.alloc(0);
    const v = this.b.subarray(this.o, this.o + len);
    this.o += len;
    return v;
  }

  array<T>(each: (r: this) => T, structs = true): T[] {
    const n = this.flexible ? this.uvarint() - 1 : this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      out.push(each(this));
      if (structs) this.tags();
    }
    return out;
  }

  /** Skips a tagged-field section (flexible versions only). */
  tags(): void {
    if (!this.flexible) return;
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.o += this.uvarint();
    }
  }

  get remaining(): number {
    return this.b.length - this.o;
  }
}

/** API keys used here. */
export const ApiKey = {
  SaslHandshake: 17,
  ApiVersions: 18,
  DescribeConfigs: 32,
  SaslAuthenticate: 36,
  IncrementalAlterConfigs: 44,
} as const;

/** First flexible version of each API used here (from the protocol's JSON message specs). */
export const firstFlexibleVersion: Record<number, number> = {
  [ApiKey.SaslHandshake]: Infinity,
  [ApiKey.ApiVersions]: 3,
  [ApiKey.DescribeConfigs]: 4,
  [ApiKey.SaslAuthenticate]: 2,
  [ApiKey.IncrementalAlterConfigs]: 1,
};

/** Kafka's error codes that can come back from the requests made here. */
export const protocolErrorNames: Record<number, string> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  7: 'REQUEST_TIMED_OUT',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  33: 'UNSUPPORTED_SASL_MECHANISM',
  34: 'ILLEGAL_SASL_STATE',
  35: 'UNSUPPORTED_VERSION',
  40: 'INVALID_CONFIG',
  41: 'NOT_CONTROLLER',
  42: 'INVALID_REQUEST',
  58: 'SASL_AUTHENTICATION_FAILED',
  89: 'THROTTLING_QUOTA_EXCEEDED',
};

export function errorName(code: number): string {
  return protocolErrorNames[code] ?? `error code ${code}`;
}
