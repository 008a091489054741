// The error contract every layer shares: stable EDI_ERR_* codes with message templates
// (the fastify habit), each error knowing whether a retry may help (the kafkajs habit).
// Catalogues are declared beside the code that raises them and collected by the runtime;
// docs/errors.md lists every code and a test keeps the two in step. Codes are never reused.

export interface ErrorDef {
  /** Template with {placeholders}; never put a secret in one. */
  readonly message: string;
  /** true when the same operation may succeed later (network, 5xx, timeouts). */
  readonly retriable: boolean;
  /** HTTP status when the error is answered to a client of ours. */
  readonly http?: number;
}

/** Where in the input the problem is: line/column for text, path for structured data. */
export interface ErrorDetail {
  line?: number;
  column?: number;
  path?: string;
  [extra: string]: unknown;
}

export type ErrorParams = Record<string, string | number | boolean | null | undefined>;

export interface EdiErrorOptions {
  cause?: unknown;
  detail?: ErrorDetail;
  /** Overrides the catalogue's verdict, e.g. a 5xx answer to an otherwise permanent call. */
  retriable?: boolean;
  /** A server asked us to wait this long before retrying (HTTP Retry-After). */
  retryAfterMs?: number;
}

export class EdiError extends Error {
  override readonly name = 'EdiError';
  readonly code: string;
  readonly retriable: boolean;
  readonly detail: ErrorDetail | undefined;
  readonly http: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, def: Pick<ErrorDef, 'retriable' | 'http'>, options: EdiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retriable = options.retriable ?? def.retriable;
    this.detail = options.detail;
    this.http = def.http;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The same error with context in front, as it travels up ("submitting DDS to TRACES: …"). */
  withContext(context: string): EdiError {
    const wrapped = new EdiError(this.code, `${context}: ${this.message}`, this, {
      cause: this.cause,
      detail: this.detail,
      retriable: this.retriable,
      retryAfterMs: this.retryAfterMs,
    });
    return wrapped;
  }

  toJSON(): { code: string; message: string; retriable: boolean; detail?: ErrorDetail } {
    return this.detail === undefined
      ? { code: this.code, message: this.message, retriable: this.retriable }
      : { code: this.code, message: this.message, retriable: this.retriable, detail: this.detail };
  }
}

export type Catalogue<K extends string = string> = {
  readonly defs: Readonly<Record<K, ErrorDef>>;
  create(code: K, params?: ErrorParams, options?: EdiErrorOptions): EdiError;
};

export function render(template: string, params: ErrorParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export function defineErrors<const K extends string>(defs: Record<K, ErrorDef>): Catalogue<K> {
  for (const code of Object.keys(defs)) {
    if (!/^EDI_ERR_[A-Z0-9_]+$/.test(code)) throw new Error(`error code ${code} does not match EDI_ERR_[A-Z0-9_]+`);
  }
  return {
    defs,
    create(code, params, options) {
      const def = defs[code];
      return new EdiError(code, render(def.message, params), def, options);
    },
  };
}

/** Codes raised by the shared machinery itself (bus, config, retry, intake). */
export const coreErrors = defineErrors({
  EDI_ERR_INTERNAL: { message: 'unexpected error: {reason}', retriable: false, http: 500 },
  EDI_ERR_NETWORK: { message: '{operation}: {reason}', retriable: true, http: 502 },
  EDI_ERR_TIMEOUT: { message: '{operation} timed out after {ms} ms', retriable: true, http: 504 },
  EDI_ERR_UPSTREAM_5XX: { message: '{operation}: {system} answered HTTP {status}', retriable: true, http: 502 },
  EDI_ERR_RETRIES_EXHAUSTED: { message: '{operation}: gave up after {attempts} attempts: {reason}', retriable: false },
  EDI_ERR_CONFIG_INVALID: { message: 'invalid configuration: {issues}', retriable: false },
  EDI_ERR_CONFIG_SECRET_MISSING: { message: 'secret reference {ref} at {path} could not be resolved: {reason}', retriable: false },
  EDI_ERR_BUS_UNAVAILABLE: { message: 'message bus unavailable: {reason}', retriable: true, http: 503 },
  EDI_ERR_BUS_KAFKA_CLIENT_MISSING: {
    message:
      'Kafka mode needs the optional dependency @confluentinc/kafka-javascript, which is not installed or failed to build ({reason}); install it with CKJS_LINKING=dynamic after installing libzstd-dev liblz4-dev libsasl2-dev libcurl4-openssl-dev libssl-dev zlib1g-dev, or run on the embedded bus',
    retriable: false,
  },
  EDI_ERR_TOPIC_UNKNOWN: { message: 'topic {topic} is not in the topic catalogue', retriable: false },
  EDI_ERR_RECORD_TOO_LARGE: { message: 'record of {size} bytes exceeds the limit of {limit} bytes for topic {topic}', retriable: false, http: 413 },
  EDI_ERR_SHUTTING_DOWN: { message: 'the broker is shutting down', retriable: true, http: 503 },
  EDI_ERR_COMPONENT_UNKNOWN: { message: 'no component type {type} (known: {known})', retriable: false },
  EDI_ERR_COMPONENT_START: { message: 'component {id} failed to start: {reason}', retriable: false },
  EDI_ERR_FORMAT_UNKNOWN: { message: '{file}: no registered format recognises this content', retriable: false, http: 415 },
  EDI_ERR_REPLAY_NO_ORIGIN: { message: 'DLQ record {id} has no edi-origin-topic header; cannot replay it', retriable: false },
  EDI_ERR_NOT_FOUND: { message: '{what} {id} not found', retriable: false, http: 404 },
});

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ECONNABORTED']);

/** Any thrown value as an EdiError; network failures are retriable, the rest internal. */
export function toEdiError(err: unknown, operation = 'operation'): EdiError {
  if (err instanceof EdiError) return err;
  const code = findSystemCode(err);
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return coreErrors.create('EDI_ERR_NETWORK', { operation, reason: code }, { cause: err });
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return coreErrors.create('EDI_ERR_TIMEOUT', { operation, ms: '?' }, { cause: err });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return coreErrors.create('EDI_ERR_INTERNAL', { reason }, { cause: err });
}

function findSystemCode(err: unknown): string | undefined {
  // fetch() wraps the socket error in err.cause
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetriable(err: unknown): boolean {
  return toEdiError(err).retriable;
}
