// EDS "Taksometri" as the reconstructed OpenAPI describes it (../shared/reference/eds):
//   POST   /api/taxi/auth      {grant_type: client_credentials, client_id, client_secret} → 200 token
//   DELETE /api/taxi/auth      Bearer → 204 (the token is revoked)
//   POST   /api/taxi/carriage  Bearer + one trip → 201 "<status code>" | 400 ModelState | 401 | 403 | 409 | 429
// Bodies are read as text here (the encapsulated JSON parser is replaced) so that a malformed
// body gets EDS's ModelState answer, not fastify's, and the ledger keeps the bytes received.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Faults } from '../sdk/faults.js';
import { carriageFingerprint, modelStateOf, tripDay, validateCarriage, violation } from '../../schemas/eds/index.js';
import { DUPLICATE_MESSAGE, FORBIDDEN_MESSAGE, RATE_LIMIT_MESSAGE, UNAUTHORIZED_MESSAGE } from './messages.js';
import type { EdsSandboxOptions } from './options.js';
import type { PerClientRateLimit } from './rate-limit.js';
import type { EdsCallStats } from './stats.js';
import type { EdsStore } from './store.js';

export interface EdsRouteDeps {
  store: EdsStore;
  options: EdsSandboxOptions;
  rateLimit: PerClientRateLimit;
  stats: EdsCallStats;
}

function bearer(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

function parseBody(raw: unknown, contentType: string | undefined): { ok: true; value: unknown } | { ok: false } {
  const text = typeof raw === 'string' ? raw : '';
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch {
    return { ok: false };
  }
}

function unauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Bearer').send({ Message: UNAUTHORIZED_MESSAGE });
}

export function registerEdsRoutes(app: FastifyInstance, faults: Faults, deps: EdsRouteDeps): void {
  const { store, options, rateLimit, stats } = deps;

  app.register(async (api) => {
    api.removeContentTypeParser(['application/json', 'text/plain']);
    api.addContentTypeParser(['application/json', 'text/json', 'text/plain', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

    api.addHook('onResponse', async (req, reply) => {
      const path = req.url.split('?')[0];
      const route = path === '/api/taxi/carriage' ? 'carriage' : path === '/api/taxi/auth' ? (req.method === 'DELETE' ? 'auth-delete' : 'auth') : undefined;
      if (route !== undefined) stats.count(route, reply.statusCode);
    });

    api.post('/api/taxi/auth', async (req, reply) => {
      const parsed = parseBody(req.body, req.headers['content-type']);
      const body = parsed.ok && parsed.value !== null && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>) : undefined;
      if (body === undefined) return reply.code(400).send({ error: 'invalid_request', error_description: 'the body must be a JSON object' });
      if (body.grant_type !== 'client_credentials') {
        return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
      }
      const { client_id: clientId, client_secret: secret } = body;
      if (typeof clientId !== 'string' || clientId === '' || typeof secret !== 'string' || secret === '') {
        return reply.code(400).send({ error: 'invalid_request', error_description: 'client_id and client_secret are required' });
      }
      if (!store.checkClient(clientId, secret)) {
        // One answer for unknown, revoked and wrong secret: nothing to learn from it.
        return reply.code(401).send({ error: 'invalid_client', error_description: 'client authentication failed' });
      }
      const ttl = faults.tokenTtlSeconds ?? options.tokenTtlSeconds;
      const token = store.issueToken(clientId, ttl, faults.tokenEpoch);
      return reply.code(200).header('cache-control', 'no-store').send({ access_token: token, token_type: 'bearer', expires_in: ttl });
    });

    api.delete('/api/taxi/auth', async (req, reply) => {
      const token = bearer(req);
      if (token === undefined || !store.checkToken(token, faults.tokenEpoch).ok) return unauthorized(reply);
      store.revokeToken(token);
      return reply.code(204).send();
    });

    api.post('/api/taxi/carriage', async (req, reply) => {
      const token = bearer(req);
      const checked = token === undefined ? undefined : store.checkToken(token, faults.tokenEpoch);
      if (checked === undefined || !checked.ok) return unauthorized(reply);
      const client = store.client(checked.clientId);
      if (client === undefined) return unauthorized(reply);

      const wait = rateLimit.take(client.client_id, faults.rateLimitPerSecond || options.rateLimitPerSecond);
      if (wait !== undefined) return reply.code(429).header('retry-after', String(wait)).send({ Message: RATE_LIMIT_MESSAGE });

      const raw = typeof req.body === 'string' ? req.body : '';
      const parsed = parseBody(raw, req.headers['content-type']);
      if (!parsed.ok) return reply.code(400).send(modelStateOf([violation('', 'object', 'the body is not JSON', raw.slice(0, 80))]));
      const result = validateCarriage(parsed.value, {
        timeZone: options.timeZone,
        futureToleranceSeconds: options.futureToleranceSeconds,
        fieldNames: 'case-insensitive', // Json.NET model binding
        unknownFields: 'ignore',
      });
      if (!result.ok) return reply.code(400).send(modelStateOf(result.violations));
      const carriage = result.carriage;
      if (options.checkCarrier && carriage.CarriersTaxpayerCode !== client.carrier) return reply.code(403).send({ Message: FORBIDDEN_MESSAGE });

      const statusCode = randomUUID();
      const row = store.putCarriage({
        client_id: client.client_id,
        carrier: carriage.CarriersTaxpayerCode,
        person_code: carriage.DriversPersonCode,
        plate: carriage.NumberPlate,
        start_ms: result.start.instantMs,
        trip_day: tripDay(carriage.StartDateTime, options.timeZone),
        fingerprint: carriageFingerprint(carriage, options.timeZone),
        carriage: JSON.stringify(carriage),
        raw,
        status_code: statusCode,
        received_at: new Date().toISOString(),
      });
      if (row === undefined) return reply.code(409).send({ Message: DUPLICATE_MESSAGE });
      // "Apstiprinājuma statusa kods": a JSON string, as ASP.NET serialises a string result.
      return reply.code(201).type('application/json; charset=utf-8').send(JSON.stringify(statusCode));
    });
  });
}
