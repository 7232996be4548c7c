// The server's text documents: the behaviour of vscode-languageserver-textdocument's, plus what 200 MB files need.
// - Line starts are found with indexOf (a native scan): the library's per-character loop takes 300-600 ms on a
//   50,000-row file, and the first hover or diagnostic would wait for it.
// - Each version keeps the edits that produced it (offsets in the text before the edit), so the incremental
//   engine re-checks only what changed instead of comparing 200 MB of text.
// - The text is kept in pieces (ChunkedText): a keystroke makes a new piece, not a new copy of the whole text, and
//   the whole text is joined only when something asks for it (getText()).
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import { ChunkedText } from '../core/chunkedText';
import type { TextEdit } from '../core/types';

const CR = 13;
const LF = 10;
/** Versions of edits kept: enough for a validation that fell behind while the user typed. */
const MAX_HISTORY = 64;

interface EditBatch {
  /** The version the edits apply to. */
  from: number;
  /** The version they produce. */
  to: number;
  edits: TextEdit[];
}

export class ServerTextDocument implements TextDocument {
  private lineOffsets: number[] | undefined;
  private history: EditBatch[] = [];
  private content: ChunkedText;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    text: string,
  ) {
    this.content = ChunkedText.of(text);
  }

  /** The current text in pieces (what the validation engine reads around an edit). */
  get text(): ChunkedText {
    return this.content;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  getText(range?: Range): string {
    if (!range) return this.content.toString();
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    return this.content.slice(Math.min(start, end), Math.max(start, end));
  }

  /**
   * The edits, in order, that turn the text of `version` into the current text; undefined when they are not known
   * (the text was replaced as a whole, or the version is too old).
   */
  editsSince(version: number): TextEdit[] | undefined {
    if (version === this.currentVersion) return [];
    const index = this.history.findIndex((batch) => batch.from === version);
    if (index === -1) return undefined;
    const edits: TextEdit[] = [];
    let expected = version;
    for (const batch of this.history.slice(index)) {
      if (batch.from !== expected) return undefined;
      for (const edit of batch.edits) edits.push(edit);
      expected = batch.to;
    }
    return expected === this.currentVersion ? edits : undefined;
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const edits: TextEdit[] = [];
    let replaced = false;
    for (const change of changes) {
      if (!('range' in change) || change.range === undefined) {
        this.content = ChunkedText.of(change.text);
        this.lineOffsets = undefined;
        replaced = true;
        edits.length = 0;
        continue;
      }
      const range = wellFormed(change.range);
      const start = this.offsetAt(range.start);
      const end = this.offsetAt(range.end);
      const old = this.content;
      const before = start > 0 ? old.charCodeAt(start - 1) : NaN;
      const firstNew = change.text.length > 0 ? change.text.charCodeAt(0) : old.charCodeAt(end);
      const lastNew = change.text.length > 0 ? change.text.charCodeAt(change.text.length - 1) : before;
      const after = old.charCodeAt(end);
      this.content = old.edit(start, end, change.text);
      edits.push({ start, end, newText: change.text });
      if (this.lineOffsets === undefined) continue;
      if ((before === CR && firstNew === LF) || (lastNew === CR && after === LF)) {
        // A CRLF pair across an edit boundary is not in the inserted text's line starts.
        this.lineOffsets = undefined;
        continue;
      }
      // A position past the last line means the end of the text (offsetAt), which is on the last line.
      const lastLine = this.lineOffsets.length - 1;
      const startLine = Math.min(Math.max(range.start.line, 0), lastLine);
      const endLine = Math.min(Math.max(range.end.line, 0), lastLine);
      this.lineOffsets = updateLineOffsets(this.lineOffsets, startLine, endLine, start, end, change.text);
    }
    if (replaced) this.history = [];
    else {
      this.history.push({ from: this.currentVersion, to: version, edits });
      if (this.history.length > MAX_HISTORY) this.history.shift();
    }
    this.currentVersion = version;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(Math.min(offset, this.content.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: clamped };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if ((lineOffsets[mid] as number) > clamped) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    const lineOffset = lineOffsets[line] as number;
    return { line, character: this.beforeLineBreak(clamped, lineOffset) - lineOffset };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.content.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line] as number;
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < lineOffsets.length ? (lineOffsets[position.line + 1] as number) : this.content.length;
    return this.beforeLineBreak(Math.min(lineOffset + position.character, nextLineOffset), lineOffset);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const lastLine = lineOffsets.length - 1;
      return {
        start: { line: lastLine, character: 0 },
        end: { line: lastLine, character: this.content.length - (lineOffsets[lastLine] as number) },
      };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const startOffset = lineOffsets[line] as number;
    const nextLineOffset = line + 1 < lineOffsets.length ? (lineOffsets[line + 1] as number) : this.content.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(nextLineOffset, startOffset) - startOffset } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length || line < 0) return '';
    const nextLineOffset = line + 1 < lineOffsets.length ? (lineOffsets[line + 1] as number) : this.content.length;
    return this.content.slice(this.beforeLineBreak(nextLineOffset, lineOffsets[line] as number), nextLineOffset);
  }

  private beforeLineBreak(offset: number, lineOffset: number): number {
    let result = offset;
    while (result > lineOffset && isLineBreak(this.content.charCodeAt(result - 1))) result--;
    return result;
  }

  private getLineOffsets(): number[] {
    this.lineOffsets ??= lineStarts(this.content.toString(), 0, true);
    return this.lineOffsets;
  }
}

/** What `new TextDocuments(...)` takes: documents are updated in place, like the library's. */
export const ServerTextDocuments: TextDocumentsConfiguration<ServerTextDocument> = {
  create: (uri, languageId, version, content) => new ServerTextDocument(uri, languageId, version, content),
  update(document, changes, version) {
    document.update(changes, version);
    return document;
  },
};

function isLineBreak(code: number): boolean {
  return code === CR || code === LF;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return { start: end, end: start };
  return range;
}

/** Offsets (plus `base`) where lines start after each line break of `text`; CRLF, LF and lone CR end a line. */
function lineStarts(text: string, base: number, atLineStart: boolean): number[] {
  const result = atLineStart ? [base] : [];
  let nextCr = text.indexOf('\r');
  let nextLf = text.indexOf('\n');
  while (nextCr !== -1 || nextLf !== -1) {
    let start: number;
    if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
      start = nextCr + 1 < text.length && text.charCodeAt(nextCr + 1) === LF ? nextCr + 2 : nextCr + 1;
    } else {
      start = nextLf + 1;
    }
    result.push(base + start);
    if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
    if (nextLf !== -1 && nextLf < start) nextLf = text.indexOf('\n', start);
  }
  return result;
}

/**
 * The library's incremental update of line starts for one edit (the edit does not split or join a CRLF), from the
 * lines the edit's offsets are on: the library takes the lines of the range as sent, and a range past the last line
 * left holes in its line starts (positions with `character: NaN`, `null` in JSON).
 */
function updateLineOffsets(offsets: number[], startLine: number, endLine: number, start: number, end: number, text: string): number[] {
  let lineOffsets = offsets;
  const added = lineStarts(text, start, false);
  if (endLine - startLine === added.length) {
    for (let index = 0; index < added.length; index++) lineOffsets[index + startLine + 1] = added[index] as number;
  } else if (added.length < 10000) {
    lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
  } else {
    // Too many arguments for one splice call.
    lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
  }
  const diff = text.length - (end - start);
  if (diff !== 0) {
    for (let index = startLine + 1 + added.length; index < lineOffsets.length; index++)
      lineOffsets[index] = (lineOffsets[index] as number) + diff;
  }
  return lineOffsets;
}
