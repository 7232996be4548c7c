// Offset <-> (line, character) for a text, with 0-based lines; CRLF, LF and lone CR all end a line.
// Line starts are found lazily, only as far as the offsets asked for, with indexOf (a native scan): the CLI maps
// a handful of findings in a 200 MB file and must not pay a per-character loop over all of it.

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly lineStarts: number[] = [0];
  /** Line breaks before this offset are all in `lineStarts`. */
  private scanned = 0;
  /** Cached look-ahead positions of the next CR and LF at or after `scanned` (-1: none left; -2: unknown). */
  private nextCr = -2;
  private nextLf = -2;

  constructor(private readonly text: string) {}

  get lineCount(): number {
    this.scanTo(this.text.length);
    return this.lineStarts.length;
  }

  lineStart(line: number): number {
    if (line >= this.lineStarts.length) this.scanToLine(line);
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))] ?? 0;
  }

  positionAt(offset: number): Position {
    this.scanTo(offset);
    return positionAmong(this.lineStarts, offset);
  }

  /** The offsets at which lines start, up to and including `offset` (the first is 0). */
  lineStartsThrough(offset: number): number[] {
    this.scanTo(offset);
    return this.lineStarts.filter((start) => start <= offset);
  }

  offsetAt(position: Position): number {
    return this.lineStart(position.line) + position.character;
  }

  /** Records every line that starts at or before `offset`. */
  private scanTo(offset: number): void {
    while (this.scanned <= offset && this.scanned < this.text.length) {
      if (!this.nextBreak()) return;
    }
  }

  private scanToLine(line: number): void {
    while (this.lineStarts.length <= line && this.scanned < this.text.length) {
      if (!this.nextBreak()) return;
    }
  }

  /** Finds the next line break after `scanned`; false when there is none. */
  private nextBreak(): boolean {
    const { text } = this;
    if (this.nextCr === -2 || (this.nextCr !== -1 && this.nextCr < this.scanned)) this.nextCr = text.indexOf('\r', this.scanned);
    if (this.nextLf === -2 || (this.nextLf !== -1 && this.nextLf < this.scanned)) this.nextLf = text.indexOf('\n', this.scanned);
    const cr = this.nextCr;
    const lf = this.nextLf;
    if (cr === -1 && lf === -1) {
      this.scanned = text.length;
      return false;
    }
    let start: number;
    if (cr !== -1 && (lf === -1 || cr < lf)) start = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
    else start = lf + 1;
    this.lineStarts.push(start);
    this.scanned = start;
    return true;
  }
}

/** The position of `offset` given the offsets at which lines start (ascending, the first 0). */
export function positionAmong(lineStarts: readonly number[], offset: number): Position {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - (lineStarts[low] ?? 0) };
}
