// Messages between the VS Code client and the server beyond standard LSP. The client imports these with
// `import type` or plain constants only, so no server code is bundled into the client.
import type { DeviceRecord } from '../core/devices';
import type { HashSummary } from '../core/hashSummary';
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
 * Every device row of a document, with a summary of its hardware hash (whose device, intact or not) and where the
 * hash cell is: the editor shows the summary in place of the cell's 4,000 characters and names the column and the
 * device under the cursor; a device table can list the rows. Hashes are decoded by the server only, from the
 * validation the Problems panel shows. `null` when the server has no such Autopilot document.
 *
 * Compact, as it is asked for again after edits: devices of one model and verdict share a summary (`summaries`,
 * referred to by index), and a hash cell is given by characters on its row's line (rows span lines only with a
 * quoted line break).
 */
export namespace RowSummariesRequest {
  export const method = 'autopilot/rowSummaries';
  export interface Params {
    uri: string;
  }
  export interface HashCell {
    /** The character (UTF-16 code unit, as in LSP positions) the cell starts at, on `startLine`. */
    start: number;
    /** The character the cell ends at (exclusive), on `endLine`. */
    end: number;
    /** Set only in a row that spans lines (a quoted value with a line break); else the row's line. */
    startLine?: number;
    /** Set only in a row that spans lines; else the row's line. */
    endLine?: number;
    /** Index into `Result.summaries`. */
    summary: number;
  }
  export interface Row {
    /** The 0-based line the row starts on. */
    line: number;
    /** The row's hash cell, when it holds a hash (not empty). */
    hash?: HashCell;
  }
  export interface Result {
    /** The document version the rows are of. */
    version: number;
    format: FormatId | null;
    /** The separator of the file's cells: `,` unless the file uses `;` or tab. */
    delimiter: string;
    /** Each header cell's column name as the format names it (as written when the format does not take the column). */
    columns: string[];
    /** The distinct hash summaries of the file. */
    summaries: HashSummary[];
    /** The device rows in file order: device N is `rows[N - 1]`. Empty and sample rows are not devices. */
    rows: Row[];
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
