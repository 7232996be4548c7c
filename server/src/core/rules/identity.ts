// Does each row identify a device the way its format requires, and does any device appear twice?
import * as l10n from '@vscode/l10n';
import type { Row } from '../csv';
import { FORMATS, type ColumnRole } from '../formats';
import type { FormatId } from '../types';
import {
  deleteRowEdit,
  rowSpan,
  textBetween,
  type DataRow,
  type DeviceList,
  type DeviceSummary,
  type Emit,
  type RuleContext,
} from './context';
import { trustedHashFields } from './hardwareHash';
import { isPlaceholderSerial, placeholderSerialInHash } from './serialNumber';

/** The values that identify a device together (the tuple) when it has neither hash nor Product Key ID. */
type TupleRole = Extract<ColumnRole, 'serial' | 'manufacturer' | 'model'>;

/** A tuple column's name in a sentence, in the user's language. Called only for a finding. */
function columnLabel(role: TupleRole): string {
  switch (role) {
    case 'serial':
      return l10n.t('serial number');
    case 'manufacturer':
      return l10n.t('manufacturer');
    case 'model':
      return l10n.t('model');
  }
}

export function checkIdentity(ctx: RuleContext, device: DataRow, emit: Emit): void {
  const format = ctx.sheet.format;
  if (!format) return;
  // Without a required column no row can be judged; column-missing says so once, on the header.
  if (FORMATS[format].columns.some((column) => column.required && ctx.sheet.columns[column.role] === undefined)) return;
  const problem = unidentifiedReason(format, device);
  if (problem) {
    emit({ code: 'device-unidentified', ...rowSpan(device.row), message: problem });
    return;
  }
  if (format === 'partner-center') checkRedundantTuple(device, emit);
}

function has(device: DataRow, role: ColumnRole): boolean {
  return (device.values[role] ?? '') !== '';
}

/** Why the row cannot identify a device in this format, or undefined when it can. */
function unidentifiedReason(format: FormatId, device: DataRow): string | undefined {
  switch (format) {
    case 'intune': {
      // A blank serial next to a hash that itself has only a placeholder is serial-placeholder's concern.
      const serialMissing = !has(device, 'serial') && placeholderSerialInHash(device) === undefined;
      const hashMissing = !has(device, 'hash');
      if (!serialMissing && !hashMissing) return undefined;
      if (serialMissing && hashMissing) {
        return l10n.t(
          'This row has no serial number and no hardware hash: an Intune import needs both to identify the device. Capture the hash with Get-WindowsAutopilotInfo (run elevated).',
        );
      }
      if (hashMissing) {
        return l10n.t(
          'This row has no hardware hash: an Intune import needs both to identify the device. Capture the hash with Get-WindowsAutopilotInfo (run elevated).',
        );
      }
      const hashSerial = trustedHashFields(device)?.serialNumber?.trim();
      return hashSerial
        ? l10n.t(
            'This row has no serial number: an Intune import needs both to identify the device. The hardware hash says the serial number is "{0}": write it in the serial column.',
            hashSerial,
          )
        : l10n.t('This row has no serial number: an Intune import needs both to identify the device.');
    }
    case 'partner-center': {
      if (has(device, 'hash') || has(device, 'productId')) return undefined;
      if (has(device, 'serial') && has(device, 'manufacturer') && has(device, 'model')) return undefined;
      return withPartialTuple(
        l10n.t(
          'This row identifies no device: Partner Center needs the hardware hash, or the Windows Product ID, or the serial number, manufacturer and model together.',
        ),
        device,
        ['serial', 'manufacturer', 'model'],
      );
    }
    case 'mmd-portal': {
      if (has(device, 'hash')) return undefined;
      if (has(device, 'serial') && has(device, 'manufacturer') && has(device, 'model')) return undefined;
      return withPartialTuple(
        l10n.t(
          'This row identifies no device: the Managed Desktop portal needs the hardware hash, or the manufacturer, model and serial number together.',
        ),
        device,
        ['manufacturer', 'model', 'serial'],
      );
    }
  }
}

/** The reason, followed by which of the three values the row has when it has some (never all three here). */
function withPartialTuple(reason: string, device: DataRow, roles: readonly TupleRole[]): string {
  const given = roles.filter((role) => has(device, role)).map(columnLabel);
  const missing = roles.filter((role) => !has(device, role)).map(columnLabel);
  const [given1 = '', given2] = given;
  const [missing1 = '', missing2] = missing;
  if (given.length === 0) return reason;
  const partial =
    given2 !== undefined
      ? l10n.t('It has the {0} and {1} but no {2}.', given1, given2, missing1)
      : missing2 !== undefined
        ? l10n.t('It has the {0} but no {1} and no {2}.', given1, missing1, missing2)
        : l10n.t('It has the {0} but no {1}.', given1, missing1);
  return `${reason} ${partial}`;
}

/**
 * With a hash, Partner Center identifies the device by the hash and ignores the tuple. A tuple equal to the hash's
 * values is harmless (the converter writes it that way), and one that differs is tuple-mismatch's concern; what is
 * left is a value the hash cannot confirm, because it carries none for that column: it is neither used nor checked.
 */
function checkRedundantTuple(device: DataRow, emit: Emit): void {
  const fields = trustedHashFields(device);
  if (!fields) return;
  const unconfirmed = (['manufacturer', 'model'] as const).filter((role) => has(device, role) && (fields[role]?.trim() ?? '') === '');
  const cells = unconfirmed.map((role) => device.cells[role]).filter((cell) => cell !== undefined);
  if (cells.length === 0) return;
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const cell of cells) {
    start = Math.min(start, cell.start);
    end = Math.max(end, cell.end);
  }
  const [first, second] = unconfirmed.map(columnLabel);
  const what = second === undefined ? (first ?? '') : l10n.t('{0} and {1}', first ?? '', second);
  emit({
    code: 'redundant-tuple',
    start,
    end,
    message: l10n.t(
      "This row has a hardware hash, so Partner Center ignores the {0}, and the hash carries no {0} to confirm it: keep the value only if you know it is the device's own (Get-WindowsAutopilotInfo -Partner leaves it empty when it has the hash).",
      what,
    ),
    fixes: [
      {
        title: l10n.t('Clear the {0}', what),
        edits: cells.map((cell) => ({ start: cell.start, end: cell.end, newText: '' })),
        safe: false,
      },
    ],
  });
}

/**
 * Key under which two rows carry the same hash: the digest of the decoded block when there is one, else the text
 * after a U+0100, a character no digest has (one character per byte). The digest itself is the key: a key built
 * per row would be a new string to hash on every map access of a 50,000-row file.
 */
function hashKey(devices: DeviceList, index: number): string | undefined {
  const identity = devices.identity(index);
  if (identity) return identity;
  const text = devices.value(index, 'hash') ?? '';
  return text === '' ? undefined : `\u0100${text}`;
}

function lineOf(row: Row): number {
  return row.line + 1;
}

/** One pass with maps: files reach 50,000 rows. The finding goes on the later row, pointing at the first. */
export function checkDuplicates(ctx: RuleContext, devices: DeviceList, emit: Emit): void {
  const firstByHash = new Map<string, number>();
  const firstBySerial = new Map<string, number>();
  for (let index = 0; index < devices.length; index++) {
    const key = hashKey(devices, index);
    if (key !== undefined && devices.hasCell(index, 'hash')) {
      const first = firstByHash.get(key);
      if (first !== undefined) {
        reportDuplicateHash(ctx, devices.summary(first), devices.summary(index), emit);
        // A repeated row is one concern: its serial is the first row's serial for the same reason.
        continue;
      }
      firstByHash.set(key, index);
    }

    const serial = devices.value(index, 'serial') ?? '';
    if (serial === '' || !devices.hasCell(index, 'serial')) continue;
    const earlier = firstBySerial.get(serial);
    if (earlier === undefined) {
      firstBySerial.set(serial, index);
      continue;
    }
    // Placeholders repeat across unrelated machines; serial-placeholder already reports each of them.
    if (isPlaceholderSerial(serial)) continue;
    const earlierKey = hashKey(devices, earlier);
    if (earlierKey !== undefined && earlierKey === key) continue;
    reportDuplicateSerial(devices.summary(earlier), devices.summary(index), serial, key !== undefined && earlierKey !== undefined, emit);
  }
}

function reportDuplicateHash(ctx: RuleContext, first: DeviceSummary, device: DeviceSummary, emit: Emit): void {
  const hashCell = device.cells.hash;
  if (!hashCell) return;
  const firstCell = first.cells.hash ?? first.row.cells[0];
  const identical =
    first.row.end - first.row.start === device.row.end - device.row.start &&
    textBetween(ctx, first.row.start, first.row.end) === textBetween(ctx, device.row.start, device.row.end);
  emit({
    code: 'duplicate-hash',
    start: hashCell.start,
    end: hashCell.end,
    message: identical
      ? l10n.t(
          'This row repeats line {0}: the import processes only one of the two and fails the other (ZtdDeviceDuplicated). Delete this row.',
          lineOf(first.row),
        )
      : l10n.t(
          'This hardware hash is already on line {0}: the import processes only one of the two and fails the other (ZtdDeviceDuplicated). Delete this row.',
          lineOf(first.row),
        ),
    fixes: [{ title: l10n.t('Delete this duplicate row'), edits: [deleteRowEdit(ctx, device.row)], preferred: true, safe: identical }],
    related: firstCell
      ? [{ start: firstCell.start, end: firstCell.end, message: l10n.t('The same hardware hash, first on line {0}', lineOf(first.row)) }]
      : undefined,
  });
}

function reportDuplicateSerial(earlier: DeviceSummary, device: DeviceSummary, serial: string, bothHashed: boolean, emit: Emit): void {
  const serialCell = device.cells.serial;
  if (!serialCell) return;
  const otherCell = earlier.cells.serial ?? earlier.row.cells[0];
  emit({
    code: 'duplicate-serial',
    start: serialCell.start,
    end: serialCell.end,
    message: bothHashed
      ? l10n.t(
          'Serial number "{0}" is also on line {1}, with a different hardware hash: one device, registered twice? A replaced motherboard gives a new hash; keep only the row with the current one.',
          serial,
          lineOf(earlier.row),
        )
      : l10n.t(
          'Serial number "{0}" is also on line {1}: one device, registered twice? A replaced motherboard gives a new hash; keep only the row with the current one.',
          serial,
          lineOf(earlier.row),
        ),
    related: otherCell
      ? [{ start: otherCell.start, end: otherCell.end, message: l10n.t('The same serial number on line {0}', lineOf(earlier.row)) }]
      : undefined,
  });
}
