// Messages between the VS Code client and the server beyond standard LSP. The client imports these with
// `import type` or plain constants only, so no server code is bundled into the client.
import type { DeviceRecord } from '../core/devices';
import type { Encoding, FormatId } from '../core/types';

/** Sent by the client when a document opens: the encoding VS Code decoded it with (the text has no BOM). */
export namespace DocumentEncodingNotification {
  export const method = 'autopilot/documentEncoding';
  export interface Params {
    uri: string;
    encoding: Encoding;
  }
}

/**
 * The devices of a document as the server validated it, with its problem counts: the upload sends exactly what the
 * Problems panel judged (one validation per document). `null` when the server has no such Autopilot document.
 */
export namespace DeviceRowsRequest {
  export const method = 'autopilot/deviceRows';
  export interface Params {
    uri: string;
  }
  export interface Result {
    /** The document version the rows are of. */
    version: number;
    format: FormatId | null;
    errors: number;
    warnings: number;
    /** Errors that Fix All repairs (its safe, preferred fix). */
    fixableErrors: number;
    /** The first warnings, for the upload's confirmation to name them. */
    warningList: NamedFinding[];
    rows: DeviceRecord[];
  }
  export interface NamedFinding {
    /** 0-based line. */
    line: number;
    code: string;
    message: string;
  }
}

/**
 * Sent by the client: group tags known from outside the documents, which the server checks tags against (a tag
 * close to one of them but not it is a misspelling) and names in hovers. Each notification replaces what was said
 * before for the same source and folder.
 */
export namespace KnownGroupTagsNotification {
  export const method = 'autopilot/knownGroupTags';
  export interface Params {
    /** `workspace`: the tags of the workspace's Autopilot CSV files; `customer`: a customer's device batch names. */
    source: 'workspace' | 'customer';
    /** The tags count for the documents in this folder (a URI) and below; without it, for every document. */
    folder?: string;
    tags: KnownGroupTagEntry[];
  }
}

export interface KnownGroupTagEntry {
  tag: string;
  /** For people: the file that uses it (workspace-relative), or the customer's name. */
  detail: string;
  /** The file the tag is used in: a file's own tags are judged as its rows, not as known tags. */
  uri?: string;
}

/** Commands the server's code actions and code lenses ask the client to run. */
export const ClientCommands = {
  saveAsUtf8: 'autopilot.saveAsUtf8',
  splitFile: 'autopilot.splitFile',
  upload: 'autopilot.upload',
  fixAll: 'autopilot.fixAll',
  /** Arguments: the document's URI and the tags to add to `autopilot.groupTags` (through VS Code's configuration API). */
  addGroupTags: 'autopilot.addGroupTags',
} as const;

/**
 * The client's `initializationOptions`. `clientCommands`: the commands above it runs; quick fixes that edit settings
 * are offered only to a client that runs `addGroupTags` (other editors have no VS Code settings to edit).
 */
export interface InitializationOptions {
  clientCommands?: string[];
}

/** The configuration section the server reads per document. */
export const SETTINGS_SECTION = 'autopilot';

/** The kind of the fix-all source action (so `editor.codeActionsOnSave` can name it). */
export const FIX_ALL_KIND = 'source.fixAll.autopilot-csv';

export const SOURCE = 'autopilot-csv';
export const LANGUAGE_ID = 'autopilot-csv';
