// POST /v1/inbound/{flow} on the runtime's fastify server, in its own encapsulated scope: its
// body parser (raw bytes, whatever the type) and error answers do not leak to other routes.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComponentContext } from '../../../topics/component.js';
import { intake } from '../../sdk/intake.js';
import { coreErrors, EdiError, toEdiError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import { httpIntakeErrors } from './errors.js';
import { sha256Hex, type HttpIntakeOptions } from './options.js';
import { checkBody, checkRequestHead, type IntakeRequest } from './request-checks.js';
import { idempotencyStateKey, type IdempotencyKeys, type KeyedIntake } from './idempotency.js';

export const SENDER_HEADER = 'edi-sender';

declare module 'fastify' {
  interface FastifyRequest {
    ediIntake?: IntakeRequest;
  }
}

export interface RouteDeps {
  options: HttpIntakeOptions;
  ctx: ComponentContext;
  keys: IdempotencyKeys;
  accepting: () => boolean;
}

export function registerIntakeRoute(app: FastifyInstance, deps: RouteDeps): void {
  const { options, ctx, keys } = deps;
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBodySize }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: FastifyError | EdiError, req, reply) => answerError(err, req, reply, ctx));

    scope.post<{ Params: { flow: string } }>(
      '/v1/inbound/:flow',
      {
        bodyLimit: options.maxBodySize,
        onRequest: async (req) => {
          if (!deps.accepting()) throw coreErrors.create('EDI_ERR_SHUTTING_DOWN');
          req.ediIntake = checkRequestHead(req, options);
        },
      },
      async (req, reply) => {
        const r = req.ediIntake!;
        const body = checkBody(req.body as Buffer | undefined, r);
        const bodySha256 = sha256Hex(body);
        const take = async (stateKey?: string): Promise<KeyedIntake> => {
          const id = newId();
          const at = new Date().toISOString();
          const done: KeyedIntake = { id, bodySha256, at };
          await intake(
            ctx,
            [
              {
                topic: r.flow.topic,
                key: r.fileName ?? null,
                value: body,
                source: `${ctx.id}:${r.sender.id}/${r.fileName ?? req.id}`,
                contentType: r.mediaType,
                ...(r.flow.schema !== undefined ? { schema: r.flow.schema } : {}),
                extraHeaders: { [SENDER_HEADER]: r.sender.id },
                id,
              },
            ],
            stateKey === undefined ? [] : [{ namespace: ctx.id, key: stateKey, value: done }],
          );
          return done;
        };
        let result: KeyedIntake;
        let replayed = false;
        if (r.idempotencyKey === undefined) result = await take();
        else {
          const stateKey = idempotencyStateKey(r.sender.id, r.idempotencyKey);
          ({ intake: result, replayed } = await keys.once(stateKey, () => take(stateKey)));
          if (replayed && result.bodySha256 !== bodySha256) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_IDEMPOTENCY_MISMATCH', { sender: r.sender.id, id: result.id });
        }
        if (replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(202).header('location', `/v1/messages/${result.id}`).send({ id: result.id });
      },
    );
  });
}

function answerError(err: FastifyError | EdiError, req: FastifyRequest, reply: FastifyReply, ctx: ComponentContext): FastifyReply {
  let e: EdiError;
  if (err instanceof EdiError) e = err;
  else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) {
    const flow = req.ediIntake?.flow;
    e = httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_TOO_LARGE', { size: 'more', limit: flow?.maxBodySize ?? 'the limit', flow: flow?.name ?? '?' });
  } else if (err.statusCode !== undefined && err.statusCode < 500) e = httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_BAD_REQUEST', { reason: err.message });
  else e = toEdiError(err, `${req.method} ${req.url}`);
  const status = e.http ?? 500;
  const sender = req.ediIntake?.sender.id;
  if (status >= 500) ctx.log.error({ code: e.code, msg: e.message, sender, reqId: req.id }, 'HTTP intake failed');
  else ctx.log.info({ code: e.code, status, sender, reqId: req.id }, `HTTP intake refused: ${e.message}`);
  if (status !== 401) ctx.metrics.recordsFailed(1);
  return reply.code(status).send({ code: e.code, message: e.message });
}
