// The sandbox's own routes under /_sandbox/ (no fault injection, no auth: loopback only):
//   GET    /_sandbox/clients              every API client (never a secret)
//   POST   /_sandbox/clients              {client_id?, carrier, personCode?, plate?, client_secret, secretName?} → 201
//                                         (a revoked client_id may be re-created, a sandbox leniency: EDS would
//                                          generate a new id; secrets may be shared freely)
//   DELETE /_sandbox/clients/:clientId    revoke, as deleting the client id in EDS does → 204
//   DELETE /_sandbox/ledger/:id           forget one accepted trip (to test reconciliation) → 204
//   GET    /_sandbox/report               "Pārskats par taksometru datu saņemšanu tiešsaistē":
//                                         ?date= | ?month=YYYY-MM | ?from=&to=, ?carrier=, ?format=json|xml
//                                         (or Accept: application/xml); default: today in Riga
import type { FastifyInstance, FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { buildCarriageReport, isCalendarDate, localDate } from '../../schemas/eds/index.js';
import { ledgerReceived } from './ledger.js';
import type { EdsSandboxOptions } from './options.js';
import { reportXml } from './report-xml.js';
import { clientViews } from './seed.js';
import type { EdsStore } from './store.js';

const newClient = z
  .object({
    client_id: z.string().min(1).max(200).optional(),
    carrier: z.string().length(11),
    personCode: z.string().min(11).max(12).optional(),
    plate: z.string().min(2).max(12).optional(),
    client_secret: z.string().min(8),
    secretName: z.string().max(64).optional(),
  })
  .strict();

function badRequest(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(400).send({ error });
}

/** The period a report query names, or an error text. */
export function reportPeriod(query: Record<string, string | undefined>, timeZone: string): { from: string; to: string } | string {
  if (query.date !== undefined) return isCalendarDate(query.date) ? { from: query.date, to: query.date } : 'date must be YYYY-MM-DD';
  if (query.month !== undefined) {
    if (!/^\d{4}-\d{2}$/.test(query.month) || !isCalendarDate(`${query.month}-01`)) return 'month must be YYYY-MM';
    const [y, m] = query.month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { from: `${query.month}-01`, to: `${query.month}-${String(last).padStart(2, '0')}` };
  }
  if (query.from !== undefined || query.to !== undefined) {
    const from = query.from ?? query.to!;
    const to = query.to ?? query.from!;
    if (!isCalendarDate(from) || !isCalendarDate(to)) return 'from and to must be YYYY-MM-DD';
    if (from > to) return 'from must not be after to';
    return { from, to };
  }
  const today = localDate(Date.now(), timeZone);
  return { from: today, to: today };
}

export function registerAdminRoutes(app: FastifyInstance, store: EdsStore, options: EdsSandboxOptions): void {
  app.get('/_sandbox/clients', async () => ({ clients: clientViews(store) }));

  app.post('/_sandbox/clients', async (req, reply) => {
    const parsed = newClient.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const c = parsed.data;
    if (!store.carriers().some((k) => k.taxpayer_code === c.carrier)) return badRequest(reply, `carrier ${c.carrier} is not known to the sandbox`);
    if (c.personCode === undefined && c.plate === undefined) return badRequest(reply, 'a client names its driver: personCode and/or plate');
    const clientId = c.client_id ?? randomUUID();
    const existing = store.client(clientId);
    if (existing !== undefined && existing.revoked_at === null) return reply.code(409).send({ error: `client ${clientId} exists and is not revoked` });
    store.createClient({
      clientId,
      carrier: c.carrier,
      ...(c.personCode === undefined ? {} : { personCode: c.personCode }),
      ...(c.plate === undefined ? {} : { plate: c.plate }),
      secret: c.client_secret,
      ...(c.secretName === undefined ? {} : { secretName: c.secretName }),
    });
    return reply.code(201).send({ client_id: clientId, recreated: existing !== undefined });
  });

  app.delete<{ Params: { clientId: string } }>('/_sandbox/clients/:clientId', async (req, reply) => {
    const client = store.client(req.params.clientId);
    if (client === undefined) return reply.code(404).send({ error: `no client ${req.params.clientId}` });
    store.revokeClient(client.client_id);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/_sandbox/ledger/:id', async (req, reply) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return badRequest(reply, 'id must be a ledger entry id');
    return store.deleteCarriage(id) ? reply.code(204).send() : reply.code(404).send({ error: `no ledger entry ${id}` });
  });

  app.get('/_sandbox/report', async (req, reply) => {
    const query = req.query as Record<string, string | undefined>;
    const period = reportPeriod(query, options.timeZone);
    if (typeof period === 'string') return badRequest(reply, period);
    if (query.carrier !== undefined && !/^\d{11}$/.test(query.carrier)) return badRequest(reply, 'carrier must be an 11-digit taxpayer code');
    const report = buildCarriageReport(ledgerReceived(store, { ...period, ...(query.carrier === undefined ? {} : { carrier: query.carrier }) }), {
      ...period,
      ...(query.carrier === undefined ? {} : { carrier: query.carrier }),
      timeZone: options.timeZone,
    });
    const xml = query.format === 'xml' || (query.format === undefined && /\b(application|text)\/xml\b/.test(req.headers.accept ?? ''));
    if (query.format !== undefined && query.format !== 'xml' && query.format !== 'json') return badRequest(reply, 'format must be json or xml');
    if (xml) return reply.type('application/xml; charset=utf-8').send(reportXml(report));
    return report;
  });
}
