// The inbox's doorbell: any change in the directory schedules a scan; the scanner's listing is
// the truth. This is Node's fs.watch on the one directory (inotify, FSEvents, ReadDirectoryChangesW
// - what chokidar 5 uses underneath), not chokidar itself: chokidar re-lists the directory with one
// lstat per entry on every change and opens one OS watch per file; with 10,000 files dropped at
// once that cost 65% more CPU for the whole intake (measured), can exhaust inotify watches, and its
// string paths cannot name files whose names are not UTF-8. With usePolling (mounts that deliver no
// events) the doorbell is a timer.
import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';

export interface Doorbell {
  close(): Promise<void>;
}

export function watchDirectory(root: string, options: { usePolling: boolean; pollMs: number }, ring: () => void, log: Logger): Doorbell {
  if (options.usePolling) {
    const timer = setInterval(ring, options.pollMs).unref();
    return { close: async () => clearInterval(timer) };
  }
  let watcher: FSWatcher | undefined;
  const open = (): void => {
    try {
      watcher = watch(root, { persistent: false }, () => ring());
      watcher.on('error', (err) => {
        // The directory went away or the watch broke: the periodic rescan carries on meanwhile.
        log.warn({ err, path: root }, 'watching the inbox failed; watching again in 5 s');
        watcher?.close();
        watcher = undefined;
        setTimeout(open, 5000).unref();
      });
    } catch (err) {
      log.warn({ err, path: root }, 'cannot watch the inbox; relying on the periodic rescan, trying again in 5 s');
      setTimeout(open, 5000).unref();
    }
  };
  open();
  return {
    close: async () => {
      const w = watcher;
      watcher = undefined;
      w?.close();
    },
  };
}
