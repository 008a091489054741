// outbound.sftp: records uploaded as files to a partner's SFTP server (see spec.ts).
import { posix } from 'node:path';
import { createHash } from 'node:crypto';
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import { ediId } from '../../../topics/record.js';
import { toEdiError } from '../../../lib/errors.js';
import { startDelivery } from '../../sdk/delivery.js';
import { compileRoutes } from '../../sdk/routing.js';
import { renderFileName } from '../../sdk/file-names.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { compileSftpServer } from '../../sdk/sftp/options.js';
import type { SftpSession } from '../../sdk/sftp/session.js';
import { sftpDeliverySpec } from './spec.js';
import { sftpDeliveryErrors } from './errors.js';
import { SharedSession } from './connection.js';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export const sftpOutbound = defineComponent({
  spec: sftpDeliverySpec,
  create(config, ctx) {
    const server = compileSftpServer(config);
    const table = compileRoutes(config.routes);
    const shared = new SharedSession(server, ctx);
    let subscription: Subscription | undefined;

    /** Upload as NAME.part, then rename; an existing NAME with our content is a redelivery. */
    async function upload(session: SftpSession, dir: string, name: string, content: Buffer, id: string): Promise<{ path: string; duplicate: boolean }> {
      if (!shared.madeDirs.has(dir)) {
        await session.mkdirp(dir);
        shared.madeDirs.add(dir);
      }
      const path = posix.join(dir, name);
      const part = `${path}.part`;
      await session.upload(content, part);
      try {
        await session.rename(part, path);
        return { path, duplicate: false };
      } catch (err) {
        if (toEdiError(err).retriable) throw err;
        const there = await session.stat(path);
        if (there === undefined) throw err;
        const same = there.size === content.length && sha256(await session.readSmall(path, content.length)) === sha256(content);
        await session.remove(part).catch(() => undefined);
        if (!same) throw sftpDeliveryErrors.create('EDI_ERR_DELIVERY_SFTP_TARGET_EXISTS', { path, id });
        return { path, duplicate: true };
      }
    }

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
            if (!rendered.ok) throw sftpDeliveryErrors.create('EDI_ERR_DELIVERY_SFTP_NAME_UNSAFE', { id, reason: rendered.reason });
            const session = await shared.get();
            try {
              const { path, duplicate } = await upload(session, route.to ?? config.remoteDir, rendered.name, record.value, id);
              return { refs: { path: `sftp://${server.host}:${server.port}${path.startsWith('/') ? '' : '/'}${path}`, route: String(route.index) }, duplicate };
            } catch (err) {
              if (toEdiError(err).retriable) shared.drop();
              throw err;
            }
          },
        });
      },
      async stop() {
        await subscription?.close();
        await shared.close();
      },
      describe: () => ({ remote: `sftp://${server.username}@${server.host}:${server.port}`, topics: table.topics }),
    };
  },
});
