// Which line of a document holds which uploaded device row, kept up to date edit by edit: upload results are tied to
// rows by fingerprint (devices.ts), not by line number, so they move with their row when lines are inserted or
// deleted above it and vanish when the row is deleted or a cell the upload sent is edited (the Assigned User only
// for an Intune import). Works on any source of lines (the editor's TextDocument through a small adapter).
import { cellValue, tokenize } from './csv';
import { intuneRowFingerprint } from './devices';
import type { ColumnRole } from './formats';
import { parseSheet } from './sheet';

export interface LineSource {
  readonly lineCount: number;
  lineText(line: number): string;
}

/** An edit as VS Code reports it: lines `startLine`..`endLine` (inclusive) were replaced by `text`. */
export interface LineChange {
  startLine: number;
  endLine: number;
  text: string;
}

/** Not computed yet: the line changed since. */
const DIRTY = Symbol('dirty');

export class RowFingerprints {
  private byLine: Array<string | undefined | typeof DIRTY> = [];
  private delimiter = ',';
  private columns: Partial<Record<ColumnRole, number>> | undefined;

  constructor(private readonly source: LineSource) {
    this.rebuild();
  }

  /** The fingerprint of the row on `line`, or undefined (the header, an empty line, a line that is not a device). */
  at(line: number): string | undefined {
    const value = this.byLine[line];
    return value === DIRTY ? undefined : value;
  }

  /** Every device line with its fingerprint, in line order. */
  *entries(): IterableIterator<[number, string]> {
    for (let line = 0; line < this.byLine.length; line++) {
      const value = this.byLine[line];
      if (typeof value === 'string') yield [line, value];
    }
  }

  /**
   * Follows edits (in the order reported, each against the text the previous one left). Only the changed lines are
   * read again; an edit of the header row reads everything again, as its columns may have moved.
   */
  applyChanges(changes: readonly LineChange[]): void {
    let headerChanged = false;
    for (const change of changes) {
      if (change.startLine === 0) headerChanged = true;
      const inserted = change.text.split(/\r\n|\r|\n/).length;
      const fresh: Array<typeof DIRTY> = new Array<typeof DIRTY>(inserted).fill(DIRTY);
      // concat, not splice(...spread): a paste can bring a hundred thousand lines.
      this.byLine = this.byLine.slice(0, change.startLine).concat(fresh, this.byLine.slice(change.endLine + 1));
    }
    if (headerChanged) {
      this.rebuild();
      return;
    }
    for (let line = 0; line < this.byLine.length; line++) {
      if (this.byLine[line] === DIRTY) this.byLine[line] = this.fingerprintOf(line);
    }
  }

  rebuild(): void {
    const header = this.source.lineCount > 0 ? this.source.lineText(0) : '';
    const sheet = parseSheet(`${header}\n`, 'utf8');
    this.delimiter = sheet.delimiter;
    this.columns = sheet.format ? sheet.columns : undefined;
    this.byLine = new Array<string | undefined>(this.source.lineCount);
    for (let line = 1; line < this.source.lineCount; line++) this.byLine[line] = this.fingerprintOf(line);
  }

  private fingerprintOf(line: number): string | undefined {
    const columns = this.columns;
    if (!columns || line === 0 || line >= this.source.lineCount) return undefined;
    const text = this.source.lineText(line);
    if (!text.trim()) return undefined;
    const cells = tokenize(text, this.delimiter).rows[0]?.cells ?? [];
    const value = (role: ColumnRole): string => {
      const index = columns[role];
      const cell = index === undefined ? undefined : cells[index];
      return cell ? cellValue(text, cell).trim() : '';
    };
    const values = {
      serialNumber: value('serial'),
      productKey: value('productId'),
      hardwareHash: value('hash'),
      manufacturer: value('manufacturer'),
      model: value('model'),
      groupTag: value('groupTag'),
      assignedUser: value('assignedUser'),
    };
    if (!values.serialNumber && !values.productKey && !values.hardwareHash) return undefined;
    // The Intune import's fingerprint, which holds Partner Center's (partnerCenterPart): one per row serves both.
    return intuneRowFingerprint(values);
  }
}
