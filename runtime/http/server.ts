// The runtime's HTTP server (fastify 5): health, metrics, tracking and component status here;
// components (HTTP intake, the EUDR reference desk) add their routes in their factories.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { EdiError, toEdiError } from '../../lib/errors.js';

export function createHttpServer(log: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: log.child({ component: 'http' }),
    // Per-request lines would drown the log at thousands of intake requests per second.
    logController: new LogController({ disableRequestLogging: true }),
    // Intake routes set their own limits; this is the ceiling.
    bodyLimit: 64 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
  });
  app.setErrorHandler((err, req, reply) => {
    // Errors of ours say their own status and code; fastify's (bad JSON, body too large) keep theirs.
    if (err instanceof EdiError) {
      return reply.code(err.http ?? 500).send({ code: err.code, message: err.message, detail: err.detail });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status < 500) {
      return reply.code(status).send({ code: (err as { code?: string }).code ?? 'EDI_ERR_HTTP', message: (err as Error).message });
    }
    const e = toEdiError(err, `${req.method} ${req.url}`);
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ code: e.code, message: e.message });
  });
  return app as unknown as FastifyInstance;
}
