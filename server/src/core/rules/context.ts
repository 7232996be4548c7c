// What a rule family sees: the parsed sheet, the settings, and a finding sink that fills in default severities.
import { RULES, type Code } from '../codes';
import type { Cell, Row } from '../csv';
import type { ColumnRole } from '../formats';
import type { DecodedHash } from '../hashDecoder';
import { textSource, type Sheet } from '../sheet';
import type { Finding, Fix, RelatedSpan, Settings, Severity } from '../types';

export interface RuleContext {
  sheet: Sheet;
  settings: Settings;
  /** Decodes a hash once per distinct text (callers own the memo; it lives no longer than they do). */
  decodeHash(text: string): DecodedHash;
  /**
   * The text between two offsets of the file, when `sheet.text` is not the whole file (a file checked in pieces,
   * piecewise.ts). Cross-row rules read rows other than their own through `textBetween`.
   */
  readText?(start: number, end: number): string;
}

/** The file's text between two offsets, read without joining a text kept in pieces (`Sheet.source`). */
export function textBetween(ctx: RuleContext, start: number, end: number): string {
  return ctx.readText ? ctx.readText(start, end) : textSource(ctx.sheet).slice(start, end);
}

/** A data row as the row rules see it: trimmed values and cells by column role. */
export interface DataRow {
  row: Row;
  values: Partial<Record<ColumnRole, string>>;
  cells: Partial<Record<ColumnRole, Cell>>;
  /** The decoded hardware hash, when the row has a hash cell that is not empty. */
  hash?: DecodedHash;
}

/** The roles whose cells and values the cross-row rules read. */
export type CrossRowRole = 'serial' | 'groupTag' | 'hash';

/** What the cross-row rules (duplicates, group tags across rows) read of a device; a DataRow is one. */
export interface DeviceSummary {
  row: Row;
  values: Partial<Record<CrossRowRole, string>>;
  cells: Partial<Record<CrossRowRole, Cell>>;
  hash?: { identity?: string };
}

/**
 * The devices the cross-row rules run over, by index: the keys they compare one by one, a device's row and cells
 * only for its findings. The CLI keeps the devices of a 50,000-row file as numbers and strings (deviceStore.ts):
 * objects kept alive that long cost the garbage collector more than the rules cost.
 */
export interface DeviceList {
  readonly length: number;
  /** The value of the device's cell in the role's column, when the rules keep it (a hash's text only without identity). */
  value(index: number, role: CrossRowRole): string | undefined;
  hasCell(index: number, role: CrossRowRole): boolean;
  /** The digest of the device's decoded hash block (DecodedHash.identity), if it has one. */
  identity(index: number): string | undefined;
  summary(index: number): DeviceSummary;
}

export function deviceList(devices: readonly DeviceSummary[]): DeviceList {
  const at = (index: number): DeviceSummary => {
    const device = devices[index];
    if (!device) throw new RangeError(`no device ${index}`);
    return device;
  };
  return {
    length: devices.length,
    value: (index, role) => at(index).values[role],
    hasCell: (index, role) => at(index).cells[role] !== undefined,
    identity: (index) => at(index).hash?.identity,
    summary: at,
  };
}

export interface FindingInit {
  code: Code;
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
  related?: RelatedSpan[];
  severity?: Severity;
}

export type Emit = (finding: FindingInit) => void;

export function toFinding(init: FindingInit): Finding {
  const finding: Finding = {
    code: init.code,
    severity: init.severity ?? RULES[init.code].severity,
    message: init.message,
    start: init.start,
    end: init.end,
    fixes: init.fixes ?? [],
  };
  if (init.related) finding.related = init.related;
  return finding;
}

/** The span of a whole row's content (row-level findings). */
export function rowSpan(row: Row): { start: number; end: number } {
  return { start: row.start, end: row.end };
}

/** Deletes a row including its line break (or the preceding one for a last line without a break). */
export function deleteRowEdit(ctx: RuleContext, row: Row): { start: number; end: number; newText: string } {
  if (row.next > row.end) return { start: row.start, end: row.next, newText: '' };
  const before = textBetween(ctx, Math.max(0, row.start - 2), row.start);
  let start = row.start;
  let index = before.length - 1;
  if (index >= 0 && before.charCodeAt(index) === 10) {
    start--;
    index--;
  }
  if (index >= 0 && before.charCodeAt(index) === 13) start--;
  return { start, end: row.end, newText: '' };
}
