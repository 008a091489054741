// The EUDR reference desk (service.eudr-desk): POST a statement request, read its status and
// numbers, the references as CSV and a printable page, on the runtime's HTTP server. Its view
// of every statement is folded from eudr.statements.requested / .receipts / eudr.dlq into its
// own state store by its own consumer group.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defineComponent } from '../../../topics/component.js';
import type { RecordBatch, Subscription } from '../../../topics/bus.js';
import { H } from '../../../topics/headers.js';
import { newId } from '../../../lib/ids.js';
import { EdiError } from '../../../lib/errors.js';
import {
  STATEMENT_CONTENT_TYPE,
  STATEMENT_REQUEST_SCHEMA,
  readStatementReceipt,
  readStatementRequest,
  type StatementRequest,
} from '../../../transformers/eudr/statement-request.js';
import { intake } from '../../sdk/intake.js';
import { eudrDeskErrors } from './errors.js';
import { referencesCsv, statementHtml } from './render.js';
import { statementRequestBody } from './request-body.js';
import { eudrDeskSpec } from './spec.js';
import { statementDate, statementKey, withFailure, withReceipt, withRequest, type DeskStatement } from './view.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const eudrDesk = defineComponent({
  spec: eudrDeskSpec,
  create(config, ctx) {
    const keys = config.apiKeys.map((k) => k.reveal());
    let subscription: Subscription | undefined;
    let accepting = false;
    let requested = 0;

    const get = async (id: string): Promise<DeskStatement | undefined> => (await ctx.state.get<DeskStatement>(statementKey(id)))?.value;

    async function fold(batch: RecordBatch): Promise<void> {
      const now = new Date().toISOString();
      for (const r of batch.records) {
        const id = r.headers[H.id] ?? r.key;
        if (id === undefined || id === null) continue;
        let next: DeskStatement | undefined;
        if (r.topic === config.requestsTopic) {
          const read = readStatementRequest(r.value);
          if (read.ok) next = withRequest(await get(read.request.id), read.request, now);
        } else if (r.topic === config.receiptsTopic) {
          const read = readStatementReceipt(r.value);
          if (read.ok) next = withReceipt(await get(read.receipt.id), read.receipt, now);
        } else if (r.topic === config.dlqTopic) {
          // Only statements: the DLQ also holds records of other stages keyed otherwise.
          const origin = r.headers[H.originTopic] ?? '';
          if (origin.startsWith('eudr.statements.')) next = withFailure(await get(id), id, r.headers[H.errorCode] ?? 'unknown', r.headers[H.errorMessage] ?? 'failed without a reason', now);
        }
        if (next !== undefined) await ctx.state.put(statementKey(next.id), next);
      }
    }

    function fail(reply: FastifyReply, err: EdiError): FastifyReply {
      return reply.code(err.http ?? 500).type('application/json').send({ code: err.code, message: err.message });
    }

    async function guard(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
      if (keys.length > 0) {
        const auth = req.headers.authorization ?? '';
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
        if (!keys.includes(token)) return fail(reply, eudrDeskErrors.create('EDI_ERR_EUDR_DESK_UNAUTHORIZED', { hint: auth === '' ? '' : ' (the key given is not one of the desk\'s)' }));
        return undefined;
      }
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return fail(reply, eudrDeskErrors.create('EDI_ERR_EUDR_DESK_FORBIDDEN'));
      return undefined;
    }

    void ctx.http.register(async (scope) => {
      scope.addHook('onRequest', guard);
      scope.setErrorHandler((err, _req, reply) => {
        if (err instanceof EdiError) return fail(reply, err);
        const status = (err as { statusCode?: number }).statusCode ?? 500;
        return reply.code(status).send({ code: status < 500 ? 'EDI_ERR_EUDR_DESK_REQUEST_INVALID' : 'EDI_ERR_INTERNAL', message: (err as Error).message });
      });

      scope.post('/v1/eudr/statements', async (req, reply) => {
        if (!accepting) return reply.code(503).send({ code: 'EDI_ERR_SHUTTING_DOWN', message: 'the reference desk is not accepting requests' });
        const parsed = statementRequestBody.safeParse(req.body);
        if (!parsed.success) {
          const i = parsed.error.issues[0]!;
          return fail(reply, eudrDeskErrors.create('EDI_ERR_EUDR_DESK_REQUEST_INVALID', { reason: `${i.path.join('.') || 'body'}: ${i.message}` }));
        }
        // A client retrying after a lost answer sends the same Idempotency-Key and gets the same
        // statement: the service is billed per felling site, a second statement would be paid twice.
        const idempotencyKey = req.headers['idempotency-key'];
        const idemKey = typeof idempotencyKey === 'string' && idempotencyKey !== '' ? `idempotency:${idempotencyKey.slice(0, 200)}` : undefined;
        if (idemKey !== undefined) {
          const earlier = (await ctx.state.get<{ id: string; affirmations: string[] }>(idemKey))?.value;
          if (earlier !== undefined) return reply.code(202).header('location', `/v1/eudr/statements/${earlier.id}`).send({ id: earlier.id, status: 'REQUESTED', affirmations: earlier.affirmations, duplicate: true });
        }
        const id = newId();
        const request: StatementRequest = { id, ...parsed.data, origin: { kind: 'desk' }, requestedAt: new Date().toISOString() };
        const now = new Date().toISOString();
        // The request, the desk's own view of it and the idempotency key are committed together: a GET right after 202 finds it.
        await intake(
          ctx,
          [{ topic: config.requestsTopic, key: id, value: Buffer.from(JSON.stringify(request)), id, source: `${ctx.id}:POST /v1/eudr/statements`, contentType: STATEMENT_CONTENT_TYPE, schema: STATEMENT_REQUEST_SCHEMA }],
          [
            { namespace: ctx.id, key: statementKey(id), value: withRequest(undefined, request, now) },
            ...(idemKey !== undefined ? [{ namespace: ctx.id, key: idemKey, value: { id, affirmations: request.affirmations, at: now } }] : []),
          ],
        );
        requested++;
        return reply.code(202).header('location', `/v1/eudr/statements/${id}`).send({ id, status: 'REQUESTED', affirmations: request.affirmations });
      });

      scope.get<{ Params: { id: string } }>('/v1/eudr/statements/:id', async (req, reply) => {
        const s = await get(req.params.id);
        if (s === undefined) return fail(reply, eudrDeskErrors.create('EDI_ERR_EUDR_DESK_NOT_FOUND', { id: req.params.id }));
        return {
          id: s.id,
          status: s.status,
          reference: s.referenceNumber ?? null,
          verification: s.verificationNumber ?? null,
          uuid: s.uuid ?? null,
          affirmations: s.affirmations,
          client: s.client ?? null,
          fellingSites: s.fellingSites ?? null,
          requestedAt: s.requestedAt ?? null,
          availableAt: s.availableAt ?? null,
          ...(s.code !== undefined ? { error: { code: s.code, message: s.reason ?? '' } } : {}),
        };
      });

      scope.get<{ Params: { id: string } }>('/v1/eudr/statements/:id/print', async (req, reply) => {
        const s = await get(req.params.id);
        if (s === undefined) return fail(reply, eudrDeskErrors.create('EDI_ERR_EUDR_DESK_NOT_FOUND', { id: req.params.id }));
        return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(statementHtml(s));
      });

      scope.get<{ Querystring: { client?: string; from?: string; to?: string } }>('/v1/eudr/references.csv', async (req, reply) => {
        const { client, from, to } = req.query;
        for (const [name, v] of [['from', from], ['to', to]] as const) {
          if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) return fail(reply, eudrDeskErrors.create('EDI_ERR_EUDR_DESK_QUERY_INVALID', { parameter: name, reason: 'a date YYYY-MM-DD' }));
        }
        const rows = (await ctx.state.scan<DeskStatement>('statement:'))
          .map(([, e]) => e.value)
          .filter((s) => client === undefined || s.client?.id === client || s.client?.name === client)
          .filter((s) => (from === undefined || statementDate(s) >= from) && (to === undefined || statementDate(s) <= to))
          .sort((a, b) => statementDate(a).localeCompare(statementDate(b)) || a.id.localeCompare(b.id))
          .slice(0, config.maxCsvRows);
        const name = `eudr-references${client !== undefined ? `-${client.replace(/[^A-Za-z0-9_-]/g, '_')}` : ''}.csv`;
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(referencesCsv(rows));
      });
    });

    return {
      async start() {
        subscription = await ctx.bus.subscribe({ group: ctx.id, topics: [config.requestsTopic, config.receiptsTopic, config.dlqTopic], handler: fold });
        accepting = true;
      },
      async stop() {
        accepting = false;
        await subscription?.close();
      },
      describe: () => ({ topics: [config.requestsTopic, config.receiptsTopic, config.dlqTopic], requested, auth: keys.length > 0 ? 'api keys' : 'loopback only' }),
    };
  },
});

export { eudrDeskConfig, eudrDeskSpec, type EudrDeskConfig } from './spec.js';
export { eudrDeskErrors } from './errors.js';
export type { DeskStatement, DeskStatus } from './view.js';
