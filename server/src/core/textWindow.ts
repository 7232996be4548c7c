// Rows read from a stretch of a text in pieces (ChunkedText): what the incremental engine reads around an edit
// instead of the whole text. A row read from a window is the row read from the whole text, or the window says it
// cannot tell.
import type { ChunkedText } from './chunkedText';
import { RowReader, type Row } from './csv';

const CR = 13;
/** Characters a window keeps before its first row: the line break a "delete the row" fix may take. */
export const BEFORE_ROW = 2;

/** A string holding rows' text: the character at offset `o` of the whole text is `text[o - base]`. */
export interface Source {
  text: string;
  base: number;
}

/**
 * Rows read from a stretch of the text: from a row start, `size` characters (and the line break before it, for the
 * rows' "delete the row" fixes). Offsets in and out are whole-text offsets.
 */
export class TextWindow {
  readonly source: Source;
  private readonly reader: RowReader;
  private readonly reachesEnd: boolean;
  /** Whether the last row read has a cell that opens a quote nothing closes. */
  openQuote = false;

  constructor(
    text: ChunkedText,
    delimiter: string,
    from: number,
    readonly size: number,
  ) {
    const base = Math.max(0, from - BEFORE_ROW);
    const end = Math.min(text.length, from + size);
    this.source = { text: text.slice(base, end), base };
    this.reachesEnd = end === text.length;
    this.reader = new RowReader(this.source.text, delimiter);
  }

  /**
   * The row starting at `position`, or undefined when the window cannot tell it: the row has no line break in the
   * window, ends with a CR whose LF may follow, or opens a quote that a quote after the window may close.
   */
  read(position: number, line: number): Row | undefined {
    const { text, base } = this.source;
    const row = this.reader.read(position - base, line);
    this.openQuote = this.reader.lastRowHasOpenQuote;
    if (!this.reachesEnd) {
      if (this.openQuote || row.next === row.end) return undefined;
      if (row.next === text.length && text.charCodeAt(row.next - 1) === CR) return undefined;
    }
    return base === 0 ? row : moved(row, base);
  }
}

function moved(row: Row, delta: number): Row {
  return {
    line: row.line,
    lastLine: row.lastLine,
    start: row.start + delta,
    end: row.end + delta,
    next: row.next + delta,
    cells: row.cells.map((cell) => ({ start: cell.start + delta, end: cell.end + delta, quoted: cell.quoted })),
  };
}
