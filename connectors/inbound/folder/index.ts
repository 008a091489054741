// inbound.folder: a watched directory whose complete files become records (see spec.ts).
import { defineComponent } from '../../../topics/component.js';
import { folderSpec } from './spec.js';
import { folderErrors } from './errors.js';
import { compileFolderOptions } from './options.js';
import { FolderInbox } from './inbox.js';

export const folderInbound = defineComponent({
  spec: folderSpec,
  create(config, ctx) {
    const topic = ctx.catalogue.get(config.topic);
    if (topic === undefined) throw folderErrors.create('EDI_ERR_FOLDER_TOPIC_UNKNOWN', { path: config.path, topic: config.topic });
    const inbox = new FolderInbox(compileFolderOptions(config, ctx.dataDir, topic.contentType), ctx);
    return {
      start: () => inbox.start(),
      stop: () => inbox.stop(),
      describe: () => inbox.describe(),
    };
  },
});
