// Validation of a text handed over in pieces: the CLI's check, which never holds a large file as one string.
// Building a 200 MB string costs more than reading the bytes (fresh memory for all of it), and it stays alive while
// the rows are checked; small pieces are garbage as soon as their rows are checked, and their memory is reused for
// the next piece. The rules are validate()'s, layer by layer (file-level on the header, per row,
// cross-row over the devices), so the findings are validate()'s (test/unit/piecewise.test.ts checks that on
// generated files cut at random), but without fixes: header fixes rewrite every row, and the rows are gone by the
// end. What a device keeps for the cross-row rules is copied out of its piece, and rows the cross-row rules read
// again come from `readText` (the CLI reads them from the file).
import { RowReader, type Row } from './csv';
import { LineIndex, positionAmong, type Position } from './lines';
import { detectDelimiter, sheetFromTable, type Sheet } from './sheet';
import { DeviceStore } from './deviceStore';
import type { Emit, FindingInit } from './rules/context';
import { isEmptyRow } from './rules/structure';
import { detached } from './text';
import type { Encoding, Finding, Settings } from './types';
import {
  checkAcrossRows,
  checkFileLevel,
  checkRow,
  createRuleContext,
  resolveSettings,
  sortFindings,
  toFindings,
  type ValidationContext,
  type ValidationInput,
} from './validate';

const CR = 13;

export class PiecewiseValidation {
  private readonly settings: Settings;
  private readonly encoding: Encoding;
  private readonly guessedUtf16: boolean;
  /** The text after the last row read: the start of a row that later text may still change. */
  private rest = '';
  /** Offset of `rest` in the whole text, and the line it starts on. */
  private offset = 0;
  private line = 0;
  /** Set by the header; its sheet's text is the text being read at the time. */
  private ctx: ValidationContext | undefined;
  private delimiter: string | undefined;
  /**
   * Pieces held back: a cell opened a quote that nothing has closed yet, so any later quote may close it and
   * change every row after it. Read at the end, as one text (what validate() does with such files).
   */
  private heldBack: string[] | undefined;
  private readonly raw: FindingInit[] = [];
  private readonly devices = new DeviceStore();
  private filledRows = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    input: Omit<ValidationInput, 'text'>,
    private readonly readText: (start: number, end: number) => string,
  ) {
    this.settings = resolveSettings(input.settings);
    this.encoding = input.encoding ?? 'utf8';
    this.guessedUtf16 = input.guessedUtf16 ?? false;
  }

  /** The next piece of the text; pieces may be cut anywhere. */
  push(piece: string): void {
    if (this.heldBack) this.heldBack.push(piece);
    else this.read(this.rest + piece, false);
  }

  /** The end of the text: reads what is left and runs the cross-row rules. Findings are in file order, without fixes. */
  finish(): Finding[] {
    const text = this.rest + (this.heldBack ?? []).join('');
    this.heldBack = undefined;
    this.read(text, true);
    const ctx = this.ctx ?? this.startSheet({ text: '', delimiter: ',', rows: [] });
    // No text: the cross-row rules read rows again through readText, and the fixes they make are dropped (keep).
    ctx.sheet = { ...ctx.sheet, text: '' };
    ctx.readText = this.readText;
    checkAcrossRows(ctx, this.filledRows, this.devices, (finding) => this.keep(finding, 0));
    return sortFindings(toFindings(this.raw, this.settings));
  }

  /** Line and character of an offset of the whole text (any offset of the text read so far). */
  positionAt(offset: number): Position {
    return positionAmong(this.lineStarts, offset);
  }

  /** Reads the rows of `text` (which starts at a row) that no later text can change; keeps the rest. */
  private read(text: string, final: boolean): void {
    if (this.delimiter === undefined) {
      // The separator is told by the whole first line.
      if (!final && text.search(/[\r\n]/) === -1) {
        this.rest = text;
        return;
      }
      this.delimiter = detectDelimiter(text);
    }
    if (this.ctx) this.ctx.sheet = { ...this.ctx.sheet, text };
    const base = this.offset;
    const emit: Emit = (finding) => this.keep(finding, base);
    const reader = new RowReader(text, this.delimiter);
    // Lines start where rows do, unless a quoted cell holds a line break: then the text is searched.
    const lineStarts: number[] = [];
    let rowsAreLines = true;
    let position = 0;
    let line = this.line;
    while (position < text.length) {
      const row = reader.read(position, line);
      if (!final && reader.lastRowHasOpenQuote) {
        this.heldBack = [];
        break;
      }
      if (!final && !isSettled(text, row)) break;
      this.take(text, row, emit);
      if (row.lastLine !== row.line) rowsAreLines = false;
      if (row.next > row.end) lineStarts.push(row.next);
      position = row.next;
      line = row.lastLine + 1;
      if (row.next === row.end) break;
    }
    for (const start of rowsAreLines ? lineStarts : new LineIndex(text).lineStartsThrough(position).slice(1))
      this.lineStarts.push(base + start);
    this.rest = detached(text.slice(position));
    this.offset += position;
    this.line = line;
  }

  /** The header, or a data row checked; `emit` keeps findings at whole-text offsets. */
  private take(text: string, row: Row, emit: Emit): void {
    if (!this.ctx) {
      this.startSheet({ text, delimiter: this.delimiter ?? ',', rows: [row] });
      return;
    }
    const ctx = this.ctx;
    if (!isEmptyRow(ctx.sheet, row)) this.filledRows++;
    const device = checkRow(ctx, row, emit);
    if (device) this.devices.add(device, this.offset, detached);
  }

  /** The header's sheet and context; the file-level rules run on it once. */
  private startSheet(table: { text: string; delimiter: string; rows: Row[] }): ValidationContext {
    const forced = this.settings.format === 'auto' ? undefined : this.settings.format;
    const sheet: Sheet = sheetFromTable(table, this.encoding, forced);
    const ctx = createRuleContext(sheet, this.settings);
    checkFileLevel(ctx, this.guessedUtf16, (finding) => this.keep(finding, 0));
    this.ctx = ctx;
    return ctx;
  }

  private keep(finding: FindingInit, base: number): void {
    const kept: FindingInit = {
      code: finding.code,
      message: detached(finding.message),
      start: finding.start + base,
      end: finding.end + base,
    };
    if (finding.severity) kept.severity = finding.severity;
    if (finding.related)
      kept.related = finding.related.map((span) => ({ start: span.start + base, end: span.end + base, message: detached(span.message) }));
    this.raw.push(kept);
  }
}

/**
 * A row no later text can change: it ends with a line break, and not with a CR that an LF in the next piece
 * would join.
 */
function isSettled(text: string, row: Row): boolean {
  return row.next > row.end && !(row.next === text.length && text.charCodeAt(row.next - 1) === CR);
}
