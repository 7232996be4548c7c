// The serial number cell: Excel damage (scientific notation, lost leading zeros), placeholders instead of a
// serial, characters no serial holds, and agreement with the serial inside the hardware hash.
import * as l10n from '@vscode/l10n';
import type { Fix } from '../types';
import type { DataRow, Emit, RuleContext } from './context';
import { trustedHashFields } from './hardwareHash';

/** What firmware reports when nobody set a serial (SMBIOS defaults of boards, hypervisors and OEM tools). */
const PLACEHOLDER_SERIALS: ReadonlySet<string> = new Set([
  'smbios_string_index_0',
  'to be filled by o.e.m.',
  'default string',
  'system serial number',
  'none',
]);

/** Excel's General format turns long digit runs into `1.65208E+10`. */
const SCIENTIFIC_NOTATION = /^\d+(?:\.\d+)?E\+\d+$/i;
const FORBIDDEN_CHARACTER = /[\x00-\x1f\x7f,"]/;

/** First characters of the placeholders, lower case: most serials are told apart by their first one alone. */
const PLACEHOLDER_FIRST_CHARACTERS = new Set([...PLACEHOLDER_SERIALS, '0'].map((placeholder) => placeholder.charCodeAt(0)));

export function isPlaceholderSerial(value: string): boolean {
  const first = value.charCodeAt(0) | 0x20;
  const alphanumeric = (first >= 0x30 && first <= 0x39) || (first >= 0x61 && first <= 0x7a);
  if (alphanumeric && !PLACEHOLDER_FIRST_CHARACTERS.has(first)) return false;
  const folded = value.trim().toLowerCase();
  return PLACEHOLDER_SERIALS.has(folded) || /^0+$/.test(folded);
}

/** The placeholder a verified hash carries as its serial (record 14), if it carries one. */
export function placeholderSerialInHash(device: DataRow): string | undefined {
  const serial = trustedHashFields(device)?.serialNumber?.trim();
  return serial !== undefined && isPlaceholderSerial(serial) ? serial : undefined;
}

export function checkSerialNumber(_ctx: RuleContext, device: DataRow, emit: Emit): void {
  const value = device.values.serial ?? '';
  const cell = device.cells.serial;
  const hashSerial = trustedHashFields(device)?.serialNumber?.trim() || undefined;

  if (value === '' || !cell) {
    const placeholder = placeholderSerialInHash(device);
    if (placeholder === undefined) return;
    const at = cell?.start ?? device.row.end;
    emit({
      code: 'serial-placeholder',
      start: at,
      end: cell?.end ?? at,
      message: l10n.t(
        'The serial number is empty and the hardware hash carries the placeholder "{0}": this device (typically a virtual machine) has no real serial number, and Autopilot identifies devices by it. Set a serial number in the device\'s firmware (SMBIOS; for a VM, in its configuration) and capture the hash again.',
        placeholder,
      ),
    });
    return;
  }
  const span = { start: cell.start, end: cell.end };

  const forbidden = FORBIDDEN_CHARACTER.exec(value);
  if (forbidden) {
    emit({
      code: 'serial-invalid',
      ...span,
      message: forbiddenCharacterMessage(printable(value), forbidden[0], hashSerial),
    });
    return;
  }

  if (SCIENTIFIC_NOTATION.test(value)) {
    // Even a hash that does not verify may still hold a readable serial: offered, but not applied unasked.
    const fromHash = hashSerial ?? readableHashSerial(device);
    const verified = hashSerial !== undefined;
    emit({
      code: 'serial-scientific',
      ...span,
      message: fromHash
        ? l10n.t(
            'Serial number "{0}" is in scientific notation: Excel turned it into a number and lost digits. The hardware hash says "{1}". Edit Autopilot files in a text editor, not Excel.',
            value,
            fromHash,
          )
        : l10n.t(
            'Serial number "{0}" is in scientific notation: Excel turned it into a number and lost digits. Type the serial again from the device label. Edit Autopilot files in a text editor, not Excel.',
            value,
          ),
      fixes: fromHash ? takeFromHash(span, fromHash, verified, verified) : [],
    });
    return;
  }

  if (isPlaceholderSerial(value) && (hashSerial === undefined || isPlaceholderSerial(hashSerial))) {
    emit({
      code: 'serial-placeholder',
      ...span,
      message: l10n.t(
        '"{0}" is a placeholder, not a serial number: nobody set one in this device\'s firmware (common on self-built PCs and virtual machines). Registration may fail (802 InvalidZtdHardwareHash): set a serial number in the firmware (SMBIOS) and capture the hash again.',
        value,
      ),
    });
    return;
  }
  // A placeholder cell next to a hash with a real serial is simply the wrong value: the mismatch below says so.

  if (hashSerial === undefined || hashSerial === value) return;

  if (isPlaceholderSerial(hashSerial)) {
    emit({
      code: 'serial-placeholder',
      ...span,
      message: l10n.t(
        'The hardware hash carries the placeholder "{0}" instead of a serial number, so "{1}" is not what the device reports: this device (typically a virtual machine) has no real serial. Set a serial number in its firmware (SMBIOS) and capture the hash again.',
        hashSerial,
        value,
      ),
    });
    return;
  }

  const lostZeros = hashSerial.length - value.length;
  if (lostZeros > 0 && hashSerial.endsWith(value) && /^0+$/.test(hashSerial.slice(0, lostZeros))) {
    emit({
      code: 'serial-leading-zeros',
      ...span,
      message:
        lostZeros === 1
          ? l10n.t(
              'Serial number "{0}" lost its leading zero: the hardware hash says "{1}". Excel drops them when it reads serials as numbers; edit Autopilot files in a text editor.',
              value,
              hashSerial,
            )
          : l10n.t(
              'Serial number "{0}" lost its leading zeros: the hardware hash says "{1}". Excel drops them when it reads serials as numbers; edit Autopilot files in a text editor.',
              value,
              hashSerial,
            ),
      fixes: takeFromHash(span, hashSerial, true, true),
    });
    return;
  }

  // Another case of the same serial is the same device; any other difference may be a row that belongs to
  // another device, which a person should look at before the cell is overwritten.
  const sameSerialOtherCase = hashSerial.toLowerCase() === value.toLowerCase();
  emit({
    code: 'serial-mismatch',
    ...span,
    message: sameSerialOtherCase
      ? l10n.t(
          'Serial number "{0}" differs from the serial inside the hardware hash, "{1}". Write it as the device reports it.',
          value,
          hashSerial,
        )
      : l10n.t(
          'Serial number "{0}" differs from the serial inside the hardware hash, "{1}". Rows may be misaligned, or the serial or the hash was edited: check which device this row is before taking the serial from the hash.',
          value,
          hashSerial,
        ),
    fixes: takeFromHash(span, hashSerial, true, sameSerialOtherCase),
  });
}

/** The serial a hash that did not verify still lets us read, when it is a usable value. */
function readableHashSerial(device: DataRow): string | undefined {
  const serial = device.hash?.fields.serialNumber?.trim();
  return serial && !isPlaceholderSerial(serial) ? serial : undefined;
}

/** No fix when the hash's serial could not be written into a cell (a comma or quote would break the row). */
function takeFromHash(span: { start: number; end: number }, serial: string, preferred: boolean, safe: boolean): Fix[] {
  if (FORBIDDEN_CHARACTER.test(serial)) return [];
  return [
    {
      title: l10n.t('Take the serial number from the hash ("{0}")', serial),
      edits: [{ start: span.start, end: span.end, newText: serial }],
      preferred,
      safe,
    },
  ];
}

function forbiddenCharacterMessage(serial: string, char: string, hashSerial: string | undefined): string {
  if (char === ',') {
    return hashSerial
      ? l10n.t(
          'Serial number "{0}" contains a comma; no serial number does, and the import cannot read it. Type the serial again from the device label (the hardware hash says "{1}").',
          serial,
          hashSerial,
        )
      : l10n.t(
          'Serial number "{0}" contains a comma; no serial number does, and the import cannot read it. Type the serial again from the device label.',
          serial,
        );
  }
  if (char === '"') {
    return hashSerial
      ? l10n.t(
          'Serial number "{0}" contains a quotation mark; no serial number does, and the import cannot read it. Type the serial again from the device label (the hardware hash says "{1}").',
          serial,
          hashSerial,
        )
      : l10n.t(
          'Serial number "{0}" contains a quotation mark; no serial number does, and the import cannot read it. Type the serial again from the device label.',
          serial,
        );
  }
  const codePoint = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return hashSerial
    ? l10n.t(
        'Serial number "{0}" contains the control character {1}; no serial number does, and the import cannot read it. Type the serial again from the device label (the hardware hash says "{2}").',
        serial,
        codePoint,
        hashSerial,
      )
    : l10n.t(
        'Serial number "{0}" contains the control character {1}; no serial number does, and the import cannot read it. Type the serial again from the device label.',
        serial,
        codePoint,
      );
}

function printable(value: string): string {
  return value.replace(/[\x00-\x1f\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
