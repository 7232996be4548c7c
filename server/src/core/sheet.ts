// The parsed file: its table, the detected format, and which cell of a row holds which column.
import { cellValue, tokenize, valueSpan, type Cell, type Row, type Table } from './csv';
import { detectFormat, FORMATS, matchHeaderName, type ColumnRole, type HeaderMatch } from './formats';
import type { Encoding, FormatId } from './types';

export interface HeaderCell {
  index: number;
  cell: Cell;
  value: string;
  match: HeaderMatch;
  /** The role this cell plays in the detected format, if the format takes the column. */
  role?: ColumnRole;
}

/** What reads a text by offsets: a string, or the incremental engine's text in pieces (chunkedText.ts). */
export interface TextSource {
  charCodeAt(offset: number): number;
  slice(start: number, end: number): string;
}

export interface Sheet {
  text: string;
  /**
   * The same text in pieces, when reading `text` would join it (the incremental engine's sheet of a 20 MB file, read
   * after every keystroke): what reads a few cells reads them from here, through `textSource`.
   */
  source?: TextSource;
  encoding: Encoding;
  table: Table;
  /** `,` unless the file is separated by `;` or tab (reported by the `delimiter` rule). */
  delimiter: string;
  header?: Row;
  headerCells: HeaderCell[];
  /** Undefined when the header names no known column. */
  format?: FormatId;
  /** Index of the header cell holding each column of the format. */
  columns: Partial<Record<ColumnRole, number>>;
  dataRows: Row[];
}

export function parseSheet(text: string, encoding: Encoding, forcedFormat?: FormatId): Sheet {
  return sheetFromTable(tokenize(text, detectDelimiter(text)), encoding, forcedFormat);
}

/** The sheet of an already tokenized table (tokenized with `detectDelimiter(table.text)`). */
export function sheetFromTable(table: Table, encoding: Encoding, forcedFormat?: FormatId): Sheet {
  const { text, delimiter } = table;
  const header = table.rows[0];
  const headerCells: HeaderCell[] = (header?.cells ?? []).map((cell, index) => {
    const value = cellValue(text, cell);
    return { index, cell, value, match: matchHeaderName(value.trim()) };
  });
  const format = forcedFormat ?? detectFormat(headerCells.map((headerCell) => headerCell.match));
  const columns: Partial<Record<ColumnRole, number>> = {};
  if (format) {
    const roles = new Set(FORMATS[format].columns.map((column) => column.role));
    for (const headerCell of headerCells) {
      const role = headerCell.match.known?.role;
      if (role && roles.has(role) && headerCell.match.known?.formats.includes(format) && columns[role] === undefined) {
        headerCell.role = role;
        columns[role] = headerCell.index;
      }
    }
    // A misspelled or differently named column still fills a role the format needs (e.g. `Serial_Number`).
    for (const headerCell of headerCells) {
      const role = headerCell.match.known?.role;
      if (role && roles.has(role) && headerCell.role === undefined && columns[role] === undefined) {
        headerCell.role = role;
        columns[role] = headerCell.index;
      }
    }
  }
  return {
    text,
    encoding,
    table,
    delimiter,
    header,
    headerCells,
    format,
    columns,
    dataRows: table.rows.slice(1),
  };
}

/** A header with no comma but a `;` or tab is a file saved with another separator (Excel in many locales). */
export function detectDelimiter(text: string): string {
  const lineEnd = text.search(/[\r\n]/);
  const firstLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes(';')) return ';';
  if (firstLine.includes('\t')) return '\t';
  return ',';
}

/** Is this an Autopilot file at all? Plain CSV files whose header names no Autopilot column are left alone. */
export function looksLikeAutopilot(sheet: Sheet): boolean {
  const known = sheet.headerCells.filter((headerCell) => headerCell.match.known || headerCell.match.kind === 'legacy-order-id');
  return known.length >= 2 || known.some((headerCell) => headerCell.match.known?.role === 'hash');
}

/** The sheet's text to read a few cells from, without joining it. */
export function textSource(sheet: Sheet): TextSource {
  return sheet.source ?? sheet.text;
}

/** A cell's value (unquoted), read through `textSource`. */
export function sheetCellValue(sheet: Sheet, cell: Cell): string {
  if (!sheet.source) return cellValue(sheet.text, cell);
  return cellValue(sheet.source.slice(cell.start, cell.end), inOwnText(cell));
}

/** Where a cell's value lies (inside its quotes), read through `textSource`. */
export function sheetValueSpan(sheet: Sheet, cell: Cell): { start: number; end: number } {
  if (!sheet.source) return valueSpan(sheet.text, cell);
  const span = valueSpan(sheet.source.slice(cell.start, cell.end), inOwnText(cell));
  return { start: cell.start + span.start, end: cell.start + span.end };
}

/** The cell in a text of its own characters: a cell ends at a separator, a line break or the end, never at a quote. */
function inOwnText(cell: Cell): Cell {
  return { ...cell, start: 0, end: cell.end - cell.start };
}
