// The TRACES sandbox's HTTP surface, at the same paths as the real system below its base
// URL: POST …/tracesnt/ws/EUDRDueDiligenceStatementServiceV3, …/EUDRVerifyDeclarationServiceV3
// and …/eudr/echo (SOAP 1.1, text/xml), GET the same with ?wsdl, ?wsdl=N or ?xsd=N.
import type { FastifyInstance } from 'fastify';
import { SERVICE_PATH, type TracesService } from '../../schemas/traces/namespaces.js';
import type { TracesSchemaSource } from '../../schemas/traces/v3/schema-files.js';
import type { Faults } from '../sdk/faults.js';
import type { TracesSandboxService } from './service.js';
import { servedDocument } from './wsdl.js';

export const TRACES_BASE_PATH = '/tracesnt/';

export function registerTracesRoutes(app: FastifyInstance, faults: Faults, service: TracesSandboxService, source: TracesSchemaSource): void {
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const calls = new Map<string, number[]>();

  for (const name of Object.keys(SERVICE_PATH) as TracesService[]) {
    const path = `${TRACES_BASE_PATH}${SERVICE_PATH[name]}`;
    app.post(path, async (req, reply) => {
      // TRACES asks for at most 5 calls per second per IP (Operator API Reference §2.3.2).
      const limit = faults.rateLimitPerSecond;
      if (limit > 0) {
        const now = Date.now();
        const recent = (calls.get(req.ip) ?? []).filter((t) => t > now - 1000);
        recent.push(now);
        calls.set(req.ip, recent);
        if (recent.length > limit) return reply.code(429).header('retry-after', '1').type('text/plain').send('Too many requests');
      }
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
      const soapAction = req.headers.soapaction;
      const answer = service.handle(name, Array.isArray(soapAction) ? soapAction[0] : soapAction, body);
      return reply.code(answer.status).type('text/xml;charset=UTF-8').send(answer.xml);
    });
    app.get(path, async (req, reply) => {
      const raw = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      const wsBase = `${req.protocol}://${req.headers.host ?? req.hostname}${TRACES_BASE_PATH}ws/`;
      const doc = raw === '' ? undefined : servedDocument(source, name, raw, wsBase);
      if (doc === undefined) return reply.code(404).type('text/plain').send('Unknown document; ask for ?wsdl or ?xsd=N');
      return reply.type(doc.contentType).send(doc.text);
    });
  }
}
