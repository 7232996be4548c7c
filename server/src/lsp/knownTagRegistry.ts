// The group tags the client told the server about (the workspace's Autopilot CSV files, a customer's device batch
// names), and which of them count for a document: those of its folder, except the ones only the document itself uses.
import type { KnownGroupTag } from '../core/types';
import type { KnownGroupTagsNotification } from '../protocol/extensionProtocol';

/** Where one tag is said to be known from, per source: a tag used by fifty files names the first few. */
const MAX_DETAILS_PER_TAG = 3;

export class KnownGroupTagRegistry {
  /** By source and folder: each notification replaces its predecessor. */
  private readonly told = new Map<string, KnownGroupTagsNotification.Params>();

  /** Keeps what the client said; false when it is what it had said already. */
  set(params: KnownGroupTagsNotification.Params): boolean {
    const key = `${params.source} ${params.folder ?? ''}`;
    const before = this.told.get(key);
    if (before && JSON.stringify(before) === JSON.stringify(params)) return false;
    if (params.tags.length === 0) this.told.delete(key);
    else this.told.set(key, params);
    return before !== undefined || params.tags.length > 0;
  }

  /** The known tags for the document at `uri`. */
  forDocument(uri: string): KnownGroupTag[] {
    const result: KnownGroupTag[] = [];
    const details = new Map<string, number>();
    for (const { source, folder, tags } of this.told.values()) {
      if (folder !== undefined && !isInFolder(uri, folder)) continue;
      for (const { tag, detail, uri: usedIn } of tags) {
        if (usedIn === uri) continue;
        const key = `${source} ${tag}`;
        const count = details.get(key) ?? 0;
        if (count >= MAX_DETAILS_PER_TAG) continue;
        details.set(key, count + 1);
        result.push({ tag, source, detail });
      }
    }
    return result;
  }
}

function isInFolder(uri: string, folder: string): boolean {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return uri.startsWith(prefix);
}
