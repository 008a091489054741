// The router's own HTTP routes: POST /token and POST /v1 (and /v1/<channel>, the secondary
// repository's operational|transactional|recall paths — exact router sub-paths are not
// public, so every one of them takes any message). A message is checked in the router's
// order (CEH ValidationManager.Validate): token → Content-Type → X-OriginalHash → JSON →
// Code already accepted → data-dictionary rules (the broker's own, schemas/tobacco) →
// repository state; then 202, or 299 with the late-report warning.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import type { Faults } from '../sdk/faults.js';
import { validateMessage, type CompiledValidationOptions, type TobaccoMessage } from '../../schemas/tobacco/index.js';
import type { TobaccoSandboxOptions } from './options.js';
import { routerResponse, type RouterResponse } from './response.js';
import { applyStatefulRules, routerError, type RouterError } from './rules/index.js';
import type { RouterStore } from './store.js';
import { bearerOrRaw, parseBasicAuth } from './tokens.js';

export interface RouterDeps {
  store: RouterStore;
  options: TobaccoSandboxOptions;
  rules: CompiledValidationOptions;
}

/** Warnings the router answers with 299 (the others are the broker's own notes). */
const ROUTER_WARNINGS = new Set(['OPERATION_WITHIN_24_HOURS', 'SHIPMENT_WITHIN_24_HOURS']);
const CHANNELS = new Set(['operational', 'transactional', 'recall']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

const md5 = (body: Buffer): string => createHash('md5').update(body).digest('hex');

function send(reply: FastifyReply, status: number, body: RouterResponse): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
}

function refuse(reply: FastifyReply, status: number, errors: RouterError[], code: string | null = null, type: string | null = null, checksum: string | null = null): FastifyReply {
  return send(reply, status, routerResponse(code, type, checksum, errors));
}

/** application/json, with charset utf-8 if a charset is named. */
function jsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [media, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (media !== 'application/json') return false;
  const charset = params.find((p) => p.startsWith('charset='));
  return charset === undefined || charset.replace(/"/g, '') === 'charset=utf-8';
}

export function registerRouterRoutes(app: FastifyInstance, faults: Faults, deps: RouterDeps): void {
  const { store, options, rules } = deps;

  const token = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = req.body instanceof Buffer ? new URLSearchParams(req.body.toString('utf8')) : new URLSearchParams();
    const grant = (req.query as Record<string, string | undefined>).grant_type ?? body.get('grant_type');
    if (grant !== 'client_credentials') return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
    const basic = parseBasicAuth(req.headers.authorization);
    if (basic === undefined || !store.checkClient(basic.clientId, basic.secret)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="tobacco-router-sandbox"').send({ error: 'invalid_client' });
    }
    const ttl = faults.tokenTtlSeconds ?? options.tokenTtlSeconds;
    return reply.send({ access_token: store.issueToken(basic.clientId, ttl, faults.tokenEpoch), expires_in: ttl });
  };

  // Synchronous from the duplicate check to the ledger insert: no other request interleaves.
  const message = async (req: FastifyRequest, reply: FastifyReply) => {
    const channel = (req.params as { channel?: string }).channel;
    if (channel !== undefined && !CHANNELS.has(channel)) return reply.code(404).send({ error: `no route /v1/${channel}` });

    const presented = bearerOrRaw(req.headers.authorization);
    if (presented === undefined || store.tokenClient(presented, faults.tokenEpoch) === undefined) {
      return refuse(reply, 401, [routerError('INVALID_OR_EXPIRED_TOKEN', 'Authentication failed: token missing, unknown, expired or invalidated')]);
    }
    if (!jsonContentType(req.headers['content-type'])) {
      return refuse(reply, 400, [routerError('INVALID_INPUT_FORMAT', 'Content-Type must be application/json; charset=utf-8', req.headers['content-type'] ?? null)]);
    }
    const body = req.body instanceof Buffer ? req.body : Buffer.alloc(0);
    const checksum = md5(body);
    if (req.headers['x-originalhash'] !== checksum) {
      return refuse(reply, 400, [routerError('INVALID_SIGNATURE', 'Hash information not matching the message signature (X-OriginalHash must be the lower-case hex MD5 of the exact body)')]);
    }
    let text: string;
    let json: unknown;
    try {
      text = utf8.decode(body);
      json = JSON.parse(text);
    } catch {
      return refuse(reply, 400, [routerError('INVALID_INPUT_FORMAT', "The body of the message doesn't contain a valid JSON.")], null, null, checksum);
    }
    const given = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
    const typeEcho = typeof given.Message_Type === 'string' ? given.Message_Type : null;

    if (typeof given.Code === 'string' && given.Code !== '') {
      const earlier = store.message(given.Code);
      if (earlier !== undefined) {
        if (earlier.md5 !== checksum) {
          return refuse(reply, 400, [routerError('FAILED_VALIDATION', 'Code already used by another message', given.Code)], given.Code, typeEcho, checksum);
        }
        if (options.duplicateCode === 'reject') {
          return refuse(reply, 400, [routerError('FAILED_VALIDATION', 'Code already exists in the repository.', given.Code)], given.Code, typeEcho, checksum);
        }
        // Sandbox choice (the real router's behaviour is not public): the same message again is
        // answered exactly as the first time, and the ledger keeps one entry.
        return send(reply, earlier.status, JSON.parse(earlier.response) as RouterResponse);
      }
    }

    const checked = validateMessage(json, rules, new Date());
    const code = typeof given.Code === 'string' && given.Code !== '' ? given.Code : randomUUID();
    if (!checked.ok) {
      const errors = checked.errors.map((v) => routerError(v.code, v.message, v.data || null));
      return refuse(reply, 400, errors, code, typeEcho, checksum);
    }
    const warnings = checked.warnings.filter((w) => ROUTER_WARNINGS.has(w.code)).map((w) => routerError(w.code, `${w.ruleText}`, w.data));
    const status = warnings.length > 0 ? 299 : 202;
    let response: RouterResponse | undefined;
    const outcome = applyStatefulRules({ store, message: checked.message as TobaccoMessage, code, options }, (answer) => {
      response = routerResponse(code, checked.type, checksum, warnings, answer);
      store.putMessage({
        code,
        message_type: checked.type,
        eo_id: typeof checked.message.EO_ID === 'string' ? checked.message.EO_ID : '',
        status,
        md5: checksum,
        body: text,
        response: JSON.stringify(response),
        received_at: new Date().toISOString(),
      });
    });
    if ('errors' in outcome) return refuse(reply, 400, outcome.errors, code, checked.type, checksum);
    return send(reply, status, response as RouterResponse);
  };

  app.register(async (router) => {
    // The exact bytes are needed for X-OriginalHash: no parser may touch the body first.
    router.removeAllContentTypeParsers();
    router.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 * 1024 }, (_req, payload, done) => done(null, payload));
    router.post('/token', token);
    router.post('/v1', message);
    router.post('/v1/:channel', message);
  });
}
