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
    rows: DeviceRecord[];
  }
}

/**
 * Every device row of a document, with a summary of its hardware hash (whose device, intact or not) and where the
 * hash cell is: the editor shows the summary in place of the cell's 4,000 characters and names the column and the
 * device under the cursor; a device table can list the rows. Hashes are decoded by the server only, from the
 * validation the Problems panel shows. `null` when the server has no such Autopilot document.
 */
export namespace RowSummariesRequest {
  export const method = 'autopilot/rowSummaries';
  export interface Params {
    uri: string;
  }
  /** 0-based, in UTF-16 code units: an LSP position. */
  export interface Position {
    line: number;
    character: number;
  }
  export interface HashCell {
    start: Position;
    end: Position;
    summary: HashSummary;
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
    /** The device rows in file order: device N is `rows[N - 1]`. Empty and sample rows are not devices. */
    rows: Row[];
  }
}

/** Commands the server's code actions and code lenses ask the client to run. */
export const ClientCommands = {
  saveAsUtf8: 'autopilot.saveAsUtf8',
  splitFile: 'autopilot.splitFile',
  upload: 'autopilot.upload',
  fixAll: 'autopilot.fixAll',
} as const;

/** The configuration section the server reads per document. */
export const SETTINGS_SECTION = 'autopilot';

/** The kind of the fix-all source action (so `editor.codeActionsOnSave` can name it). */
export const FIX_ALL_KIND = 'source.fixAll.autopilot-csv';

export const SOURCE = 'autopilot-csv';
export const LANGUAGE_ID = 'autopilot-csv';
