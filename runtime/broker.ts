// The composition root: bus, catalogue, sandboxes, HTTP server, tracking index and the
// configured components, started in order and stopped gracefully (stop intake, drain,
// commit, close). `edi start` runs everything; `edi run <id>` one component.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Bus } from '../topics/bus.js';
import { buildCatalogue, type TopicCatalogue, type TopicSpec } from '../topics/catalogue.js';
import type { Component, ComponentContext, ComponentDefinition, ComponentState } from '../topics/component.js';
import { trackingRecord } from '../topics/tracking.js';
import { createBus } from '../topics/create-bus.js';
import type { Sandbox } from '../sandbox/sdk/sandbox-server.js';
import { coreErrors, toEdiError } from '../lib/errors.js';
import { parseDuration } from '../lib/duration.js';
import { Secret } from '../lib/secret.js';
import type { CompiledConfig } from './config/load.js';
import type { ComponentEntry } from './config/schema.js';
import { resolveSandboxRefs } from './config/interpolate.js';
import { formatIssues } from './config/issues.js';
import { createLogger } from './logger.js';
import { BrokerMetrics } from './metrics.js';
import { TrackingIndex } from './tracking-index.js';
import { createHttpServer } from './http/server.js';
import { registerRuntimeRoutes, type ComponentStatus } from './http/routes.js';
import { defaultRegistry, type Registry } from './registry.js';

export interface StartOptions {
  /** Run only these component ids (`edi run`). */
  only?: string[];
  /** Start the sandboxes the config enables (default: true unless `only` is given). */
  sandboxes?: boolean;
  registry?: Registry;
  log?: Logger;
}

interface Running {
  id: string;
  section: 'connectors' | 'transformers';
  def: ComponentDefinition;
  instance?: Component;
  state: ComponentState;
  error?: string;
}

const STOP_ORDER: Record<string, number> = { inbound: 0, service: 1, transformer: 2, outbound: 3 };

export class Broker {
  readonly sandboxes = new Map<string, Sandbox>();
  private readonly components: Running[] = [];
  private readonly abort = new AbortController();
  private stopping: Promise<void> | undefined;
  private listening = false;
  url = '';

  private constructor(
    readonly config: CompiledConfig,
    readonly log: Logger,
    readonly bus: Bus,
    readonly catalogue: TopicCatalogue,
    readonly http: FastifyInstance,
    readonly metrics: BrokerMetrics,
    readonly tracking: TrackingIndex,
    private readonly registry: Registry,
  ) {}

  static async start(config: CompiledConfig, options: StartOptions = {}): Promise<Broker> {
    const log = options.log ?? createLogger(config.log.level);
    const registry = options.registry ?? defaultRegistry();
    const bus = await createBus(busSettings(config), log.child({ component: 'bus' }));
    const catalogue = buildCatalogue(config.topics as TopicSpec[]);
    if (bus.kind === 'embedded' || config.bus.kafka.applyTopicsOnStart) await bus.ensureTopics(catalogue.all());
    const metrics = new BrokerMetrics(bus);
    const http = createHttpServer(log);
    const tracking = new TrackingIndex(config.dataDirAbs, bus, log.child({ component: 'tracking-index' }));
    const broker = new Broker(config, log, bus, catalogue, http, metrics, tracking, registry);
    try {
      await broker.boot(options);
    } catch (err) {
      await broker.stop('start-up failed').catch(() => undefined);
      throw err;
    }
    return broker;
  }

  private async boot(options: StartOptions): Promise<void> {
    const { config, log } = this;
    if (options.sandboxes ?? options.only === undefined) await this.startSandboxes();
    registerRuntimeRoutes(this.http, {
      healthy: () => this.healthy(),
      components: () => this.status(),
      metrics: this.metrics.registry,
      tracking: this.tracking,
    });
    const entries: Array<[string, ComponentEntry, 'connectors' | 'transformers']> = [
      ...Object.entries(config.connectors).map(([id, e]) => [id, e, 'connectors'] as [string, ComponentEntry, 'connectors']),
      ...Object.entries(config.transformers).map(([id, e]) => [id, e, 'transformers'] as [string, ComponentEntry, 'transformers']),
    ];
    for (const id of options.only ?? []) {
      if (!entries.some(([eid]) => eid === id)) throw coreErrors.create('EDI_ERR_NOT_FOUND', { what: 'component', id });
    }
    for (const [id, entry, section] of entries) {
      if (!entry.enabled || (options.only !== undefined && !options.only.includes(id))) continue;
      const def = this.registry.component(entry.type);
      const running: Running = { id, section, def, state: 'created' };
      this.components.push(running);
      running.instance = await def.create(this.componentConfig(id, entry, section, def), await this.context(id));
    }
    const { port, host } = config.http;
    this.url = await this.http.listen({ port, host });
    this.listening = true;
    this.tracking.follow();
    // Consumers first, intake last, so nothing waits on a component that is not there yet.
    const startOrder = [...this.components].sort((a, b) => STOP_ORDER[b.def.spec.kind]! - STOP_ORDER[a.def.spec.kind]!);
    for (const c of startOrder) {
      c.state = 'starting';
      try {
        await c.instance!.start();
        c.state = 'running';
      } catch (err) {
        c.state = 'failed';
        c.error = toEdiError(err).message;
        throw coreErrors.create('EDI_ERR_COMPONENT_START', { id: c.id, reason: c.error }, { cause: err });
      }
    }
    log.info({ url: this.url, bus: this.bus.kind, components: this.components.map((c) => c.id), sandboxes: [...this.sandboxes.keys()] }, 'broker started');
  }

  private async startSandboxes(): Promise<void> {
    for (const [name, entry] of Object.entries(this.config.sandboxes)) {
      if (!entry.enabled || entry.url !== undefined) continue;
      const factory = this.registry.sandbox(name);
      if (factory === undefined) {
        throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: `sandboxes.${name}: no such sandbox (known: ${this.registry.allSandboxes().map((s) => s.name).join(', ')})` });
      }
      const { enabled: _e, port, url: _u, ...rest } = entry;
      const parsed = factory.options.safeParse(rest);
      if (!parsed.success) throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: formatIssues(parsed.error.issues, ['sandboxes', name]).join('; ') });
      const sandbox = factory.create(parsed.data, { port, dataDir: join(this.config.dataDirAbs, 'sandbox') });
      await sandbox.start();
      this.sandboxes.set(name, sandbox);
      this.log.info({ sandbox: name, url: sandbox.url }, `sandbox ${name} (${factory.title}) listening`);
    }
  }

  private sandboxUrl(name: string): string {
    const running = this.sandboxes.get(name);
    if (running !== undefined) return running.url;
    const url = this.config.sandboxes[name]?.url;
    if (url !== undefined) return url;
    throw coreErrors.create('EDI_ERR_CONFIG_INVALID', {
      issues: `\${sandbox:${name}} is used but sandbox ${name} is not running here; start it with \`edi sandbox ${name}\` and set sandboxes.${name}.url`,
    });
  }

  private componentConfig(id: string, entry: ComponentEntry, section: string, def: ComponentDefinition): unknown {
    const { type: _t, enabled: _e, ...options } = entry;
    const resolved = resolveSandboxRefs(options, (name) => this.sandboxUrl(name));
    const parsed = def.spec.config.safeParse(resolved);
    if (!parsed.success) {
      throw coreErrors.create('EDI_ERR_CONFIG_INVALID', { issues: formatIssues(parsed.error.issues, [section, id]).join('; ') });
    }
    return parsed.data;
  }

  private async context(id: string): Promise<ComponentContext> {
    const log = this.log.child({ component: id });
    const bus = this.bus;
    const metrics = this.metrics;
    const stamp = (e: Parameters<ComponentContext['trackingRecord']>[0]) => trackingRecord({ ...e, component: id });
    return {
      id,
      bus,
      state: await bus.openState(id),
      catalogue: this.catalogue,
      log,
      metrics: metrics.forComponent(id),
      dataDir: this.config.dataDirAbs,
      http: this.http,
      signal: this.abort.signal,
      trackingRecord: stamp,
      async track(events) {
        await bus.produce(events.map(stamp));
      },
      async alert(alert) {
        log.error({ alert: true, code: alert.code, detail: alert.detail }, alert.message);
        metrics.alerts.inc({ component: id, code: alert.code });
        await bus.produce([
          {
            topic: 'edi.alerts',
            key: id,
            value: Buffer.from(JSON.stringify({ ...alert, component: id, at: new Date().toISOString() })),
            headers: { 'edi-content-type': 'application/json' },
          },
        ]);
      },
    };
  }

  healthy(): boolean {
    return this.listening && this.stopping === undefined && this.components.every((c) => c.state === 'running');
  }

  status(): ComponentStatus[] {
    const components: ComponentStatus[] = this.components.map((c) => ({
      ...(c.instance?.describe?.() ?? {}),
      id: c.id,
      type: c.def.spec.type,
      kind: c.def.spec.kind,
      state: c.state,
      ...(c.error ? { error: c.error } : {}),
    }));
    for (const [name, s] of this.sandboxes) components.push({ id: `sandbox:${name}`, type: `sandbox.${name}`, kind: 'sandbox', state: 'running', url: s.url, title: s.title });
    return components;
  }

  /** Stop intake, let consumers finish and commit, then close; bounded by shutdownTimeout. */
  stop(reason = 'stop requested'): Promise<void> {
    this.stopping ??= this.doStop(reason);
    return this.stopping;
  }

  private async doStop(reason: string): Promise<void> {
    this.log.info({ reason }, 'broker stopping');
    const ordered = [...this.components].sort((a, b) => STOP_ORDER[a.def.spec.kind]! - STOP_ORDER[b.def.spec.kind]!);
    // Components stop in phases: all intake first, then transformers, then deliveries.
    const phases = new Map<number, Running[]>();
    for (const c of ordered) {
      const k = STOP_ORDER[c.def.spec.kind]!;
      phases.set(k, [...(phases.get(k) ?? []), c]);
    }
    const graceful = (async () => {
      for (const [kind, phase] of [...phases.entries()].sort((a, b) => a[0] - b[0])) {
        // Deliveries waiting in a retry backoff give up their batch (uncommitted) at once.
        if (kind === STOP_ORDER.outbound) this.abort.abort();
        await Promise.all(
          phase.map(async (c) => {
            if (c.instance === undefined || c.state === 'stopped') return;
            c.state = 'stopping';
            try {
              await c.instance.stop();
              c.state = 'stopped';
            } catch (err) {
              c.state = 'failed';
              this.log.error({ err, component: c.id }, 'component failed to stop cleanly');
            }
          }),
        );
      }
    })();
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.config.shutdownTimeoutMs).unref());
    if ((await Promise.race([graceful, timeout])) === 'timeout') {
      this.log.warn({ timeoutMs: this.config.shutdownTimeoutMs }, 'components did not stop in time; closing anyway (uncommitted records will be delivered again)');
    }
    this.abort.abort();
    await this.tracking.close().catch(() => undefined);
    await this.http.close().catch(() => undefined);
    for (const s of this.sandboxes.values()) await s.stop().catch(() => undefined);
    await this.bus.close().catch((err: unknown) => this.log.error({ err }, 'closing the bus failed'));
    this.log.info('broker stopped');
  }
}

export function busSettings(config: CompiledConfig): Parameters<typeof createBus>[0] {
  const k = config.bus.kafka;
  return {
    kind: config.bus.kind,
    embedded: {
      dir: join(config.dataDirAbs, 'bus'),
      synchronous: config.bus.embedded.synchronous,
      sessionTimeoutMs: parseDuration(config.bus.embedded.sessionTimeout),
      retentionIntervalMs: parseDuration(config.bus.embedded.retentionInterval),
    },
    kafka: {
      brokers: config.kafkaBrokers,
      clientId: k.clientId,
      ssl: k.ssl,
      ...(k.sasl ? { sasl: { ...k.sasl, password: new Secret(k.sasl.password) } } : {}),
      sessionTimeoutMs: parseDuration(k.sessionTimeout),
    },
  };
}
