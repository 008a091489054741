// The HTTP client of a Confluent-compatible schema registry (Confluent Schema Registry, Karapace,
// Apicurio's /apis/ccompat/v7): GET /schemas/ids/{id} and POST /subjects/{subject}/versions
// (docs.confluent.io, "Schema Registry API Reference"). It is a schema loader over HTTP, so it
// lives beside the wire-format decoder; a transformer never calls it itself — its component
// factory injects a lookup built on it (cachedWriterLookup) into the pure transform.
import type { Type } from 'avsc';
import { retry, type RetryPolicy } from '../../lib/retry.js';
import { EdiError, toEdiError } from '../../lib/errors.js';
import type { Secret } from '../../lib/secret.js';
import { compileAvroSchema } from './loader.js';
import { schemaRegistryErrors } from './errors.js';
import type { RegisteredSchema, SchemaRegistryClient } from './registry-client.js';

export interface HttpSchemaRegistryOptions {
  /** Base URL, e.g. http://registry:8081 or http://apicurio:8080/apis/ccompat/v7 */
  url: string;
  basicAuth?: { username: string; password: Secret };
  /** Per request. */
  timeoutMs?: number;
  /** Attempts inside one lookup; beyond them the caller's own redelivery takes over. */
  retry?: Partial<RetryPolicy>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
/** Confluent's "schema not found" / "subject not found" error codes. */
const NOT_FOUND_CODES = new Set([40403, 40401]);

export class SchemaNotFoundError extends Error {
  override readonly name = 'SchemaNotFoundError';
  constructor(readonly schemaId: number) {
    super(`schema id ${schemaId} is not in the registry`);
  }
}

export class HttpSchemaRegistry implements SchemaRegistryClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly policy: Partial<RetryPolicy>;

  constructor(options: HttpSchemaRegistryOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.policy = { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1000, ...options.retry };
    this.headers = { accept: `${CONTENT_TYPE}, application/json` };
    if (options.basicAuth) {
      // The header is built here, once, and never logged (errors name the URL only).
      this.headers.authorization = `Basic ${Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password.reveal()}`).toString('base64')}`;
    }
  }

  get url(): string {
    return this.base;
  }

  /** Throws SchemaNotFoundError for an id the registry does not know (HTTP 404 / 40403). */
  async getSchemaById(id: number, signal?: AbortSignal): Promise<RegisteredSchema> {
    const body = await this.call('GET', `/schemas/ids/${id}`, undefined, signal, () => new SchemaNotFoundError(id));
    const schema = (body as { schema?: unknown }).schema;
    if (typeof schema !== 'string') throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_SCHEMA_INVALID', { schemaId: id, reason: 'the answer has no "schema" string' });
    const schemaType = (body as { schemaType?: RegisteredSchema['schemaType'] }).schemaType;
    return schemaType === undefined ? { id, schema } : { id, schema, schemaType };
  }

  async register(subject: string, schema: string, signal?: AbortSignal): Promise<number> {
    const body = await this.call('POST', `/subjects/${encodeURIComponent(subject)}/versions`, JSON.stringify({ schema }), signal);
    const id = (body as { id?: unknown }).id;
    if (typeof id !== 'number') throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_REFUSED', { url: this.base, operation: 'register', status: 200, reason: 'answer has no id' });
    return id;
  }

  private async call(method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal | undefined, notFound?: () => Error): Promise<unknown> {
    const operation = `${method} ${path}`;
    const NOT_FOUND = Symbol('not found');
    const answer = await retry(
      async () => {
        let res: Response;
        try {
          const timeout = AbortSignal.timeout(this.timeoutMs);
          res = await fetch(`${this.base}${path}`, {
            method,
            headers: body === undefined ? this.headers : { ...this.headers, 'content-type': CONTENT_TYPE },
            body,
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          });
        } catch (err) {
          if (signal?.aborted) throw err;
          const e = toEdiError(err, operation);
          throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_UNAVAILABLE', { url: this.base, reason: `${operation}: ${e.code === 'EDI_ERR_TIMEOUT' ? `no answer within ${this.timeoutMs} ms` : e.message}` }, { cause: err });
        }
        const text = await res.text().catch(() => '');
        let json: unknown;
        try {
          json = text === '' ? {} : JSON.parse(text);
        } catch {
          json = {};
        }
        if (res.ok) return json;
        const errorCode = (json as { error_code?: unknown }).error_code;
        // Returned, not thrown: the retry helper would turn a foreign error into EDI_ERR_INTERNAL.
        if (res.status === 404 && notFound && (errorCode === undefined || NOT_FOUND_CODES.has(Number(errorCode)))) return NOT_FOUND;
        const reason = typeof (json as { message?: unknown }).message === 'string' ? (json as { message: string }).message : text.slice(0, 200);
        // 5xx, 408, 429 and an auth problem (401/403) are the registry's, not the record's:
        // retriable, so records wait instead of filling a DLQ.
        if (res.status >= 500 || [401, 403, 408, 429].includes(res.status)) {
          throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_UNAVAILABLE', { url: this.base, reason: `${operation}: HTTP ${res.status} ${reason}` });
        }
        throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_REFUSED', { url: this.base, operation, status: res.status, reason });
      },
      this.policy,
      { operation: `schema registry ${operation}`, ...(signal ? { signal } : {}) },
    ).catch((err: unknown) => {
      // After the last attempt the retry helper says RETRIES_EXHAUSTED (permanent); a registry
      // that stays down is still the registry's fault: keep it retriable for the caller.
      if (err instanceof EdiError && err.code === 'EDI_ERR_RETRIES_EXHAUSTED') {
        throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_UNAVAILABLE', { url: this.base, reason: err.message }, { cause: err });
      }
      throw err;
    });
    if (answer === NOT_FOUND) throw notFound!();
    return answer;
  }
}

export interface WriterLookupOptions {
  /** How long an unknown id is remembered as unknown (it may be registered later). */
  notFoundTtlMs?: number;
}

/**
 * Writer schemas by id, compiled once and cached for good (an id never changes meaning); one
 * request per id however many records ask at once. Resolves undefined for an unknown id.
 */
export function cachedWriterLookup(client: Pick<SchemaRegistryClient, 'getSchemaById'>, options: WriterLookupOptions = {}): (id: number, signal?: AbortSignal) => Promise<Type | undefined> {
  const found = new Map<number, Promise<Type>>();
  const missing = new Map<number, number>();
  const ttl = options.notFoundTtlMs ?? 30_000;
  return async (id, signal) => {
    const missedAt = missing.get(id);
    if (missedAt !== undefined && Date.now() - missedAt < ttl) return undefined;
    let pending = found.get(id);
    if (pending === undefined) {
      pending = client.getSchemaById(id, signal).then((registered) => {
        if (registered.schemaType !== undefined && registered.schemaType !== 'AVRO') {
          throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_SCHEMA_INVALID', { schemaId: id, reason: `it is a ${registered.schemaType} schema, not Avro` });
        }
        try {
          return compileAvroSchema(registered.schema);
        } catch (err) {
          throw schemaRegistryErrors.create('EDI_ERR_SCHEMA_REGISTRY_SCHEMA_INVALID', { schemaId: id, reason: err instanceof Error ? err.message : String(err) });
        }
      });
      found.set(id, pending);
      // Only a compiled schema stays cached; a failure is asked again next time.
      pending.catch(() => found.delete(id));
    }
    try {
      return await pending;
    } catch (err) {
      if (err instanceof SchemaNotFoundError) {
        missing.set(id, Date.now());
        return undefined;
      }
      throw err;
    }
  };
}
