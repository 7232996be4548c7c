// The language server's validation engine: the previous version's rows and per-row findings are kept, and an edit
// re-reads and re-checks only the rows it touched. Rows after the edit are shifted (their text is unchanged), the
// file-level and cross-row checks run again over the kept per-row results, and the result equals a full
// `validate()` of the new text (test/unit/incremental.test.ts checks that on random edits).
//
// The work is resumable: rows waiting to be checked are "pending", and `step` checks them in slices, so the server
// can yield to the event loop between slices and apply a newer edit without losing the rows checked so far.
//
// An edit reads only the text around it: the text is a ChunkedText, and the rows an edit touched are read from a
// window of it (a string of a few rows) and checked against that window, their offsets moved to the whole text
// afterwards. Nothing in an edit joins the whole text into one string, which costs a fresh copy of the file per
// keystroke; the snapshot's `sheet.text` joins it when a reader asks (a hover, fix-all).
//
// What makes re-use sound (and what the per-row rules must keep to): a row's findings and device depend only on
// the row's own text, the header (context) and the settings, and their offsets lie inside the row. A row is read
// the same way from its start whatever precedes it, except when an earlier cell opens a quote that nothing closes
// (any quote added later closes it); such rows are tracked and an edit after them re-reads from them.
import { ChunkedText } from './chunkedText';
import { RowReader, type Cell, type Row } from './csv';
import { BEFORE_ROW, TextWindow, type Source } from './textWindow';
import type { ColumnRole } from './formats';
import { detectDelimiter, sheetFromTable, type Sheet } from './sheet';
import { deviceList, type DataRow, type FindingInit, type RuleContext } from './rules/context';
import { isEmptyRow } from './rules/structure';
import { detached } from './text';
import type { Encoding, Finding, Fix, Settings, TextEdit } from './types';
import {
  checkAcrossRows,
  checkFileStructure,
  checkHeaderText,
  checkRow,
  createRuleContext,
  resolveSettings,
  sortFindings,
  toFindings,
  type Validation,
  type ValidationContext,
  type ValidationInput,
} from './validate';

/** The result of checking one data row. */
interface RowResult {
  findings: Finding[];
  device?: DataRow;
  /** Not an empty row (counted for `no-devices`). */
  filled: boolean;
}

/** Engine-internal state of one data row; mutated in place (snapshots only ever see the rows and results). */
interface Slot {
  row: Row;
  openQuote: boolean;
  /** Undefined while the row waits to be checked. */
  result?: RowResult;
  /** Where a pending row's text is (with the line break before it); dropped once the row is checked. */
  source?: Source;
}

const LF = 10;
/** Edits in one change batch beyond which reading the whole text again is cheaper than applying them one by one. */
const MAX_EDITS_PER_BATCH = 16;
/** Rows checked between two looks at the clock in `step`. */
const ROWS_PER_CLOCK_CHECK = 32;
/** Characters read around an edit at first (a few rows); doubled while the rows it touched go on. */
const WINDOW = 1 << 14;

export class IncrementalValidation {
  private readonly settings: Settings;
  private readonly encoding: Encoding;
  private readonly guessedUtf16: boolean;
  private text = ChunkedText.of('');
  /** The sheet of the header, without text or rows: what a row is checked against, with its source's text. */
  private template!: Sheet;
  private ctx!: ValidationContext;
  private header: Row | undefined;
  private headerOpenQuote = false;
  /** The findings of the header's own text (checkHeaderText), which only a reset changes. */
  private headerFindings: Finding[] = [];
  private slots: Slot[] = [];
  private pending = 0;
  /** No slot before this index is pending. */
  private cursor = 0;
  /**
   * Set by the first edit: rows checked from then on copy the strings they keep (values, messages). A substring
   * keeps its whole text alive, and every version's text is a new string: without the copies, 30 one-character
   * edits of a 20 MB file kept 580 MB alive. Rows checked before the first edit share the first text (one copy).
   */
  private edited = false;
  private snapshotCache: Validation | undefined;

  /** `chunked`, when the caller has it, is `input.text` in pieces (kept instead of an equal copy). */
  constructor(input: ValidationInput, chunked?: ChunkedText) {
    this.settings = resolveSettings(input.settings);
    this.encoding = input.encoding ?? 'utf8';
    this.guessedUtf16 = input.guessedUtf16 ?? false;
    this.reset(input.text, chunked);
  }

  /** The text the engine is at (joined: use `textLength` for its length). */
  get currentText(): string {
    return this.text.toString();
  }

  get textLength(): number {
    return this.text.length;
  }

  /** True when every row is checked: `snapshot()` then equals `validate()` of the text. */
  get complete(): boolean {
    return this.pending === 0;
  }

  /** Rows still waiting to be checked. */
  get pendingRows(): number {
    return this.pending;
  }

  /**
   * Applies edits made one after the other (each edit's offsets refer to the text the previous one produced);
   * `finalText`, when the caller has it, is the text after all of them (kept instead of an equal copy).
   */
  applyEdits(edits: readonly TextEdit[], finalText?: ChunkedText): void {
    this.snapshotCache = undefined;
    this.edited = true;
    if (edits.length > MAX_EDITS_PER_BATCH) {
      let text = this.text;
      for (const edit of edits) text = text.edit(edit.start, edit.end, edit.newText);
      const final = finalText ?? text;
      this.reset(final.toString(), final);
      return;
    }
    edits.forEach((edit, index) => {
      const text = index === edits.length - 1 && finalText !== undefined ? finalText : this.text.edit(edit.start, edit.end, edit.newText);
      this.applyEdit(edit, text);
    });
  }

  /** Checks pending rows for up to `budgetMs` milliseconds (at least a few rows); returns `complete`. */
  step(budgetMs = Number.POSITIVE_INFINITY): boolean {
    if (this.pending === 0) return true;
    this.snapshotCache = undefined;
    const deadline = performance.now() + budgetMs;
    let checked = 0;
    while (this.pending > 0 && this.cursor < this.slots.length) {
      const slot = this.slots[this.cursor] as Slot;
      if (!slot.result) {
        slot.result = this.check(slot);
        slot.source = undefined;
        this.pending--;
        if (++checked % ROWS_PER_CLOCK_CHECK === 0 && performance.now() >= deadline) break;
      }
      this.cursor++;
    }
    // Cannot happen while `cursor` keeps its promise; if it ever did, looking again from the top is still right.
    if (this.pending > 0 && this.cursor >= this.slots.length) this.cursor = 0;
    return this.pending === 0;
  }

  /**
   * The validation of the current text. When rows are still pending it is partial: the findings and devices of
   * the rows checked so far, no cross-row findings, and `cancelled` set.
   */
  snapshot(): Validation {
    if (this.snapshotCache) return this.snapshotCache;
    const { settings } = this;
    const sheet = this.wholeSheet();
    // The rules read the rows they look at from the pieces (`sheet.source`); the file-level checks that rewrite every
    // row see the whole text (joined only if one of them reads it: a file whose columns are out of order).
    const ctx: RuleContext = { ...this.ctx, sheet };
    const fileLevel: FindingInit[] = [];
    checkFileStructure(ctx, this.guessedUtf16, (finding) => fileLevel.push(finding));
    const findings = toFindings(fileLevel, settings);
    for (const finding of this.headerFindings) findings.push(finding);
    const devices: DataRow[] = [];
    let filledRows = 0;
    for (const slot of this.slots) {
      const result = slot.result;
      if (!result) continue;
      if (result.filled) filledRows++;
      if (result.device) devices.push(result.device);
      for (const finding of result.findings) findings.push(finding);
    }
    const complete = this.pending === 0;
    if (complete) {
      const across: FindingInit[] = [];
      checkAcrossRows(ctx, filledRows, deviceList(devices), (finding) => across.push(finding));
      for (const finding of toFindings(across, settings)) findings.push(finding);
    }
    const validation: Validation = { sheet, settings, findings: sortFindings(findings), devices, cancelled: !complete };
    this.snapshotCache = validation;
    return validation;
  }

  /** Reads the whole text again: every row pending. `chunked`, when given, is the same text in pieces. */
  private reset(text: string, chunked?: ChunkedText): void {
    this.snapshotCache = undefined;
    this.text = chunked ?? ChunkedText.of(text);
    const delimiter = detectDelimiter(text);
    const reader = new RowReader(text, delimiter);
    const rows: Row[] = [];
    const slots: Slot[] = [];
    const source: Source = { text, base: 0 };
    let position = 0;
    let line = 0;
    this.headerOpenQuote = false;
    while (position < text.length) {
      const row = reader.read(position, line);
      rows.push(row);
      if (rows.length === 1) this.headerOpenQuote = reader.lastRowHasOpenQuote;
      else slots.push({ row, openQuote: reader.lastRowHasOpenQuote, source });
      if (row.next === row.end) break;
      position = row.next;
      line = row.lastLine + 1;
    }
    const format = this.settings.format === 'auto' ? undefined : this.settings.format;
    const sheet = sheetFromTable({ text, delimiter, rows }, this.encoding, format);
    this.header = rows[0];
    this.template = { ...sheet, text: '', table: { text: '', delimiter, rows: this.header ? [this.header] : [] }, dataRows: [] };
    this.ctx = createRuleContext(sheet, this.settings);
    const headerText: FindingInit[] = [];
    checkHeaderText(this.ctx, (finding) => headerText.push(finding));
    this.headerFindings = toFindings(headerText, this.settings);
    this.slots = slots;
    this.pending = slots.length;
    this.cursor = 0;
  }

  /** The sheet of the whole text as it is now: its text joined when read. */
  private wholeSheet(): Sheet {
    const text = this.text;
    const template = this.template;
    const rows = this.header ? [this.header] : [];
    for (const slot of this.slots) rows.push(slot.row);
    return {
      get text() {
        return text.toString();
      },
      source: text,
      encoding: template.encoding,
      table: {
        get text() {
          return text.toString();
        },
        delimiter: template.delimiter,
        rows,
      },
      delimiter: template.delimiter,
      header: template.header,
      headerCells: template.headerCells,
      format: template.format,
      columns: template.columns,
      dataRows: rows.slice(1),
    };
  }

  private applyEdit(edit: TextEdit, newText: ChunkedText): void {
    const header = this.header;
    // An edit in the header (or its line break) changes the context of every row: start over. Text inserted right
    // after the header joins it unless the header ends with LF (a lone CR and an inserted LF make one CRLF).
    if (
      !header ||
      this.headerOpenQuote ||
      edit.start < header.next ||
      (edit.start === header.next && this.text.charCodeAt(header.next - 1) !== LF)
    ) {
      this.reset(newText.toString(), newText);
      return;
    }
    const slots = this.slots;
    const delta = newText.length - this.text.length;
    // Re-read from the row before the one the edit starts in: the edit may join that row's line break to its own.
    let first = Math.max(0, this.slotAt(edit.start) - 1);
    // A quote nothing closed before the edit may be closed by it: re-read from the first such row.
    for (let index = 0; index < first; index++) {
      if ((slots[index] as Slot).openQuote) {
        first = index;
        break;
      }
    }
    const firstSlot = slots[first];
    const insertedEnd = edit.start + edit.newText.length;
    const fresh: Slot[] = [];
    let sync = slots.length;
    let lineDelta = 0;
    // With no data rows yet, everything after the header is read.
    let position = firstSlot ? firstSlot.row.start : header.next;
    let line = firstSlot ? firstSlot.row.line : header.lastLine + 1;
    let window = new TextWindow(newText, this.template.delimiter, position, insertedEnd - position + WINDOW);
    while (position < newText.length) {
      const row = window.read(position, line);
      if (!row) {
        // The row goes on past the window (or a quote in it may close further on): read a window twice as long.
        window = new TextWindow(newText, this.template.delimiter, position, 2 * window.size);
        continue;
      }
      const slot: Slot = { row, openQuote: window.openQuote, source: window.source };
      // A row wholly before the edit that reads the same as before keeps its result.
      const old = slots[first + fresh.length];
      if (old?.result && row.next <= edit.start && old.openQuote === slot.openQuote && sameRow(old.row, row)) {
        slot.result = old.result;
        slot.source = undefined;
      }
      fresh.push(slot);
      if (row.next === row.end) break;
      position = row.next;
      line = row.lastLine + 1;
      // Past the edit, the text is the old text shifted: a row starting where an old row started reads the same.
      if (position >= insertedEnd) {
        const index = this.slotStartingAt(position - delta);
        if (index !== -1) {
          sync = index;
          lineDelta = line - (slots[index] as Slot).row.line;
          break;
        }
      }
    }
    if (!firstSlot) first = 0;

    for (let index = sync; index < slots.length; index++) shiftSlot(slots[index] as Slot, delta, lineDelta, this.template);
    for (let index = first; index < sync; index++) if (!(slots[index] as Slot).result) this.pending--;
    for (const slot of fresh) if (!slot.result) this.pending++;
    // Not `splice(first, count, ...fresh)`: a pasted block of 130,000 rows is too many arguments for one call.
    const updated = slots.slice(0, first).concat(fresh, slots.slice(sync));
    this.slots = updated;
    this.cursor = Math.min(this.cursor, first);
    this.text = newText;
    // The last row without a line break points its "delete row" fix at the line break before it, in another row.
    const last = updated[updated.length - 1];
    if (last && last.row.next === last.row.end && last.result) {
      last.result = undefined;
      last.source = sourceAround(newText, last.row);
      this.pending++;
      this.cursor = Math.min(this.cursor, updated.length - 1);
    }
  }

  /** Checks a pending row against its source's text; the result is in whole-text offsets. */
  private check(slot: Slot): RowResult {
    const source = slot.source ?? sourceAround(this.text, slot.row);
    const ctx = this.ctx;
    if (ctx.sheet.text !== source.text) ctx.sheet = { ...this.template, text: source.text };
    const base = source.base;
    const row = base === 0 ? slot.row : shiftRow(slot.row, -base, 0);
    const raw: FindingInit[] = [];
    const filled = !isEmptyRow(ctx.sheet, row);
    const device = checkRow(ctx, row, (finding) => raw.push(finding));
    let findings = toFindings(raw, this.settings);
    if (base !== 0) findings = findings.map((finding) => shiftFinding(finding, base));
    const result: RowResult = { findings, filled };
    if (device) result.device = base === 0 ? device : shiftDevice(device, slot.row, this.template);
    return this.edited ? detachResult(result) : result;
  }

  /** Index of the slot whose row holds `offset` (the last row starting at or before it), or 0. */
  private slotAt(offset: number): number {
    const slots = this.slots;
    let low = 0;
    let high = slots.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((slots[mid] as Slot).row.start <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Index of the slot whose row starts exactly at `offset` (old coordinates), or -1. */
  private slotStartingAt(offset: number): number {
    const index = this.slotAt(offset);
    return this.slots[index]?.row.start === offset ? index : -1;
  }
}

/** A source holding just the row (and the line break before it). */
function sourceAround(text: ChunkedText, row: Row): Source {
  const base = Math.max(0, row.start - BEFORE_ROW);
  return { text: text.slice(base, row.next), base };
}

function sameRow(a: Row, b: Row): boolean {
  if (a.start !== b.start || a.end !== b.end || a.next !== b.next || a.line !== b.line || a.lastLine !== b.lastLine) return false;
  if (a.cells.length !== b.cells.length) return false;
  return a.cells.every((cell, index) => {
    const other = b.cells[index];
    return other !== undefined && other.start === cell.start && other.end === cell.end && other.quoted === cell.quoted;
  });
}

/** Moves a kept row and its result to where the edit put it: new objects, so earlier snapshots stay as they were. */
function shiftSlot(slot: Slot, delta: number, lineDelta: number, sheet: Sheet): void {
  if (delta === 0 && lineDelta === 0) return;
  const row = shiftRow(slot.row, delta, lineDelta);
  slot.row = row;
  if (slot.source) slot.source = { text: slot.source.text, base: slot.source.base + delta };
  const result = slot.result;
  if (!result) return;
  const shifted: RowResult = { findings: result.findings.map((finding) => shiftFinding(finding, delta)), filled: result.filled };
  if (result.device) shifted.device = shiftDevice(result.device, row, sheet);
  slot.result = shifted;
}

function shiftRow(row: Row, delta: number, lineDelta: number): Row {
  return {
    line: row.line + lineDelta,
    lastLine: row.lastLine + lineDelta,
    start: row.start + delta,
    end: row.end + delta,
    next: row.next + delta,
    cells: row.cells.map((cell) => ({ start: cell.start + delta, end: cell.end + delta, quoted: cell.quoted })),
  };
}

function shiftDevice(device: DataRow, row: Row, sheet: Sheet): DataRow {
  const cells: Partial<Record<ColumnRole, Cell>> = {};
  for (const role of Object.keys(device.cells) as ColumnRole[]) {
    const index = sheet.columns[role];
    const cell = index === undefined ? undefined : row.cells[index];
    if (cell) cells[role] = cell;
  }
  const shifted: DataRow = { row, values: device.values, cells };
  if (device.hash) shifted.hash = device.hash;
  return shifted;
}

function shiftFinding(finding: Finding, delta: number): Finding {
  const shifted: Finding = {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    start: finding.start + delta,
    end: finding.end + delta,
    fixes: finding.fixes.map((fix) => ({
      ...fix,
      edits: fix.edits.map((edit) => ({ ...edit, start: edit.start + delta, end: edit.end + delta })),
    })),
  };
  if (finding.related) shifted.related = finding.related.map((span) => ({ ...span, start: span.start + delta, end: span.end + delta }));
  return shifted;
}

function detachResult(result: RowResult): RowResult {
  const device = result.device;
  if (device) {
    const values: DataRow['values'] = {};
    for (const role of Object.keys(device.values) as ColumnRole[]) {
      const value = device.values[role];
      if (value !== undefined) values[role] = detached(value);
    }
    device.values = values;
  }
  result.findings = result.findings.map((finding) => {
    const copy: Finding = { ...finding, message: detached(finding.message), fixes: finding.fixes.map(detachFix) };
    if (finding.related) copy.related = finding.related.map((span) => ({ ...span, message: detached(span.message) }));
    return copy;
  });
  return result;
}

function detachFix(fix: Fix): Fix {
  return { ...fix, title: detached(fix.title), edits: fix.edits.map((edit) => ({ ...edit, newText: detached(edit.newText) })) };
}
