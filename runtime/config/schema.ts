// The broker's configuration file (edi.config.yaml), top level. Each component's own options
// are validated by its spec's schema (topics/component.ts) when it is wired.
import { z } from 'zod';

const duration = z.union([z.string(), z.number()]);

const topicSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    key: z.string().default('record key'),
    contentType: z.string().default('application/octet-stream'),
    schema: z.string().optional(),
    partitions: z.number().int().min(1).max(1000).default(3),
    cleanup: z.enum(['delete', 'compact']).default('delete'),
    retentionMs: z.number().int().min(-1).default(7 * 86_400_000),
    dlq: z.string().optional(),
  })
  .strict();

const componentEntry = z.looseObject({
  type: z.string().min(1, 'required'),
  enabled: z.boolean().default(true),
});

export const configSchema = z
  .object({
    dataDir: z.string().default('./data'),
    http: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
      })
      .strict()
      .prefault({}),
    log: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .prefault({}),
    bus: z
      .object({
        kind: z.enum(['embedded', 'kafka']).default('embedded'),
        embedded: z
          .object({
            synchronous: z.enum(['full', 'normal']).default('full'),
            sessionTimeout: duration.default('10s'),
            retentionInterval: duration.default('5m'),
          })
          .strict()
          .prefault({}),
        kafka: z
          .object({
            brokers: z.union([z.string(), z.array(z.string())]).default([]),
            clientId: z.string().default('edi-broker'),
            ssl: z.boolean().default(false),
            sasl: z
              .object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string(), password: z.string() })
              .strict()
              .optional(),
            sessionTimeout: duration.default('30s'),
            /** Create missing catalogue topics at start-up (as `edi topics apply` does). */
            applyTopicsOnStart: z.boolean().default(true),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    shutdownTimeout: duration.default('10s'),
    /** Topics beyond the built-in catalogue, e.g. a buyer's delivery topic. */
    topics: z.array(topicSchema).default([]),
    /** Local stand-ins of the government systems: name -> options (enabled, port, …). */
    sandboxes: z
      .record(
        z.string(),
        z.looseObject({
          enabled: z.boolean().default(true),
          port: z.number().int().min(0).max(65535).default(0),
          /** Base URL of a sandbox running elsewhere (`edi sandbox <name>`), for `edi run`. */
          url: z.string().optional(),
        }),
      )
      .default({}),
    connectors: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'component ids are lower-case letters, digits and dashes'), componentEntry).default({}),
    transformers: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'component ids are lower-case letters, digits and dashes'), componentEntry).default({}),
  })
  .strict();

export type BrokerConfigInput = z.input<typeof configSchema>;
export type BrokerConfig = z.output<typeof configSchema>;
export type ComponentEntry = z.output<typeof componentEntry>;
