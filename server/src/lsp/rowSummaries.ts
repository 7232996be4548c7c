// The device rows of a document with their hash summaries (RowSummariesRequest): what the editor shows in place of
// each hash cell and what names the device under the cursor. Asked for again after edits, so each decoded hash is
// summarized once: the engine keeps the decoded hashes of the rows an edit did not touch.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FORMATS } from '../core/formats';
import type { DecodedHash } from '../core/hashDecoder';
import { summarizeHash, type HashSummary } from '../core/hashSummary';
import type { CancellationFlag } from '../core/types';
import type { Validation } from '../core/validate';
import type { RowSummariesRequest } from '../protocol/extensionProtocol';

/** Owned by the server: summaries by decoded hash, dropped with the hashes no validation keeps. */
export class RowSummaries {
  private readonly summaries = new WeakMap<DecodedHash, { summary: HashSummary; key: string }>();

  of(document: TextDocument, validation: Validation, token?: CancellationFlag): RowSummariesRequest.Result {
    const { sheet } = validation;
    const formatColumns = sheet.format ? FORMATS[sheet.format].columns : [];
    const columns = sheet.headerCells.map(
      (headerCell) => formatColumns.find((column) => column.role === headerCell.role)?.name ?? headerCell.value.trim(),
    );
    const distinct: HashSummary[] = [];
    const indexes = new Map<string, number>();
    const rows: RowSummariesRequest.Row[] = [];
    for (let index = 0; index < validation.devices.length; index++) {
      if ((index & 1023) === 0 && token?.isCancellationRequested) break;
      const device = validation.devices[index];
      if (!device) continue;
      const row: RowSummariesRequest.Row = { line: device.row.line };
      const cell = device.cells.hash;
      if (device.hash && cell) {
        const { summary, key } = this.summaryOf(device.hash);
        // Equal summaries of different hashes (one model, one verdict) are sent once.
        let summaryIndex = indexes.get(key);
        if (summaryIndex === undefined) {
          summaryIndex = distinct.push(summary) - 1;
          indexes.set(key, summaryIndex);
        }
        row.hash =
          device.row.lastLine === device.row.line
            ? { start: cell.start - device.row.start, end: cell.end - device.row.start, summary: summaryIndex }
            : cellOverLines(document, cell.start, cell.end, summaryIndex);
      }
      rows.push(row);
    }
    return { version: document.version, format: sheet.format ?? null, delimiter: sheet.delimiter, columns, summaries: distinct, rows };
  }

  private summaryOf(hash: DecodedHash): { summary: HashSummary; key: string } {
    let known = this.summaries.get(hash);
    if (!known) {
      const summary = summarizeHash(hash);
      known = { summary, key: [summary.label, summary.status, summary.manufacturer, summary.model].join('\u0000') };
      this.summaries.set(hash, known);
    }
    return known;
  }
}

/** A cell of a row that spans lines (a quoted value with a line break): with its lines. */
function cellOverLines(document: TextDocument, start: number, end: number, summary: number): RowSummariesRequest.HashCell {
  const startPosition = document.positionAt(start);
  const endPosition = document.positionAt(end);
  return { start: startPosition.character, end: endPosition.character, startLine: startPosition.line, endLine: endPosition.line, summary };
}
