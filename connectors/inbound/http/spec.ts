// Config schema and docs of HTTP intake (inbound.http): the single source for validation,
// `edi connectors` and the README's connector section.
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { zSecret } from '../../../lib/secret.js';
import { parseDuration } from '../../../lib/duration.js';
import { parseSize } from '../../../lib/size.js';

const valid = (parse: (v: string | number) => number) => (v: string | number) => {
  try {
    parse(v);
    return true;
  } catch {
    return false;
  }
};
const duration = z.union([z.string(), z.number()]).refine(valid(parseDuration), 'a duration such as 24h, 7d');
const size = z.union([z.string(), z.number()]).refine(valid(parseSize), 'a size such as 512KB, 10MB');

const flow = z
  .object({
    topic: z.string().min(1).describe('Topic the documents of this flow are produced to.'),
    contentTypes: z.array(z.string().min(1)).min(1).describe('Media types accepted (others get 415), e.g. `application/xml`, `application/json`, `avro/binary`.'),
    maxBodySize: size.default('10MB').describe('Larger bodies get 413 (checked on Content-Length before reading, and while reading).'),
    schema: z.string().optional().describe('edi-schema header to set on every record.'),
  })
  .strict();

const sender = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)').describe('Sender name, used in edi-source and tracking.'),
    keySha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'the lower-case hex SHA-256 of the key')
      .optional()
      .describe('SHA-256 of the sender\'s API key, lower-case hex (`printf %s "$KEY" | sha256sum`). The key itself never appears in the config.'),
    key: zSecret().optional().describe('The API key itself, from `${env:…}` or `${file:…}`; hashed at start-up and never kept. For local use (the default config\'s EDI_API_KEY).'),
    flows: z.array(z.string().min(1)).min(1).describe('Flows this sender may post to; `*` for all.'),
    loopbackOnly: z.boolean().default(false).describe('Accept this key only from 127.0.0.0/8 and ::1.'),
  })
  .strict()
  .refine((s) => (s.keySha256 === undefined) !== (s.key === undefined), { message: 'give exactly one of keySha256 and key', path: ['keySha256'] });

export const httpIntakeConfig = z
  .object({
    flows: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'), flow).describe('Flow name (the {flow} in POST /v1/inbound/{flow}) -> where its documents go.'),
    senders: z.array(sender).min(1).describe('Who may post, each with an API key and the flows it may use.'),
    idempotencyWindow: duration.default('7d').describe('How long an Idempotency-Key is remembered per sender.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    c.senders.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', message: `sender ${s.id} is declared twice`, path: ['senders', i, 'id'] });
      ids.add(s.id);
      s.flows.forEach((f, j) => {
        if (f !== '*' && !(f in c.flows)) ctx.addIssue({ code: 'custom', message: `no flow ${f}`, path: ['senders', i, 'flows', j] });
      });
    });
  });

export type HttpIntakeConfig = z.output<typeof httpIntakeConfig>;

export const httpIntakeSpec: ComponentSpec<typeof httpIntakeConfig> = {
  type: 'inbound.http',
  kind: 'inbound',
  summary: 'POST /v1/inbound/{flow} on the broker\'s HTTP server: per-sender API keys, 202 {id} once durable, Idempotency-Key.',
  description: `
The document is the request body (XML, JSON or Avro as the flow allows). Each sender authenticates with
its API key (\`Authorization: Bearer <key>\` or \`X-API-Key\`), stored as a SHA-256 hash in the config and
scoped to flows. The answer is \`202 {"id": …}\` only after the record is durable on the bus, with
\`Location: /v1/messages/{id}\`; otherwise \`401\`, \`403\`, \`404\`, \`413\`, \`415\`, \`400\` or \`422\` with a JSON
\`{code, message}\`. A request with an \`Idempotency-Key\` that the same sender used before gets the same
id and produces no second record (a different body with the same key gets 422). An optional
\`X-EDI-Filename\` names the document (record key and edi-source); it must be a plain file name.`,
  config: httpIntakeConfig,
  secrets: ['senders.key'],
  examples: [
    {
      title: 'papiNet from one sawmill, local testing with EDI_API_KEY',
      config: {
        flows: { papinet: { topic: 'papinet.inbound', contentTypes: ['application/xml', 'text/xml'] } },
        senders: [
          { id: 'sawmill-kurzeme', keySha256: '609c84aed64c2bb102a437bdc9e29c8b49ff7c85d3921b680b0e6f62d267681e', flows: ['papinet'] },
          { id: 'local', key: '${env:EDI_API_KEY:-dev-local-key}', flows: ['*'], loopbackOnly: true },
        ],
      },
    },
  ],
};
