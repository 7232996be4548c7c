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
  const length = text.length;
  const delimiterCode = delimiter.charCodeAt(0);
  // Cached look-ahead positions: each search runs once per occurrence, so scanning stays linear.
  let nextQuote = -2;
  let nextLf = -2;
  let nextCr = -2;
  let nextDelimiter = -2;
  const find = (cached: number, char: string, from: number): number =>
    cached === -1 || (cached >= from && cached !== -2) ? cached : text.indexOf(char, from);

  let position = 0;
  let line = 0;
  while (position < length || (position === length && rows.length === 0 && length > 0)) {
    const rowStart = position;
    const rowLine = line;
    const cells: Cell[] = [];
    let rowEnd = -1;
    let next = length;
    for (;;) {
      const cellStart = position;
      nextQuote = find(nextQuote, '"', position);
      if (nextQuote === cellStart) {
        const closing = findClosingQuote(text, cellStart + 1);
        if (closing !== -1) {
          line += countLineBreaks(text, cellStart, closing);
          // Characters after the closing quote (malformed) stay part of this cell, up to the next separator.
          position = closing + 1;
          nextQuote = -2;
          nextLf = -2;
          nextCr = -2;
          nextDelimiter = -2;
        } else {
          nextQuote = text.indexOf('"', cellStart + 1);
        }
      }
      nextLf = find(nextLf, '\n', position);
      nextCr = find(nextCr, '\r', position);
      nextDelimiter = find(nextDelimiter, delimiter, position);
      const lineBreak = minPositive(nextLf, nextCr);
      const cellEnd = minPositive(lineBreak, nextDelimiter);
      const end = cellEnd === -1 ? length : cellEnd;
      cells.push({ start: cellStart, end, quoted: text.charCodeAt(cellStart) === QUOTE && end > cellStart });
      if (cellEnd !== -1 && cellEnd === nextDelimiter && text.charCodeAt(cellEnd) === delimiterCode) {
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
    rows.push({ line: rowLine, lastLine: line, start: rowStart, end: rowEnd, next, cells });
    if (next === rowEnd) break;
    position = next;
    line++;
  }
  return { text, delimiter, rows };
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
