// One shape for every sandbox (a faithful local stand-in of a government system): a real HTTP
// server on 127.0.0.1, its own routes, plus GET /_sandbox/ledger, GET /_sandbox/seed and
// POST /_sandbox/faults. State lives in SQLite under the data dir when one is given, so the
// ledger survives a restart of the broker that hosts the sandbox.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Faults } from './faults.js';

export interface SandboxOptions {
  host?: string;
  /** 0 = any free port. */
  port?: number;
  /** Directory for the sandbox's SQLite state; in memory when absent. */
  dataDir?: string;
  /** Log requests (pino JSON) — off by default to keep test output readable. */
  logRequests?: boolean;
}

export interface SandboxDefinition {
  name: string;
  /** What it is a stand-in of, for `edi sandbox --help` and GET /v1/components. */
  title: string;
  /** Registers the system's own routes. Called once, before listening. */
  routes(app: FastifyInstance, faults: Faults): void | Promise<void>;
  seed(): unknown;
  ledger(query: Record<string, string>): unknown;
  /** Optional extra reset of state (tests); the ledger is kept otherwise. */
  close?(): void | Promise<void>;
  /** Extra fastify options, e.g. a body parser for text/xml. */
  fastify?: Partial<FastifyServerOptions>;
}

export interface Sandbox {
  readonly name: string;
  readonly title: string;
  /** Base URL once started, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly faults: Faults;
  start(): Promise<string>;
  stop(): Promise<void>;
}

export function createSandboxServer(def: SandboxDefinition, options: SandboxOptions = {}): Sandbox {
  const faults = new Faults();
  let app: FastifyInstance | undefined;
  let url = '';

  return {
    name: def.name,
    title: def.title,
    faults,
    get url() {
      if (!url) throw new Error(`sandbox ${def.name} is not started`);
      return url;
    },
    async start() {
      app = Fastify({ logger: options.logRequests ? { level: 'info' } : false, bodyLimit: 64 * 1024 * 1024, ...def.fastify });
      app.get('/_sandbox/ledger', async (req) => def.ledger(req.query as Record<string, string>));
      app.get('/_sandbox/seed', async () => def.seed());
      app.get('/_sandbox/faults', async () => faults.current());
      app.post('/_sandbox/faults', async (req, reply) => {
        try {
          return faults.set(req.body ?? {});
        } catch (err) {
          return reply.code(400).send({ error: err instanceof Error ? err.message : String(err) });
        }
      });
      app.addHook('onRequest', async (req, reply) => {
        if (req.url.startsWith('/_sandbox/')) return;
        const decision = faults.decide(req.url);
        if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
        if (decision.action === 'drop') {
          req.raw.socket.destroy();
          return reply.hijack();
        }
        if (decision.action === 'outage') return reply.code(503).send({ error: 'sandbox outage (fault injection)' });
        if (decision.action === 'error') return reply.code(decision.status ?? 500).send({ error: 'sandbox error (fault injection)' });
      });
      await def.routes(app, faults);
      url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
      return url;
    },
    async stop() {
      await app?.close();
      await def.close?.();
      app = undefined;
    },
  };
}
