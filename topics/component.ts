// The contract every connector and transformer follows (DESIGN.md, "One component, one
// folder"): a spec (zod config schema + docs + secret fields), a factory, a lifecycle.
// It lives beside the Bus because a component is, above all, something bound to topics.
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { Bus } from './bus.js';
import type { StateStore } from './state-store.js';
import type { TopicCatalogue } from './catalogue.js';
import type { OutgoingRecord } from './record.js';
import type { TrackingEvent } from './tracking.js';

export type ComponentKind = 'inbound' | 'outbound' | 'transformer' | 'service';

export interface ComponentSpec<S extends z.ZodType = z.ZodType> {
  /** Registered type name used in config, e.g. "inbound.folder". */
  type: string;
  kind: ComponentKind;
  /** One line for listings. */
  summary: string;
  /** A paragraph or two for the generated docs. */
  description: string;
  config: S;
  /** Dotted paths of secret fields (resolved from ${env:…}/${file:…}, never printed). */
  secrets: readonly string[];
  examples: ReadonlyArray<{ title: string; config: Record<string, unknown> }>;
}

export interface ComponentMetrics {
  recordsIn(n?: number): void;
  recordsOut(n?: number): void;
  recordsFailed(n?: number): void;
  /** Time one record spent in this component's step. */
  stepLatency(ms: number): void;
}

export interface Alert {
  code: string;
  message: string;
  detail?: Record<string, unknown>;
}

export interface ComponentContext {
  id: string;
  bus: Bus;
  /** This component's own state store (namespace = component id). */
  state: StateStore;
  catalogue: TopicCatalogue;
  log: Logger;
  metrics: ComponentMetrics;
  /** Root of the broker's data directory (inbox, archive, state). */
  dataDir: string;
  /** The runtime's HTTP server; routes must be added in the factory, before it listens. */
  http: FastifyInstance;
  /** Aborted when the broker shuts down. */
  signal: AbortSignal;
  /** Produces tracking events (use trackingRecord() to batch them with outputs instead). */
  track(events: Array<Omit<TrackingEvent, 'at' | 'component'>>): Promise<void>;
  /** Something an operator must act on: logged at error, counted, and put on edi.alerts. */
  alert(alert: Alert): Promise<void>;
  /** A tracking record stamped with this component's id, to produce with other records. */
  trackingRecord(event: Omit<TrackingEvent, 'at' | 'component'>): OutgoingRecord;
}

export type ComponentState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface Component {
  start(): Promise<void>;
  /** Stop intake, finish in-flight work, commit; resolve when nothing more will be written. */
  stop(): Promise<void>;
  /** Extra facts for GET /v1/components (e.g. a folder being watched). Never secrets. */
  describe?(): Record<string, unknown>;
}

export interface ComponentDefinition<S extends z.ZodType = z.ZodType> {
  spec: ComponentSpec<S>;
  create(config: z.output<S>, ctx: ComponentContext): Component | Promise<Component>;
}

export function defineComponent<S extends z.ZodType>(def: ComponentDefinition<S>): ComponentDefinition<S> {
  return def;
}
