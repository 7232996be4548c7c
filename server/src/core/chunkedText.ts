// A text kept as a list of pieces of about 64 K characters, for the language server's documents: an edit makes a
// new string of one piece, not of the whole text. With one string per version, every keystroke in a 20 MB file made
// V8 copy all of it into a fresh flat string (a read of the joined string flattens it) — 7 ms on a quiet machine,
// 50-200 ms on a busy one, and the largest part of an edit. Reading a few rows around an edit reads one or two
// pieces; the whole text is joined only when something asks for it, once per version.

/** Characters per piece: pieces stay between a sixteenth and twice this, so reading a row touches one or two. */
const PIECE = 1 << 16;

export class ChunkedText {
  /** Offset of each piece in the text. */
  private readonly starts: number[];
  private whole: string | undefined;
  /** The piece the last read was in: reads near each other (a row, a line end) find it at once. */
  private lastPiece = 0;
  readonly length: number;

  private constructor(
    private readonly pieces: readonly string[],
    whole?: string,
  ) {
    const starts: number[] = new Array<number>(pieces.length);
    let offset = 0;
    for (let index = 0; index < pieces.length; index++) {
      starts[index] = offset;
      offset += (pieces[index] as string).length;
    }
    this.starts = starts;
    this.length = offset;
    this.whole = whole;
  }

  /** The text in pieces that share its memory (substrings of it). */
  static of(text: string): ChunkedText {
    return new ChunkedText(cut(text), text);
  }

  /** The whole text as one string (joined once, then kept). */
  toString(): string {
    this.whole ??= this.pieces.join('');
    return this.whole;
  }

  /** Like String#charCodeAt: NaN outside the text. */
  charCodeAt(offset: number): number {
    if (this.whole !== undefined) return this.whole.charCodeAt(offset);
    if (!(offset >= 0 && offset < this.length)) return Number.NaN;
    const index = this.pieceAt(offset);
    return (this.pieces[index] as string).charCodeAt(offset - (this.starts[index] as number));
  }

  /** The text from `start` to `end` (clamped to the text), like String#slice with 0 <= start. */
  slice(start: number, end = this.length): string {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (this.whole !== undefined) return this.whole.slice(from, to);
    if (from === to) return '';
    let index = this.pieceAt(from);
    const first = this.pieces[index] as string;
    const firstStart = this.starts[index] as number;
    if (to <= firstStart + first.length) return first.slice(from - firstStart, to - firstStart);
    const parts = [first.slice(from - firstStart)];
    for (index++; index < this.pieces.length; index++) {
      const piece = this.pieces[index] as string;
      const pieceStart = this.starts[index] as number;
      if (to <= pieceStart + piece.length) {
        parts.push(piece.slice(0, to - pieceStart));
        break;
      }
      parts.push(piece);
    }
    return parts.join('');
  }

  /** The text with the characters from `start` to `end` replaced by `newText`; this one is left as it is. */
  edit(start: number, end: number, newText: string): ChunkedText {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    if (this.pieces.length === 0) return ChunkedText.of(newText);
    const first = this.pieceAt(from);
    // The piece the edit ends in; an edit ending at the end of a piece ends in that piece.
    const last = to === from ? first : this.pieceAt(to - 1);
    const firstPiece = this.pieces[first] as string;
    const lastPiece = this.pieces[last] as string;
    let middle = firstPiece.slice(0, from - (this.starts[first] as number)) + newText + lastPiece.slice(to - (this.starts[last] as number));
    let after = last + 1;
    // A piece made small by deletions joins the next one, so the pieces do not crumble.
    if (middle.length < PIECE / 16 && after < this.pieces.length) middle += this.pieces[after++] as string;
    const pieces = this.pieces.slice(0, first);
    for (const piece of middle.length > 2 * PIECE ? cut(middle) : [middle]) if (piece.length > 0) pieces.push(piece);
    for (let index = after; index < this.pieces.length; index++) pieces.push(this.pieces[index] as string);
    return new ChunkedText(pieces);
  }

  /** Index of the piece holding `offset` (0 <= offset < length). */
  private pieceAt(offset: number): number {
    const starts = this.starts;
    const guess = this.lastPiece;
    if (
      guess < starts.length &&
      (starts[guess] as number) <= offset &&
      offset < (starts[guess] as number) + (this.pieces[guess] as string).length
    )
      return guess;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    this.lastPiece = low;
    return low;
  }
}

/** `text` in pieces of PIECE characters (substrings: they share the text's memory). */
function cut(text: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += PIECE) pieces.push(text.slice(start, start + PIECE));
  return pieces;
}
