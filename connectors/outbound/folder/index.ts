// outbound.folder: records written as files into a folder, by a routing table (see spec.ts).
import { isAbsolute, resolve } from 'node:path';
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import { ediId } from '../../../topics/record.js';
import { startDelivery } from '../../sdk/delivery.js';
import { compileRoutes } from '../../sdk/routing.js';
import { renderFileName } from '../../sdk/file-names.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { folderDeliverySpec } from './spec.js';
import { folderDeliveryErrors } from './errors.js';
import { writeFileAtomically } from './write-file.js';

// EEXIST here is mkdir finding a file where the folder should be: an operator can fix that too.
const TRANSIENT = new Set(['EEXIST', 'ENOSPC', 'EIO', 'EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'EACCES', 'EPERM', 'EROFS', 'EDQUOT', 'ESTALE', 'ENOENT', 'ENOTDIR']);

export const folderOutbound = defineComponent({
  spec: folderDeliverySpec,
  create(config, ctx) {
    const root = isAbsolute(config.path) ? resolve(config.path) : resolve(ctx.dataDir, config.path);
    const table = compileRoutes(config.routes);
    let subscription: Subscription | undefined;
    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: table.topics,
          step: 'deliver',
          accept: (r) => table.match(r) !== undefined,
          retry: compileDeliveryRetry(config.retry),
          concurrency: config.concurrency,
          async deliver(record) {
            const route = table.match(record)!;
            const id = ediId(record);
            const rendered = renderFileName(route.fileName ?? config.fileName, record);
            if (!rendered.ok) throw folderDeliveryErrors.create('EDI_ERR_DELIVERY_FOLDER_NAME_UNSAFE', { id, reason: rendered.reason });
            const dir = route.to === undefined ? root : resolve(root, route.to);
            const path = `${dir}/${rendered.name}`;
            let placed;
            try {
              placed = await writeFileAtomically(dir, rendered.name, record.value, id, config.overwrite);
            } catch (err) {
              const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
              // A full disk or a share that went away may come back: retried, then DLQ.
              throw folderDeliveryErrors.create('EDI_ERR_DELIVERY_FOLDER_WRITE', { path, reason: code }, { cause: err, retriable: TRANSIENT.has(code) });
            }
            if (placed === 'exists') throw folderDeliveryErrors.create('EDI_ERR_DELIVERY_FOLDER_TARGET_EXISTS', { path, id });
            return { refs: { path, route: String(route.index) }, duplicate: placed === 'identical' };
          },
        });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({ path: root, topics: table.topics }),
    };
  },
});
