// The validation engine: parses the text, runs every rule family, applies the user's severities.
import { DEFAULT_GROUP_TAGS } from './codes';
import { cellValue, type Row } from './csv';
import { FORMATS } from './formats';
import { decodeHardwareHash, type DecodedHash } from './hardwareHash';
import { parseSheet, type Sheet } from './sheet';
import type { CancellationFlag, Encoding, Finding, Settings } from './types';
import { toFinding, type DataRow, type Emit, type FindingInit, type RuleContext } from './rules/context';
import { checkCharacters, checkFileEncoding } from './rules/encoding';
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
  groupTags: [...DEFAULT_GROUP_TAGS],
  requireGroupTag: false,
  maxRows: 0,
};

export function resolveSettings(partial: Partial<Settings> | undefined): Settings {
  return {
    format: partial?.format ?? DEFAULT_SETTINGS.format,
    rules: partial?.rules ?? {},
    groupTags: partial?.groupTags && partial.groupTags.length > 0 ? partial.groupTags : DEFAULT_SETTINGS.groupTags,
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
  /** The device rows (not empty, not sample rows), with their decoded hashes. */
  devices: DataRow[];
  /** True when validation stopped early because the caller cancelled. */
  cancelled: boolean;
}

export function validate(input: ValidationInput, token?: CancellationFlag): Validation {
  const settings = resolveSettings(input.settings);
  const sheet = parseSheet(input.text, input.encoding ?? 'utf8', settings.format === 'auto' ? undefined : settings.format);
  const decoded = new Map<string, DecodedHash>();
  const ctx: RuleContext = {
    sheet,
    settings,
    decodeHash(text) {
      let result = decoded.get(text);
      if (!result) {
        result = decodeHardwareHash(text);
        decoded.set(text, result);
      }
      return result;
    },
  };
  const raw: FindingInit[] = [];
  const emit: Emit = (finding) => raw.push(finding);

  checkFileEncoding(ctx, input.guessedUtf16 ?? false, emit);
  checkDelimiter(ctx, emit);
  checkHeader(ctx, emit);
  if (sheet.header) {
    checkCharacters(ctx, sheet.header, emit);
    checkQuotes(ctx, sheet.header, emit);
  }

  const devices: DataRow[] = [];
  let filledRows = 0;
  let cancelled = false;
  for (let index = 0; index < sheet.dataRows.length; index++) {
    if ((index & 255) === 0 && token?.isCancellationRequested) {
      cancelled = true;
      break;
    }
    const row = sheet.dataRows[index] as Row;
    if (!isEmptyRow(sheet, row)) filledRows++;
    const device = checkRow(ctx, row, emit);
    if (device) devices.push(device);
  }
  if (!cancelled) {
    checkRowCount(ctx, filledRows, devices.length, emit);
    if (sheet.format) {
      checkDuplicates(ctx, devices, emit);
      checkGroupTagsAcrossRows(ctx, devices, emit);
    }
  }
  return { sheet, settings, findings: applySeverities(raw, settings), devices, cancelled };
}

/** Checks one data row; returns it as a device unless it is an empty or sample row. */
export function checkRow(ctx: RuleContext, row: Row, emit: Emit): DataRow | undefined {
  const { sheet } = ctx;
  if (isEmptyRow(sheet, row)) {
    checkEmptyRow(ctx, row, emit);
    return undefined;
  }
  if (isSampleRow(ctx, row)) {
    checkSampleRow(ctx, row, emit);
    return undefined;
  }
  checkCharacters(ctx, row, emit);
  checkQuotes(ctx, row, emit);
  checkFieldCount(ctx, row, emit);
  checkWhitespace(ctx, row, emit);
  const device = toDataRow(sheet, row);
  if (!sheet.format) return device;
  const hashText = device.values.hash ?? '';
  const hash = hashText === '' ? undefined : ctx.decodeHash(hashText);
  if (hash) device.hash = hash;
  checkIdentity(ctx, device, emit);
  checkSerialNumber(ctx, device, emit);
  checkProductId(ctx, device, emit);
  checkHardwareHash(ctx, device, emit);
  checkGroupTag(ctx, device, emit);
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

function applySeverities(raw: FindingInit[], settings: Settings): Finding[] {
  const findings: Finding[] = [];
  for (const init of raw) {
    const override = settings.rules[init.code];
    if (override === 'off') continue;
    const finding = toFinding(init);
    if (override) finding.severity = override;
    findings.push(finding);
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  return findings;
}

