// What a directory entry is to the inbox: a document to take, a done-marker, or something to
// leave alone (uploads in progress, our own archive/error folders, names the config ignores).
import { isUploadInProgressName } from '../../sdk/file-names.js';
import type { FolderOptions } from './options.js';

export type EntryRole = 'document' | 'marker' | 'ignored';

export function entryRole(name: string, options: Pick<FolderOptions, 'doneMarkers' | 'isIncluded' | 'isIgnored'>): EntryRole {
  if (isUploadInProgressName(name)) return 'ignored';
  for (const suffix of options.doneMarkers) if (name.endsWith(suffix) && name.length > suffix.length) return 'marker';
  if (options.isIgnored(name)) return 'ignored';
  // Hostile names (not UTF-8, control characters) are documents too: they must reach error/.
  return options.isIncluded(name) || name.includes('\ufffd') ? 'document' : 'ignored';
}
