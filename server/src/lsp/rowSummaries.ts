// The device rows of a document with their hash summaries (RowSummariesRequest): what the editor shows in place of
// each hash cell and what names the device under the cursor.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FORMATS } from '../core/formats';
import { summarizeHash } from '../core/hashSummary';
import type { CancellationFlag } from '../core/types';
import type { Validation } from '../core/validate';
import type { RowSummariesRequest } from '../protocol/extensionProtocol';

export function rowSummaries(document: TextDocument, validation: Validation, token?: CancellationFlag): RowSummariesRequest.Result {
  const { sheet } = validation;
  const formatColumns = sheet.format ? FORMATS[sheet.format].columns : [];
  const columns = sheet.headerCells.map(
    (headerCell) => formatColumns.find((column) => column.role === headerCell.role)?.name ?? headerCell.value.trim(),
  );
  const rows: RowSummariesRequest.Row[] = [];
  for (let index = 0; index < validation.devices.length; index++) {
    if ((index & 1023) === 0 && token?.isCancellationRequested) break;
    const device = validation.devices[index];
    if (!device) continue;
    const row: RowSummariesRequest.Row = { line: device.row.line };
    const cell = device.cells.hash;
    if (device.hash && cell) {
      row.hash = { start: document.positionAt(cell.start), end: document.positionAt(cell.end), summary: summarizeHash(device.hash) };
    }
    rows.push(row);
  }
  return { version: document.version, format: sheet.format ?? null, delimiter: sheet.delimiter, columns, rows };
}
