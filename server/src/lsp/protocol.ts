// Messages between the VS Code client and the server beyond standard LSP. The client imports these with
// `import type` or plain constants only, so no server code is bundled into the client.
import type { Encoding } from '../core/types';

/** Sent by the client when a document opens: the encoding VS Code decoded it with (the text has no BOM). */
export namespace DocumentEncodingNotification {
  export const method = 'autopilot/documentEncoding';
  export interface Params {
    uri: string;
    encoding: Encoding;
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
