// The validation engine: parses the text, runs every rule family, applies the user's severities.
// Three layers, so the language server's incremental engine (incremental.ts) can re-run only what an edit touches:
// file-level checks (encoding, separator, header), per-row checks (`checkRow`: a pure function of the row's text,
// the header context and the settings; its findings lie inside the row) and cross-row checks over the devices.
// Hot path on 50,000-row (200 MB) files: nothing per row may scan or hash a whole 4,000-character hash cell more
// than the decoder does.
import { cellValue, type Row } from './csv';
import { FORMATS } from './formats';
import { decodeHardwareHash, HashScratch, isTextDefect, type DecodedHash } from './hashDecoder';
import { parseSheet, type Sheet } from './sheet';
import type { CancellationFlag, Encoding, Finding, Settings } from './types';
import { deviceList, toFinding, type DataRow, type DeviceList, type Emit, type FindingInit, type RuleContext } from './rules/context';
import { checkCharacters, checkFileEncoding } from './rules/encodingAndCharacters';
import { checkAssignedUser } from './rules/assignedUser';
import { checkGroupTag, checkGroupTagsAcrossRows } from './rules/groupTag';
import { checkHardwareHash } from './rules/hardwareHash';
import { checkHeader } from './rules/header';
import { checkDuplicates, checkIdentity } from './rules/identity';
import { checkProductId } from './rules/productId';
import { checkSampleRow, isSampleRow } from './rules/sampleRows';
import { checkSerialNumber } from './rules/serialNumber';
import { checkDelimiter, checkEmptyRow, checkFieldCount, checkQuotes, checkRowCount, checkWhitespace, isEmptyRow } from './rules/structure';

export const DEFAULT_SETTINGS: Settings = {
  format: 'auto',
  rules: {},
  groupTags: [],
  onlyListedGroupTags: false,
  knownGroupTags: [],
  requireGroupTag: false,
  maxRows: 0,
};

export function resolveSettings(partial: Partial<Settings> | undefined): Settings {
  return {
    format: partial?.format ?? DEFAULT_SETTINGS.format,
    rules: partial?.rules ?? {},
    groupTags: partial?.groupTags ?? [],
    onlyListedGroupTags: partial?.onlyListedGroupTags ?? false,
    knownGroupTags: partial?.knownGroupTags ?? [],
    requireGroupTag: partial?.requireGroupTag ?? false,
    maxRows: partial?.maxRows ?? 0,
  };
}

export interface ValidationInput {
  text: string;
  encoding?: Encoding;
  /** UTF-16 detected without a byte-order mark. */
  guessedUtf16?: boolean;
  settings?: Partial<Settings>;
}

export interface Validation {
  sheet: Sheet;
  settings: Settings;
  findings: Finding[];
  /** The device rows (not empty, not sample rows), with their hashes decoded for the rules (`detail: 'rules'`). */
  devices: DataRow[];
  /** True when validation stopped early because the caller cancelled. */
  cancelled: boolean;
}

export function validate(input: ValidationInput, token?: CancellationFlag): Validation {
  const settings = resolveSettings(input.settings);
  const sheet = parseSheet(input.text, input.encoding ?? 'utf8', settings.format === 'auto' ? undefined : settings.format);
  const ctx = createRuleContext(sheet, settings);
  const raw: FindingInit[] = [];
  const emit: Emit = (finding) => raw.push(finding);

  checkFileLevel(ctx, input.guessedUtf16 ?? false, emit);

  const devices: DataRow[] = [];
  let filledRows = 0;
  let cancelled = false;
  for (let index = 0; index < sheet.dataRows.length; index++) {
    if ((index & 255) === 0 && token?.isCancellationRequested) {
      cancelled = true;
      break;
    }
    const row = sheet.dataRows[index] as Row;
    if (isEmptyRow(sheet, row)) {
      checkEmptyRow(ctx, row, emit);
      continue;
    }
    filledRows++;
    const device = checkFilledRow(ctx, row, emit);
    if (device) devices.push(device);
  }
  if (!cancelled) checkAcrossRows(ctx, filledRows, deviceList(devices), emit);
  return { sheet, settings, findings: sortFindings(toFindings(raw, settings)), devices, cancelled };
}

/**
 * The context the rules run in. Row hashes are decoded with the run's scratch buffer (checkRow); the memo
 * serves the rules' own decodes (a repaired hash text), which are rare: keying a map by every 4,000-character
 * hash would cost more than decoding it.
 */
export function createRuleContext(sheet: Sheet, settings: Settings): ValidationContext {
  const decoded = new Map<string, DecodedHash>();
  const scratch = new HashScratch();
  return {
    sheet,
    settings,
    scratch,
    decodeHash(text) {
      let result = decoded.get(text);
      if (!result) {
        result = decodeHardwareHash(text, { scratch, detail: 'rules' });
        decoded.set(text, result);
      }
      return result;
    },
  };
}

/** The rules' context plus the run's decode buffer (what validate() and the incremental engine create). */
export interface ValidationContext extends RuleContext {
  readonly scratch: HashScratch;
}

/** Checks that concern the file as a whole: its encoding, separator and header. */
export function checkFileLevel(ctx: RuleContext, guessedUtf16: boolean, emit: Emit): void {
  const { sheet } = ctx;
  checkFileEncoding(ctx, guessedUtf16, emit);
  checkDelimiter(ctx, emit);
  checkHeader(ctx, emit);
  if (sheet.header) {
    checkCharacters(ctx, sheet.header, emit);
    checkQuotes(ctx, sheet.header, emit);
  }
}

/** Checks across rows: the row count, duplicates, group tags. `filledRows` counts the rows that are not empty. */
export function checkAcrossRows(ctx: RuleContext, filledRows: number, devices: DeviceList, emit: Emit): void {
  checkRowCount(ctx, filledRows, devices.length, emit);
  if (ctx.sheet.format) {
    checkDuplicates(ctx, devices, emit);
    checkGroupTagsAcrossRows(ctx, devices, emit);
  }
}

/** Checks one data row; returns it as a device unless it is an empty or sample row. */
export function checkRow(ctx: RuleContext, row: Row, emit: Emit): DataRow | undefined {
  if (isEmptyRow(ctx.sheet, row)) {
    checkEmptyRow(ctx, row, emit);
    return undefined;
  }
  return checkFilledRow(ctx, row, emit);
}

function checkFilledRow(ctx: RuleContext, row: Row, emit: Emit): DataRow | undefined {
  const { sheet } = ctx;
  // Decoded before the character rules (decoding emits nothing, so the findings keep their order): a hash the
  // decoder read as base64 needs no second scan of its 4,000 characters.
  const device = toDataRow(sheet, row);
  const hashText = sheet.format ? (device.values.hash ?? '') : '';
  if (hashText !== '') {
    device.hash =
      'scratch' in ctx && ctx.scratch instanceof HashScratch
        ? decodeHardwareHash(hashText, { scratch: ctx.scratch, detail: 'rules' })
        : ctx.decodeHash(hashText);
  }
  // A hash that verifies is a real device, whatever placeholder sits beside it: the placeholder cell is then
  // reported by its column's rule (serial-mismatch, product-id-format, tuple-mismatch), and the row stays.
  if (device.hash?.checksumVerified !== true && isSampleRow(ctx, row)) {
    checkSampleRow(ctx, device, emit);
    return undefined;
  }
  // Both rules look for characters a row of printable ASCII without quotes does not have, and return at once
  // for such a row; establishing that here, cheaply, spares their per-character scans of the hash cell.
  if (!isPlainUnquotedRow(sheet.text, row, device)) {
    checkCharacters(ctx, row, emit);
    checkQuotes(ctx, row, emit);
  }
  checkFieldCount(ctx, row, emit);
  checkWhitespace(ctx, row, emit);
  if (!sheet.format) return device;
  checkIdentity(ctx, device, emit);
  checkSerialNumber(ctx, device, emit);
  checkProductId(ctx, device, emit);
  checkHardwareHash(ctx, device, emit);
  checkGroupTag(device, emit);
  checkAssignedUser(device, emit);
  return device;
}

function toDataRow(sheet: Sheet, row: Row): DataRow {
  const device: DataRow = { row, values: {}, cells: {} };
  if (!sheet.format) return device;
  for (const column of FORMATS[sheet.format].columns) {
    const index = sheet.columns[column.role];
    const cell = index === undefined ? undefined : row.cells[index];
    if (!cell) continue;
    device.cells[column.role] = cell;
    device.values[column.role] = cellValue(sheet.text, cell).trim();
  }
  return device;
}

/**
 * True when every character of the row is printable ASCII or a tab, and none is a quotation mark. The hash cell
 * is not scanned when its decoder found no text defect: its text is then base64 letters, digits, + / and =.
 */
function isPlainUnquotedRow(text: string, row: Row, device: DataRow): boolean {
  const hashCell = device.cells.hash;
  const hash = device.hash;
  const skipHash =
    hashCell !== undefined &&
    hash !== undefined &&
    !hashCell.quoted &&
    !isTextDefect(hash.defect) &&
    // The decoder saw the trimmed value: the cell must be exactly that text.
    hashCell.end - hashCell.start === hash.textLength;
  if (!skipHash) return isPlainUnquoted(text, row.start, row.end);
  return isPlainUnquoted(text, row.start, hashCell.start) && isPlainUnquoted(text, hashCell.end, row.end);
}

function isPlainUnquoted(text: string, start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) {
    const code = text.charCodeAt(offset);
    if (code >= 0x7f || code === 0x22 || (code < 0x20 && code !== 0x09)) return false;
  }
  return true;
}

/** Applies the user's severities (dropping rules turned off), keeping the order the findings were emitted in. */
export function toFindings(raw: readonly FindingInit[], settings: Settings): Finding[] {
  const findings: Finding[] = [];
  for (const init of raw) {
    const override = settings.rules[init.code];
    if (override === 'off') continue;
    const finding = toFinding(init);
    if (override) finding.severity = override;
    findings.push(finding);
  }
  return findings;
}

/** File order; findings on the same span keep the order they were emitted in (the sort is stable). */
export function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
