// A lenient CSV tokenizer that keeps every cell's offsets. It never throws: quotes follow RFC 4180 when they
// are well formed, and a quote that is never closed is read as a literal character so one stray quote cannot
// swallow the rest of the file. Hot path for 50,000-row files: lines and separators are found with indexOf.

export interface Cell {
  /** Offset of the cell's first character (the opening quote, for quoted cells). */
  start: number;
  /** Offset just past the cell's last character (the closing quote, for quoted cells). */
  end: number;
  quoted: boolean;
}

export interface Row {
  /** 0-based line on which the row starts. */
  line: number;
  /** 0-based line on which the row ends (differs from `line` only when a quoted cell spans lines). */
  lastLine: number;
  start: number;
  /** Offset just past the row's content, before its line break. */
  end: number;
  /** Offset where the next row starts (after the line break); equals `end` on the last line without one. */
  next: number;
  cells: Cell[];
}

export interface Table {
  text: string;
  delimiter: string;
  rows: Row[];
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

export function tokenize(text: string, delimiter = ','): Table {
  const rows: Row[] = [];
  const reader = new RowReader(text, delimiter);
  let position = 0;
  let line = 0;
  while (position < text.length) {
    const row = reader.read(position, line);
    rows.push(row);
    if (row.next === row.end) break;
    position = row.next;
    line = row.lastLine + 1;
  }
  return { text, delimiter, rows };
}

/**
 * Reads rows one at a time, so a caller can re-read a stretch of a file (the incremental engine re-reads only the
 * rows an edit touched). A row depends only on the text from its start onwards. Look-ahead positions are cached
 * across calls, so each search runs once per occurrence and reading stays linear; hence positions passed to
 * `read` must not decrease.
 */
export class RowReader {
  private nextQuote = -2;
  private nextLf = -2;
  private nextCr = -2;
  private nextDelimiter = -2;
  /**
   * Whether the last row read has a cell that opens a quote no quote closes (read as a literal character).
   * Such a row depends on all the text after it: a quote added anywhere later closes it.
   */
  lastRowHasOpenQuote = false;

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
  ) {}

  private find(cached: number, char: string, from: number): number {
    return cached === -1 || (cached >= from && cached !== -2) ? cached : this.text.indexOf(char, from);
  }

  /** The row starting at `position` (a row start, before the end of the text) on 0-based line `line`. */
  read(position: number, line: number): Row {
    const { text, delimiter } = this;
    const length = text.length;
    const delimiterCode = delimiter.charCodeAt(0);
    const rowStart = position;
    const rowLine = line;
    const cells: Cell[] = [];
    let rowEnd = -1;
    let next = length;
    this.lastRowHasOpenQuote = false;
    for (;;) {
      const cellStart = position;
      this.nextQuote = this.find(this.nextQuote, '"', position);
      if (this.nextQuote === cellStart) {
        const closing = findClosingQuote(text, cellStart + 1);
        if (closing !== -1) {
          line += countLineBreaks(text, cellStart, closing);
          // Characters after the closing quote (malformed) stay part of this cell, up to the next separator.
          position = closing + 1;
          this.nextQuote = -2;
          this.nextLf = -2;
          this.nextCr = -2;
          this.nextDelimiter = -2;
        } else {
          this.nextQuote = text.indexOf('"', cellStart + 1);
          this.lastRowHasOpenQuote = true;
        }
      }
      this.nextLf = this.find(this.nextLf, '\n', position);
      this.nextCr = this.find(this.nextCr, '\r', position);
      this.nextDelimiter = this.find(this.nextDelimiter, delimiter, position);
      const lineBreak = minPositive(this.nextLf, this.nextCr);
      const cellEnd = minPositive(lineBreak, this.nextDelimiter);
      const end = cellEnd === -1 ? length : cellEnd;
      cells.push({ start: cellStart, end, quoted: text.charCodeAt(cellStart) === QUOTE && end > cellStart });
      if (cellEnd !== -1 && cellEnd === this.nextDelimiter && text.charCodeAt(cellEnd) === delimiterCode) {
        position = cellEnd + 1;
        continue;
      }
      rowEnd = end;
      if (cellEnd === -1) {
        next = length;
      } else if (text.charCodeAt(cellEnd) === CR && text.charCodeAt(cellEnd + 1) === LF) {
        next = cellEnd + 2;
      } else {
        next = cellEnd + 1;
      }
      break;
    }
    return { line: rowLine, lastLine: line, start: rowStart, end: rowEnd, next, cells };
  }
}

function minPositive(a: number, b: number): number {
  if (a === -1) return b;
  if (b === -1) return a;
  return a < b ? a : b;
}

/** The offset of the quote that closes a quoted cell whose content starts at `from`; `""` is an escaped quote. */
function findClosingQuote(text: string, from: number): number {
  let position = from;
  for (;;) {
    const quote = text.indexOf('"', position);
    if (quote === -1) return -1;
    if (text.charCodeAt(quote + 1) === QUOTE) {
      position = quote + 2;
      continue;
    }
    return quote;
  }
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

/** The cell's value: quotes removed and `""` unescaped for well-formed quoted cells, else the raw text. */
export function cellValue(text: string, cell: Cell): string {
  if (!cell.quoted) return text.slice(cell.start, cell.end);
  const closing = findClosingQuote(text, cell.start + 1);
  if (closing === -1 || closing >= cell.end) return text.slice(cell.start, cell.end);
  const inner = text.slice(cell.start + 1, closing).replace(/""/g, '"');
  return inner + text.slice(closing + 1, cell.end);
}

/** Start and end offsets of the value inside the cell (inside the quotes for quoted cells). */
export function valueSpan(text: string, cell: Cell): { start: number; end: number } {
  if (!cell.quoted) return { start: cell.start, end: cell.end };
  const closing = findClosingQuote(text, cell.start + 1);
  if (closing === -1 || closing >= cell.end) return { start: cell.start, end: cell.end };
  return { start: cell.start + 1, end: closing };
}
