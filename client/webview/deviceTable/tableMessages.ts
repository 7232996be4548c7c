// The messages between the device table's page (this folder, in the webview) and its editor provider in the
// extension host (client/src/deviceTable/). Plain data: positions are 0-based lines and UTF-16 characters.
import type { DeviceTable } from '../../../server/src/protocol/extensionProtocol';

/** A range in the document: `[startLine, startCharacter, endLine, endCharacter]`. */
export type DocumentSpan = [number, number, number, number];

/** Where a new cell value goes: over the old value, or appended to a row that lacks the cell. */
export type EditTarget = { kind: 'replace'; span: DocumentSpan } | { kind: 'append'; at: [number, number]; prefix: string };

export type EditableRole = 'serial' | 'productId' | 'groupTag';

export interface CellEdit {
  line: number;
  role: EditableRole;
  target: EditTarget;
  /** The value the table showed: the edit is refused when the document no longer holds it there. */
  oldValue: string;
  newValue: string;
}

/** The upload's verdict on a device (the upload engine's statuses, server/src/cloud/uploadEngine.ts). */
export type UploadStatus = 'registered' | 'already-registered' | 'tag-not-applied' | 'rejected' | 'pending' | 'not-sent' | 'unknown';

/** The last upload's result for the row on `line`. */
export interface RowUploadResult {
  line: number;
  status: UploadStatus;
  message: string;
}

export type TableAction = 'setGroupTag' | 'deleteRows' | 'applyFixes';

export type HostMessage =
  | { type: 'table'; table: DeviceTable }
  /** No table to show, and why. */
  | { type: 'state'; state: 'loading' | 'empty' | 'not-autopilot' | 'error'; message?: string }
  | { type: 'uploadResults'; results: RowUploadResult[] }
  /** Run a selection action (from the Command Palette). */
  | { type: 'run'; action: TableAction }
  /** What an action did, for the status line (and screen readers). */
  | { type: 'notice'; text: string };

export type PageMessage =
  | { type: 'ready' }
  /** Show `span` (or the row) in the text editor; `focus` moves the keyboard there too. */
  | { type: 'reveal'; line: number; span?: DocumentSpan; focus: boolean }
  | { type: 'edit'; version: number; edits: CellEdit[] }
  | { type: 'setGroupTag'; version: number; targets: Omit<CellEdit, 'newValue' | 'role'>[]; tags: string[] }
  | { type: 'deleteRows'; version: number; rows: { line: number; lastLine: number }[] }
  | { type: 'applyFixes'; lines: number[] }
  | { type: 'selection'; count: number }
  | { type: 'openText' };
