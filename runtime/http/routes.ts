import type { FastifyInstance } from 'fastify';
import type { Registry as PromRegistry } from 'prom-client';
import type { TrackingIndex } from '../tracking-index.js';
import { coreErrors } from '../../lib/errors.js';

export interface ComponentStatus {
  id: string;
  type: string;
  kind: string;
  state: string;
  error?: string;
  url?: string;
  [extra: string]: unknown;
}

export interface RuntimeView {
  healthy(): boolean;
  components(): ComponentStatus[];
  metrics: PromRegistry;
  tracking: TrackingIndex;
}

export function registerRuntimeRoutes(app: FastifyInstance, view: RuntimeView): void {
  app.get('/healthz', async (_req, reply) => {
    const components = view.components();
    const ok = view.healthy();
    return reply.code(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'unavailable',
      components: components.map((c) => ({ id: c.id, state: c.state, ...(c.error ? { error: c.error } : {}) })),
    });
  });

  app.get('/metrics', async (_req, reply) => {
    reply.header('content-type', view.metrics.contentType);
    return view.metrics.metrics();
  });

  app.get<{ Params: { id: string } }>('/v1/messages/:id', async (req) => {
    await view.tracking.catchUp();
    const found = view.tracking.find(req.params.id);
    if (found.length === 0) throw coreErrors.create('EDI_ERR_NOT_FOUND', { what: 'message', id: req.params.id });
    return found.length === 1 ? { id: found[0]!.id, events: found[0]!.events } : { matches: found };
  });

  app.get('/v1/components', async () => ({ components: view.components() }));
}
