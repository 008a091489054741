// The papiNet transformer as a component (transformer.papinet): the pure step (transform.ts)
// bound to papinet.inbound → papinet.valid | papinet.dlq by the runner, with the schemas and
// options compiled once here, at start-up, and the party headers routing needs added.
import { defineComponent } from '../../topics/component.js';
import { parseSize } from '../../lib/size.js';
import { compilePapinetSchemas, projectPapinetSchemas, type PapinetSchemas } from '../../schemas/papinet/index.js';
import { transformerComponent, type TransformResult } from '../runner.js';
import { compilePapinetOptions } from './options.js';
import { partyHeaders } from './party-headers.js';
import { papinetTransformerSpec } from './spec.js';
import { transformPapinet } from './transform.js';

export const papinetTransformer = defineComponent({
  spec: papinetTransformerSpec,
  create(config, ctx) {
    const official = config.officialSchemas;
    const schemas: PapinetSchemas = official === undefined ? projectPapinetSchemas() : compilePapinetSchemas({ official });
    const fa = config.fellingAffirmation;
    const options = compilePapinetOptions({
      validTopic: config.output,
      maxBytes: parseSize(config.maxDocumentSize),
      fellingAffirmation: {
        ...(fa.referenceType !== undefined ? { referenceType: fa.referenceType } : {}),
        ...(fa.assignedBy !== undefined ? { assignedBy: fa.assignedBy } : {}),
        ...(fa.partyIdentifierType !== undefined ? { partyIdentifierType: fa.partyIdentifierType } : {}),
      },
    });
    const papinet = { schemas, options };
    const inner = transformerComponent(
      ctx,
      {
        input: config.input,
        step: 'validate',
        maxBatchRecords: config.maxBatchRecords,
        transform(record): TransformResult {
          const r = transformPapinet(record, papinet);
          if (!r.ok) return r;
          const parties = partyHeaders(r.summary);
          for (const out of r.records) Object.assign(out.headers, parties);
          return { ok: true, records: r.records, key: r.key, refs: r.refs };
        },
      },
      () => ({ output: config.output, schemas: official === undefined ? 'project' : 'official' }),
    );
    return {
      start: () => inner.start(),
      async stop() {
        await inner.stop();
        // The project's schemas are shared by the whole process; an official bundle is ours to free.
        if (official !== undefined) schemas.dispose();
      },
      describe: inner.describe,
    };
  },
});
