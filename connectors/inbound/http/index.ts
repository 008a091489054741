// inbound.http: POST /v1/inbound/{flow} on the broker's HTTP server (see spec.ts).
import { defineComponent } from '../../../topics/component.js';
import { httpIntakeSpec } from './spec.js';
import { httpIntakeErrors } from './errors.js';
import { compileHttpIntakeOptions } from './options.js';
import { IdempotencyKeys } from './idempotency.js';
import { registerIntakeRoute } from './route.js';

const PRUNE_EVERY_MS = 3_600_000;

export const httpInbound = defineComponent({
  spec: httpIntakeSpec,
  create(config, ctx) {
    const options = compileHttpIntakeOptions(config);
    for (const flow of options.flows.values()) {
      if (!ctx.catalogue.has(flow.topic)) throw httpIntakeErrors.create('EDI_ERR_HTTP_INTAKE_TOPIC_UNKNOWN', { flow: flow.name, topic: flow.topic });
    }
    const keys = new IdempotencyKeys(ctx.state, options.idempotencyWindowMs);
    let accepting = false;
    let pruner: NodeJS.Timeout | undefined;
    const prune = async (): Promise<void> => {
      try {
        const expired = await keys.expired();
        for (let i = 0; i < expired.length; i += 5000) {
          await ctx.bus.produce([], { state: expired.slice(i, i + 5000).map((key) => ({ namespace: ctx.id, key, value: undefined })) });
        }
      } catch (err) {
        ctx.log.warn({ err }, 'pruning expired idempotency keys failed; will try again');
      }
    };
    // Routes go on the server now, before it listens; they answer 503 until start().
    registerIntakeRoute(ctx.http, { options, ctx, keys, accepting: () => accepting });
    return {
      async start() {
        await prune();
        pruner = setInterval(() => void prune(), PRUNE_EVERY_MS).unref();
        accepting = true;
      },
      async stop() {
        accepting = false;
        clearInterval(pruner);
      },
      describe: () => ({ route: 'POST /v1/inbound/{flow}', flows: [...options.flows.keys()], senders: [...options.sendersByKeyHash.values()].map((s) => s.id) }),
    };
  },
});
