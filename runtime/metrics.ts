// Prometheus metrics for GET /metrics: records in/out/failed per component, step latency,
// and consumer lag of every consumer group the broker runs (read from the bus on scrape).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Bus } from '../topics/bus.js';
import type { ComponentMetrics } from '../topics/component.js';

export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly recordsIn = new Counter({ name: 'edi_records_in_total', help: 'Records a component took in', labelNames: ['component'], registers: [this.registry] });
  private readonly recordsOut = new Counter({ name: 'edi_records_out_total', help: 'Records a component passed on or delivered', labelNames: ['component'], registers: [this.registry] });
  private readonly recordsFailed = new Counter({ name: 'edi_records_failed_total', help: 'Records a component sent to a DLQ', labelNames: ['component'], registers: [this.registry] });
  private readonly latency = new Histogram({
    name: 'edi_step_latency_seconds',
    help: 'Time one record spent in a component step',
    labelNames: ['component'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly alerts = new Counter({ name: 'edi_alerts_total', help: 'Alerts raised (revoked credentials, host key mismatch, authentication refused)', labelNames: ['component', 'code'], registers: [this.registry] });
  private readonly groups = new Map<string, string[]>();

  constructor(bus: Bus) {
    collectDefaultMetrics({ register: this.registry, prefix: 'edi_process_' });
    const groups = this.groups;
    new Gauge({
      name: 'edi_consumer_lag',
      help: 'Records not yet committed by a consumer group, per partition',
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [group, topics] of groups) {
          try {
            for (const lag of await bus.groupLag(group, topics)) {
              this.set({ group, topic: lag.topic, partition: String(lag.partition) }, lag.lag);
            }
          } catch {
            // A bus that is briefly unreachable must not break the scrape.
          }
        }
      },
    });
  }

  /** Registers a consumer group so its lag is reported. */
  watchGroup(group: string, topics: string[]): void {
    this.groups.set(group, topics);
  }

  forComponent(component: string): ComponentMetrics {
    return {
      recordsIn: (n = 1) => this.recordsIn.inc({ component }, n),
      recordsOut: (n = 1) => this.recordsOut.inc({ component }, n),
      recordsFailed: (n = 1) => this.recordsFailed.inc({ component }, n),
      stepLatency: (ms) => this.latency.observe({ component }, ms / 1000),
    };
  }
}
