// Every word the device table's page shows or says (text, titles, ARIA labels), in the display language. A webview
// cannot call vscode.l10n: the extension translates these (client/src/deviceTable/tableTranslations.ts) and hands
// them to the page in its HTML (`data-page` on #app), so the page writes no English of its own. `{0}` marks where a
// value goes; a message with a count comes in two forms, for one and for more.
import type { TableProblem } from '../../../server/src/protocol/extensionProtocol';
import type { UploadStatus } from './tableMessages';
import type { CellValueProblem, ColumnId } from './tableModel';

/** A message for one (`one`) and for any other count (`other`, `{0}` the count). */
export interface CountMessage {
  one: string;
  other: string;
}

export interface TableStrings {
  columns: Record<ColumnId, string>;
  uploadStatus: Record<UploadStatus, string>;
  severity: Record<TableProblem['severity'], string>;
  actions: { setGroupTag: string; deleteRows: string; applyFixes: string };
  invalidValue: Record<CellValueProblem, string>;
  yes: string;
  no: string;

  filterPlaceholder: string;
  filterLabel: string;
  onlyProblems: string;
  ruleFilterLabel: string;
  allRules: string;
  actionsLabel: string;
  gridLabel: string;
  detailsLabel: string;

  openInTextEditor: string;
  loadingHeading: string;
  loadingText: string;
  emptyHeading: string;
  /** `{0}`: a header line, as the file would hold it (not translated). */
  emptyText: string;
  notAutopilotHeading: string;
  /** `{0}`: Autopilot column names (not translated). */
  notAutopilotText: string;
  errorHeading: string;
  errorText: string;

  noDeviceRows: string;
  noMatch: string;
  sortedAscending: string;
  sortedDescending: string;
  /** `{0}`: a column's label. */
  noSuchColumn: string;
  /** `{0}`: a column's label, `{1}`: a line number. */
  editLabel: string;
  /** `{0}`: the cell's value, `{1}`: the hash's. */
  differsTitle: string;
  differsLabel: string;
  fromHash: string;
  hashUnreadable: string;
  /** `{0}` problems, `{1}` their severities and codes. */
  problemsLabel: CountMessage;
  /** `{0}`: the result's word, `{1}`: what it means. */
  uploadLabel: string;
  /** `{0}`: the format's name (`Intune`). */
  format: string;
  devices: CountMessage;
  /** `{0}` shown of `{1}` devices. */
  devicesShown: CountMessage;
  selected: string;
  fileProblems: CountMessage;
  moreFileProblems: string;
  /** `{0}` severity, `{1}` code, `{2}` message, `{3}` line. */
  problemLabel: string;
  showLine: string;
  /** `{0}` line, `{1}` serial number. */
  detailsHeading: string;
  noSerialNumber: string;
  hashManufacturer: string;
  hashModel: string;
  hashSerialNumber: string;
  hashTpm: string;
  hashNoTpm: string;
  hashVirtualMachine: string;
  /** `{0}`: what the hash says. */
  hashSays: string;
  hashSaysPartly: string;
  hashNothingReadable: string;
  noHash: string;
  problemsOfLine: string;
  noProblems: string;
  selectFirst: string;
  /** `{0}`: the format's name. */
  noGroupTagColumn: string;
}

/** What the extension puts into the page's HTML. */
export interface PageData {
  /** VS Code's display language (`de`, `en`): numbers are written the way it writes them. */
  language: string;
  strings: TableStrings;
}

/** The message with `{0}`, `{1}`… replaced by the values. */
export function format(message: string, ...values: readonly (string | number)[]): string {
  return message.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const value = values[Number(index)];
    return value === undefined ? placeholder : String(value);
  });
}
