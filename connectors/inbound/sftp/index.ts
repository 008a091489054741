// inbound.sftp: a partner's SFTP directory polled for files (see spec.ts).
import { defineComponent, type Component } from '../../../topics/component.js';
import { sftpInboundSpec } from './spec.js';
import { sftpInboundErrors } from './errors.js';
import { compileSftpInboundOptions } from './options.js';
import { SftpInbox } from './inbox.js';

/** The component, plus poll(): a poll now (tests, operators), joined with one already running. */
export type SftpInboxComponent = Component & { poll(): Promise<void>; describe(): Record<string, unknown> };

export const sftpInbound = defineComponent({
  spec: sftpInboundSpec,
  create(config, ctx): SftpInboxComponent {
    const topic = ctx.catalogue.get(config.topic);
    if (topic === undefined) throw sftpInboundErrors.create('EDI_ERR_SFTP_TOPIC_UNKNOWN', { id: ctx.id, topic: config.topic });
    const inbox = new SftpInbox(compileSftpInboundOptions(config, ctx.id, ctx.dataDir, topic.contentType), ctx);
    return { start: () => inbox.start(), stop: () => inbox.stop(), describe: () => inbox.describe(), poll: () => inbox.poll() };
  },
});
