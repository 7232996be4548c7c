// Converting a file between the Intune and Partner Center formats, splitting a file over the row limit, and
// merging files (one per device, as Get-WindowsAutopilotInfo writes them) into one.
// The results are new texts: callers open them next to the originals, never in their place.
import * as l10n from '@vscode/l10n';
import { canonicalHeader, FORMATS, type ColumnRole } from './formats';
import type { Row } from './csv';
import type { DataRow } from './rules/context';
import { isPlaceholderSerial } from './rules/serialNumber';
import { parseSheet } from './sheet';
import type { Encoding, FormatId, Settings } from './types';
import { validate } from './validate';

export type ConversionTarget = 'partner-center' | 'intune';

/** A row the conversion left out or could not complete, by 1-based file line. */
export interface RowNote {
  line: number;
  message: string;
}

export interface Conversion {
  text: string;
  from: FormatId;
  to: ConversionTarget;
  /** Devices written to the result. */
  devices: number;
  /** Rows that could not be converted, and why. */
  skipped: RowNote[];
  /** Rows converted with a value left empty, and why. */
  incomplete: RowNote[];
  /** What changes for the user: the group tag becomes the batch name, columns dropped. */
  notes: string[];
}

export type ConversionResult = Conversion | { error: string };

/** A value no Autopilot CSV can hold: quoting is not allowed, so a comma, quote or line break breaks the row. */
const UNWRITABLE = /[,"\r\n]/;

export function convertFile(text: string, to: ConversionTarget, settings?: Partial<Settings>): ConversionResult {
  const { sheet, devices } = validate({ text, settings });
  const from = sheet.format;
  if (!from || !sheet.header) return { error: l10n.t('The header matches no Autopilot format: fix the header before converting.') };
  if (from === to) return { error: l10n.t('The file is already in the {0} format.', FORMATS[to].label) };
  const missingHash = sheet.columns.hash === undefined;
  if (to === 'intune' && missingHash)
    return { error: l10n.t('The file has no Hardware Hash column: Intune identifies devices by their hardware hash.') };

  const conversion: Conversion = { text: '', from, to, devices: 0, skipped: [], incomplete: [], notes: [] };
  // Group Tag and Assigned User never carry over: Partner Center has neither, and a Partner Center file has none to give.
  const lines = [canonicalHeader(to, [])];
  for (const device of devices) {
    const cells = to === 'partner-center' ? partnerCenterCells(device, conversion) : intuneCells(device, conversion);
    if (!cells) continue;
    const unwritable = cells.find((value) => UNWRITABLE.test(value));
    if (unwritable !== undefined) {
      conversion.skipped.push({
        line: lineOf(device.row),
        message: l10n.t('the value "{0}" holds a comma, quote or line break, which an Autopilot CSV cannot hold', unwritable),
      });
      continue;
    }
    lines.push(cells.join(','));
    conversion.devices++;
  }
  const filledRows = sheet.dataRows.filter((row) => !isBlankRow(text, row, sheet.delimiter)).length;
  // The engine's devices are the rows that are neither empty nor left from Microsoft's sample files.
  const sampleRows = filledRows - devices.length;
  const emptyRows = sheet.dataRows.length - filledRows;
  if (sampleRows > 0) conversion.notes.push(sampleRowsNote(sampleRows));
  if (emptyRows > 0)
    conversion.notes.push(emptyRows === 1 ? l10n.t('1 empty row left out.') : l10n.t('{0} empty rows left out.', emptyRows));
  if (to === 'partner-center') conversion.notes = [...droppedIntuneColumns(sheet.columns, devices), ...conversion.notes];
  else if (sheet.columns.manufacturer !== undefined || sheet.columns.model !== undefined) {
    conversion.notes.push(l10n.t('Manufacturer and model dropped: the Intune import reads them from the hardware hash.'));
  }
  const eol = lineEnding(text);
  conversion.text = lines.join(eol) + (endsWithLineBreak(text) ? eol : '');
  return conversion;
}

/** Serial, PKID and hash as they are; manufacturer and model exactly as the firmware wrote them into the hash. */
function partnerCenterCells(device: DataRow, conversion: Conversion): string[] {
  const values = device.values;
  const hash = device.hash;
  let manufacturer = values.manufacturer ?? '';
  let model = values.model ?? '';
  if (hash?.checksumVerified) {
    const fromHash = (value: string | undefined) => {
      const trimmed = value?.trim() ?? '';
      return UNWRITABLE.test(trimmed) ? '' : trimmed;
    };
    manufacturer = fromHash(hash.fields.manufacturer) || manufacturer;
    model = fromHash(hash.fields.model) || model;
    const unwritable = [hash.fields.manufacturer, hash.fields.model].find((value) => value !== undefined && UNWRITABLE.test(value.trim()));
    if (unwritable !== undefined) {
      conversion.incomplete.push({
        line: lineOf(device.row),
        message: l10n.t(
          'the hash says "{0}", which holds a comma or quote an Autopilot CSV cannot hold: left empty (the hash identifies the device)',
          unwritable.trim(),
        ),
      });
    }
  } else if (hash) {
    conversion.incomplete.push({
      line: lineOf(device.row),
      message: l10n.t('the hardware hash does not verify, so manufacturer and model could not be read from it'),
    });
  }
  return [values.serial ?? '', values.productId ?? '', values.hash ?? '', manufacturer, model];
}

/** Intune identifies a device by serial and hash: a row without a hash cannot be imported, so it is not written. */
function intuneCells(device: DataRow, conversion: Conversion): string[] | undefined {
  const values = device.values;
  const line = lineOf(device.row);
  const hashText = values.hash ?? '';
  if (hashText === '') {
    const by = (values.productId ?? '') !== '' ? l10n.t('its Product Key ID') : l10n.t('serial number, manufacturer and model');
    conversion.skipped.push({
      line,
      message: values.serial
        ? l10n.t('row (serial {0}) has no hardware hash: Partner Center identifies it by {1}, Intune needs the hash', values.serial, by)
        : l10n.t('row has no hardware hash: Partner Center identifies it by {0}, Intune needs the hash', by),
    });
    return undefined;
  }
  let serial = values.serial ?? '';
  const hashSerial = device.hash?.checksumVerified ? device.hash.fields.serialNumber?.trim() : undefined;
  if (serial === '' && hashSerial && !isPlaceholderSerial(hashSerial) && !UNWRITABLE.test(hashSerial)) {
    serial = hashSerial;
    conversion.incomplete.push({
      line,
      message: l10n.t('serial number "{0}" taken from the hardware hash (Intune needs one)', hashSerial),
    });
  }
  return [serial, values.productId ?? '', hashText];
}

function droppedIntuneColumns(columns: Partial<Record<ColumnRole, number>>, devices: readonly DataRow[]): string[] {
  const notes: string[] = [];
  if (columns.groupTag !== undefined) {
    const tags = new Map<string, number>();
    for (const device of devices) {
      const tag = device.values.groupTag ?? '';
      if (tag !== '') tags.set(tag, (tags.get(tag) ?? 0) + 1);
    }
    const untagged = devices.length - [...tags.values()].reduce((sum, count) => sum + count, 0);
    const [only] = tags.keys();
    if (tags.size === 1 && only !== undefined) {
      notes.push(
        untagged === 0
          ? l10n.t(
              'The Group Tag column was dropped: Partner Center takes no tag per row. The group tag "{0}" becomes the batch name: enter it as the name of the device list when you upload.',
              only,
            )
          : untagged === 1
            ? l10n.t(
                'The Group Tag column was dropped: Partner Center takes no tag per row. The group tag "{0}" becomes the batch name: enter it as the name of the device list when you upload. 1 row had no tag and will get it too.',
                only,
              )
            : l10n.t(
                'The Group Tag column was dropped: Partner Center takes no tag per row. The group tag "{0}" becomes the batch name: enter it as the name of the device list when you upload. {1} rows had no tag and will get it too.',
                only,
                untagged,
              ),
      );
    } else if (tags.size > 1) {
      const listed = [...tags]
        .map(([tag, count]) => (count === 1 ? l10n.t('"{0}" (1 row)', tag) : l10n.t('"{0}" ({1} rows)', tag, count)))
        .join(', ');
      notes.push(
        l10n.t(
          'The Group Tag column was dropped: Partner Center takes one batch name (the group tag) per upload, and these rows carry {0} tags: {1}. Upload one batch per tag.',
          tags.size,
          listed,
        ),
      );
    } else {
      notes.push(
        l10n.t('The Group Tag column was dropped (it was empty): the batch name you enter when you upload becomes the group tag.'),
      );
    }
  }
  if (columns.assignedUser !== undefined) {
    const users = devices.filter((device) => (device.values.assignedUser ?? '') !== '').length;
    notes.push(
      users === 0
        ? l10n.t('The Assigned User column was dropped (it was empty).')
        : users === 1
          ? l10n.t(
              'The Assigned User column was dropped: Partner Center takes no assigned user (1 row had one). Assign users in Intune after registration.',
            )
          : l10n.t(
              'The Assigned User column was dropped: Partner Center takes no assigned user ({0} rows had one). Assign users in Intune after registration.',
              users,
            ),
    );
  }
  return notes;
}

export interface MergeInput {
  /** How notes name the file. */
  name: string;
  text: string;
  encoding?: Encoding;
}

/** Something a merge did with a file's rows, by file and 1-based line. */
export interface MergeNote {
  kind: 'repeat' | 'same-hash' | 'sample-rows' | 'unwritable';
  file: string;
  line?: number;
  message: string;
}

export interface Merge {
  text: string;
  format: FormatId;
  devices: number;
  /** Repeated rows left out, rows kept despite a repeated hash, sample and empty rows, values no row can hold. */
  notes: MergeNote[];
  /** Devices not in the result because a value could not be written (the `unwritable` notes). */
  lost: number;
}

export type MergeResult = Merge | { error: string };

/**
 * The devices of several files of one format in one file: the format's columns that any file has, in their
 * canonical order; a row that repeats an earlier one exactly is left out, and a row whose hash is already there
 * with other values is kept (the checker reports it) so no value is lost; sample and empty rows are left out.
 */
export function mergeFiles(inputs: readonly MergeInput[]): MergeResult {
  const files = inputs.map((input) => ({ input, ...validate({ text: input.text, encoding: input.encoding }) }));
  const [first] = files;
  if (!first) return { error: l10n.t('No files to merge.') };
  const format = first.sheet.format;
  const unknown = files.find((file) => !file.sheet.format);
  if (!format || unknown)
    return { error: l10n.t('{0}: the header matches no Autopilot format: fix the header before merging.', (unknown ?? first).input.name) };
  const other = files.find((file) => file.sheet.format !== format);
  if (other?.sheet.format) {
    return {
      error: l10n.t(
        '{0} is in the {1} format and {2} in the {3} format: convert one of them first (autopilot-csv convert).',
        first.input.name,
        FORMATS[format].label,
        other.input.name,
        FORMATS[other.sheet.format].label,
      ),
    };
  }
  const columns = FORMATS[format].columns.filter(
    (column) => column.required || files.some((file) => file.sheet.columns[column.role] !== undefined),
  );
  const merge: Merge = { text: '', format, devices: 0, notes: [], lost: 0 };
  const lines = [
    canonicalHeader(
      format,
      columns.map((column) => column.role),
    ),
  ];
  const firstRow = new Map<string, string>();
  const firstHash = new Map<string, string>();
  for (const { input, sheet, devices } of files) {
    for (const device of devices) {
      const where = `${input.name}:${lineOf(device.row)}`;
      const cells = columns.map((column) => device.values[column.role] ?? '');
      const unwritable = cells.find((value) => UNWRITABLE.test(value));
      if (unwritable !== undefined) {
        merge.notes.push({
          kind: 'unwritable',
          file: input.name,
          line: lineOf(device.row),
          message: l10n.t('not merged: the value "{0}" holds a comma, quote or line break, which an Autopilot CSV cannot hold', unwritable),
        });
        merge.lost++;
        continue;
      }
      const row = cells.join(',');
      const repeated = firstRow.get(row);
      if (repeated !== undefined) {
        merge.notes.push({
          kind: 'repeat',
          file: input.name,
          line: lineOf(device.row),
          message: l10n.t('left out: the same row as {0}', repeated),
        });
        continue;
      }
      firstRow.set(row, where);
      const identity = device.hash?.identity;
      const sameHash = identity === undefined ? undefined : firstHash.get(identity);
      if (sameHash !== undefined) {
        merge.notes.push({
          kind: 'same-hash',
          file: input.name,
          line: lineOf(device.row),
          message: l10n.t('kept: the same hardware hash as {0} with other values; keep the right row (duplicate-hash)', sameHash),
        });
      } else if (identity !== undefined) {
        firstHash.set(identity, where);
      }
      lines.push(row);
      merge.devices++;
    }
    const filledRows = sheet.dataRows.filter((row) => !isBlankRow(sheet.text, row, sheet.delimiter)).length;
    const sampleRows = filledRows - devices.length;
    if (sampleRows > 0)
      merge.notes.push({
        kind: 'sample-rows',
        file: input.name,
        message: sampleRowsNote(sampleRows),
      });
  }
  // Get-WindowsAutopilotInfo's line ending, whatever the inputs used.
  merge.text = `${lines.join('\r\n')}\r\n`;
  return merge;
}

/** A file over the row limit as files of at most `maxRows` rows each, every one with the header; empty rows dropped. */
export function splitFile(text: string, maxRows: number): string[] {
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a positive integer, got ${maxRows}`);
  const sheet = parseSheet(text, 'utf8');
  const header = sheet.header;
  if (!header) return [];
  const headerText = text.slice(header.start, header.end);
  const rows = sheet.dataRows.filter((row) => !isBlankRow(text, row, sheet.delimiter)).map((row) => text.slice(row.start, row.end));
  const eol = lineEnding(text);
  const trailing = endsWithLineBreak(text) ? eol : '';
  const parts: string[] = [];
  for (let start = 0; start < rows.length; start += maxRows) {
    parts.push([headerText, ...rows.slice(start, start + maxRows)].join(eol) + trailing);
  }
  return parts.length > 0 ? parts : [headerText + trailing];
}

/** `devices.csv` -> `devices-part2.csv`: parts sort next to the original. */
export function partFileName(fileName: string, part: number): string {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const extension = dot > 0 ? fileName.slice(dot) : '';
  return `${stem}-part${part}${extension}`;
}

function isBlankRow(text: string, row: Row, delimiter: string): boolean {
  for (let offset = row.start; offset < row.end; offset++) {
    const char = text[offset];
    if (char !== delimiter && char !== ' ' && char !== '\t') return false;
  }
  return true;
}

/** The file's own line ending (Get-WindowsAutopilotInfo writes CRLF), so a conversion does not change it. */
function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr !== -1 && (lf === -1 || cr < lf)) return text[cr + 1] === '\n' ? '\r\n' : '\r';
  return lf !== -1 ? '\n' : '\r\n';
}

function endsWithLineBreak(text: string): boolean {
  return text.endsWith('\n') || text.endsWith('\r') || text.length === 0;
}

function lineOf(row: Row): number {
  return row.line + 1;
}

function sampleRowsNote(count: number): string {
  return count === 1
    ? l10n.t("1 sample row from Microsoft's template left out.")
    : l10n.t("{0} sample rows from Microsoft's template left out.", count);
}
