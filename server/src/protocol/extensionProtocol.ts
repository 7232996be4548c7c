// Messages between the VS Code client and the server beyond standard LSP. The client imports these with
// `import type` or plain constants only, so no server code is bundled into the client.
import type { DeviceRecord } from '../core/devices';
import type { ColumnRole } from '../core/formats';
// What a collapsed hash cell shows (RowSummariesRequest); the device table's own HashSummary is below.
import type { HashSummary as HashCellSummary } from '../core/hashSummary';
import type { Encoding, FormatId, Severity } from '../core/types';

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
    summaries: HashCellSummary[];
    /** The device rows in file order: device N is `rows[N - 1]`. Empty and sample rows are not devices. */
    rows: Row[];
  }
}

/**
 * The device table (the custom editor): a document's devices as rows, with the decoded hash and the problems of
 * each row, from the server's one validation of the document. The first answer holds every row; later ones, asked
 * `since` the revision the client holds, only the rows that changed (see `TableOp`).
 */
export namespace DeviceTableRequest {
  export const method = 'autopilot/deviceTable';
  export interface Params {
    uri: string;
    /** The revision the client holds; the answer is then a diff from it when the server still knows it. */
    since?: number;
  }
  /** `null` when the document is not (or not yet) an Autopilot CSV document the server knows. */
  export type Result = DeviceTable | null;
}

/** A cell or finding in a row: `[startLine, startCharacter, endLine, endCharacter]`, lines relative to the row's. */
export type RowSpan = [number, number, number, number];
/** A finding outside every device row (header, file, empty or sample rows): lines absolute. */
export type FileSpan = RowSpan;

export interface TableProblem {
  code: string;
  severity: Severity;
  message: string;
  span: RowSpan;
}

/** What the row's hardware hash says (decoded by the validation, never sent itself: 4,000 characters a row). */
export interface HashSummary {
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  /** The decoder could read the hash's records. */
  readable: boolean;
  hasTpm: boolean;
  /** Why the hash looks like a virtual machine's (`manufacturer QEMU`); empty on physical devices. */
  virtualMachine: readonly string[];
}

export interface TableRow {
  /** 0-based file line of the row. */
  line: number;
  /** The trimmed cell values by column role (absent: the file has no such column, or the row no such cell). */
  values: Partial<Record<ColumnRole, string>>;
  /** Where each present cell's value is (inside its quotes): to reveal it, and to replace it. */
  cells: Partial<Record<ColumnRole, RowSpan>>;
  /** Where the row's content ends, and how many cells it has: a value for a missing cell is appended there. */
  end: [number, number];
  cellCount: number;
  hash?: HashSummary;
  problems: TableProblem[];
}

export interface DeviceTable {
  /** Identifies this answer; pass it as `since` to get only what changed next time. */
  revision: number;
  /** The document version the rows are of. */
  version: number;
  format: FormatId | null;
  /** The format's name for people (`Intune`). */
  formatLabel: string;
  /** Column index of each role in the header: where a missing cell goes. */
  columns: Partial<Record<ColumnRole, number>>;
  delimiter: string;
  /** Problems outside every device row. */
  fileProblems: { code: string; severity: Severity; message: string; span: FileSpan }[];
  /** Every row, or the changes since `base`. */
  update: { kind: 'full'; rows: TableRow[] } | { kind: 'diff'; base: number; ops: TableOp[] };
}

/**
 * One step of a diff, applied in order with a cursor over the old rows: keep `keep` rows (moving them `shift` lines),
 * drop `remove` rows, or put in new `insert` rows. A row whose content changed is removed and inserted again.
 */
export type TableOp = { keep: number; shift: number } | { remove: number } | { insert: TableRow[] };

/** The safe fix of every problem in the given rows that has one: the quick fixes' preferred edits, in one edit. */
export namespace RowFixesRequest {
  export const method = 'autopilot/rowFixes';
  export interface Params {
    uri: string;
    /** 0-based lines of the rows. */
    lines: number[];
  }
  export interface Result {
    /** The document version the edits apply to. */
    version: number;
    edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
    /** Problems fixed by the edits, and problems in the rows without an automatic fix. */
    fixed: number;
    unfixable: number;
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
  uploadToIntune: 'autopilot.uploadToIntune',
  fixAll: 'autopilot.fixAll',
  openDeviceTable: 'autopilot.openDeviceTable',
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
