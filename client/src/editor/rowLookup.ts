// Where the cursor is among the server's device rows (RowSummariesRequest): which hash cells it is in, which device
// and column it is on. Plain functions over the protocol's data, so they are tested without an editor.
import { tokenize } from '../../../server/src/core/csv';
import type { RowSummariesRequest } from '../../../server/src/protocol/extensionProtocol';

/** 0-based line and UTF-16 character: what VS Code positions are. */
export interface Position {
  line: number;
  character: number;
}

export interface SelectionEnds {
  anchor: Position;
  active: Position;
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** The index of the last row that starts on `line` or before; -1 when none does (rows are in file order). */
function rowAtOrBefore(rows: readonly RowSummariesRequest.Row[], line: number): number {
  let low = 0;
  let high = rows.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((rows[mid]?.line ?? 0) <= line) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Where a row's hash cell starts and ends. */
export function hashCellRange(row: RowSummariesRequest.Row): { start: Position; end: Position } | undefined {
  const hash = row.hash;
  if (!hash) return undefined;
  return {
    start: { line: hash.startLine ?? row.line, character: hash.start },
    end: { line: hash.endLine ?? row.line, character: hash.end },
  };
}

/** The index of the row whose hash cell holds `position`, both ends included; -1 when none does. */
export function hashCellAt(rows: readonly RowSummariesRequest.Row[], position: Position): number {
  const index = rowAtOrBefore(rows, position.line);
  const row = rows[index];
  const cell = row && hashCellRange(row);
  return cell && compare(cell.start, position) <= 0 && compare(position, cell.end) <= 0 ? index : -1;
}

/**
 * The rows whose hash cell shows in full: a selection starts or ends in it (the caret cannot be drawn inside hidden
 * text, and a click on a label puts it at the cell's end), or the user expanded the row's cell (`expandedLine`).
 * A selection that runs over whole cells (Ctrl+A) leaves them collapsed: copying still copies their text.
 */
export function expandedRows(
  rows: readonly RowSummariesRequest.Row[],
  selections: readonly SelectionEnds[],
  expandedLine?: number,
): Set<number> {
  const expanded = new Set<number>();
  for (const selection of selections) {
    for (const end of [selection.anchor, selection.active]) {
      const index = hashCellAt(rows, end);
      if (index >= 0) expanded.add(index);
    }
  }
  if (expandedLine !== undefined) {
    const index = rowAtOrBefore(rows, expandedLine);
    if (index >= 0 && rows[index]?.line === expandedLine) expanded.add(index);
  }
  return expanded;
}

/**
 * Whether the collapsed cells of `before` still stand where `after` puts them once VS Code has moved them along with
 * edits inside lines: the same rows on the same lines, each hash cell as long as before with the same label. A cell
 * that only moved sideways (a character typed in the serial before it) needs no new decoration: VS Code moved it.
 * Only valid when no edit since `before` added or removed a line (the caller knows the edits).
 */
export function sameCollapsedCells(before: RowSummariesRequest.Result, after: RowSummariesRequest.Result): boolean {
  if (before.rows.length !== after.rows.length) return false;
  for (let index = 0; index < after.rows.length; index++) {
    const old = before.rows[index];
    const now = after.rows[index];
    if (!old || !now || old.line !== now.line || !old.hash !== !now.hash) return false;
    if (!old.hash || !now.hash) continue;
    if (old.hash.end - old.hash.start !== now.hash.end - now.hash.start) return false;
    if (old.hash.startLine !== now.hash.startLine || old.hash.endLine !== now.hash.endLine) return false;
    if (old.hash.startLine !== undefined && old.hash.start !== now.hash.start) return false;
    const oldSummary = before.summaries[old.hash.summary];
    const newSummary = after.summaries[now.hash.summary];
    if (oldSummary?.label !== newSummary?.label || oldSummary?.verdict !== newSummary?.verdict) return false;
  }
  return true;
}

/** The status bar's words, in the display language (cursorStatus.ts). */
export interface CursorWords {
  emptyLine: string;
  /** A column the header does not name, by its 1-based number. */
  unnamedColumn(column: number): string;
  header(column: string): string;
  device(column: string, device: number, devices: number): string;
  notDevice(column: string): string;
}

/**
 * `Group Tag · device 3 of 500`: the column and the device under the cursor, for the status bar. The column's name
 * is the file's own header cell.
 */
export function cursorDescription(result: RowSummariesRequest.Result, position: Position, lineText: string, words: CursorWords): string {
  if (lineText.trim() === '') return words.emptyLine;
  const cells = tokenize(lineText, result.delimiter).rows[0]?.cells ?? [];
  const cellIndex = Math.max(
    0,
    cells.findIndex((cell) => cell.start <= position.character && position.character <= cell.end),
  );
  const column = result.columns[cellIndex] || words.unnamedColumn(cellIndex + 1);
  if (position.line === 0) return words.header(column);
  const index = rowAtOrBefore(result.rows, position.line);
  const device = result.rows[index]?.line === position.line ? index + 1 : 0;
  return device > 0 ? words.device(column, device, result.rows.length) : words.notDevice(column);
}
