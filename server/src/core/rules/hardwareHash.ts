// The hardware hash cell: is it readable base64, a complete and intact 4K hash, and what does it say about the
// device (serial and manufacturer present, TPM, virtual machine, the manufacturer/model the row claims)?
import * as l10n from '@vscode/l10n';
import type { Code } from '../codes';
import type { ColumnRole } from '../formats';
import {
  COMPLETE_HASH_TEXT_LENGTH,
  isTextDefect,
  repairHashText,
  type DecodedHash,
  type HashDefect,
  type HashFields,
} from '../hashDecoder';
import type { Fix } from '../types';
import type { DataRow, Emit, RuleContext } from './context';

/** What Get-WindowsAutopilotInfo captures: 3000 bytes, 4000 base64 characters. */
const COMPLETE_HASH_BYTE_LENGTH = (COMPLETE_HASH_TEXT_LENGTH / 4) * 3;

/**
 * The hash's fields when they can be believed: only a hash whose checksum verifies. A truncated or edited
 * hash still yields some records, but a record missing from a cut-off hash (a TPM, a serial) proves nothing,
 * and an edited one may carry anything.
 */
export function trustedHashFields(device: DataRow): HashFields | undefined {
  return device.hash?.checksumVerified ? device.hash.fields : undefined;
}

export type HashDefectCode = Extract<
  Code,
  'hash-base64' | 'hash-base64url' | 'hash-magic' | 'hash-truncated' | 'hash-structure' | 'hash-checksum'
>;

/** The finding a defect the decoder found makes: its code and what the user reads. */
export function judgeHashDefect(defect: HashDefect, textLength: number): { code: HashDefectCode; message: string } {
  switch (defect.kind) {
    case 'invalid-character':
      return {
        code: 'hash-base64',
        message: l10n.t(
          'Hardware hash is not valid base64: {0} at position {1} is not a base64 character. Copy the hash again from the source file.',
          defect.character,
          defect.position,
        ),
      };
    case 'data-after-padding':
      return {
        code: 'hash-base64',
        message: defect.padding
          ? l10n.t(
              "Hardware hash is not valid base64: '=' padding after '=' padding at position {0}. Copy the hash again from the source file.",
              defect.position,
            )
          : l10n.t(
              "Hardware hash is not valid base64: data after '=' padding at position {0}. Copy the hash again from the source file.",
              defect.position,
            ),
      };
    case 'mixed-alphabets':
      return {
        code: 'hash-base64',
        message: l10n.t(
          'Hardware hash mixes the base64 (+ /) and base64url (- _) alphabets, so it cannot be read. Copy the hash again from the source file.',
        ),
      };
    case 'spaces': {
      return {
        code: 'hash-base64',
        message:
          defect.count === 1
            ? l10n.t('Hardware hash contains a space or line break; base64 allows none. Remove it.')
            : l10n.t('Hardware hash contains {0} spaces or line breaks; base64 allows none. Remove them.', defect.count),
      };
    }
    case 'url-alphabet':
      return {
        code: 'hash-base64url',
        message: l10n.t(
          "Hardware hash uses the base64url alphabet ('-' and '_'); Autopilot expects standard base64 ('+' and '/'). Convert it.",
        ),
      };
    case 'wrong-padding':
      return {
        code: 'hash-base64',
        message: defect.completable
          ? l10n.t("Hardware hash length {0} is not a multiple of 4: its '=' padding is wrong. Restore the padding.", textLength)
          : l10n.t(
              'Hardware hash length {0} is not a multiple of 4 and no padding can complete it: characters are missing. Copy the hash again.',
              textLength,
            ),
      };
    case 'no-magic':
      return {
        code: 'hash-magic',
        message: l10n.t(
          'Not an Autopilot 4K hardware hash: the decoded bytes do not start with "OA" (hashes start with "T0"; this one starts with "{0}").',
          defect.prefix,
        ),
      };
    case 'truncated':
      return {
        code: 'hash-truncated',
        message: l10n.t(
          'Hardware hash truncated: {0} characters; complete hashes have {1}. Copy the whole hash again, or capture it again on the device.',
          textLength,
          COMPLETE_HASH_TEXT_LENGTH,
        ),
      };
    case 'broken-records':
      return { code: 'hash-structure', message: l10n.t('Hardware hash structure is corrupt: {0}. Capture the hash again.', defect.reason) };
    case 'no-checksum-record':
      return {
        code: 'hash-structure',
        message: l10n.t(
          'Hardware hash structure is corrupt: no checksum record (CS) at the end of the block (byte {0}). Capture the hash again.',
          defect.blockLength,
        ),
      };
    case 'checksum-mismatch':
      return {
        code: 'hash-checksum',
        message: l10n.t(
          'Hardware hash checksum does not match its content: the hash was edited or corrupted. Copy it again from the original file, or capture it again.',
        ),
      };
  }
}

/** The finding for a decoded hash's defect, if it has one. */
export function hashDefectFinding(hash: DecodedHash): { code: HashDefectCode; message: string } | undefined {
  return hash.defect ? judgeHashDefect(hash.defect, hash.textLength) : undefined;
}

export function checkHardwareHash(ctx: RuleContext, device: DataRow, emit: Emit): void {
  const hash = device.hash;
  const cell = device.cells.hash;
  if (!hash || !cell) return;
  const span = { start: cell.start, end: cell.end };
  const defect = hashDefectFinding(hash);
  if (defect) {
    const repair = textRepair(ctx, device, hash);
    // A text defect hides what lies under it (a hash with lost padding is usually cut off too): say it now,
    // not after the user has applied the repair.
    const after = repair ? hashDefectFinding(repair.after) : undefined;
    const message = after ? l10n.t('{0} Once repaired: {1}', defect.message, after.message) : defect.message;
    emit({ code: defect.code, ...span, message, fixes: repair ? [repair.fix] : [] });
  }
  // A hash too damaged to verify gets only its structural finding: its fields cannot be trusted.
  const fields = trustedHashFields(device);
  if (!fields) return;

  if (hash.unusualLength) {
    // Sized by its bytes: whitespace and padding (a text problem reported above) change the character count only.
    const payload = (repairHashText(device.values.hash ?? '') ?? '').replace(/=+$/, '').length;
    const bytes = Math.floor((payload * 3) / 4);
    emit({
      code: 'hash-length',
      ...span,
      message:
        bytes === COMPLETE_HASH_BYTE_LENGTH
          ? l10n.t(
              'The hardware hash verifies, but the bytes after its checksum are not all zero. Hashes captured by Get-WindowsAutopilotInfo are zero-padded: capture the hash again if the import rejects it.',
            )
          : l10n.t(
              'The hardware hash verifies, but it decodes to {0} bytes ({1} characters); hashes captured by Get-WindowsAutopilotInfo have {2} bytes ({3} characters). Capture it again with Get-WindowsAutopilotInfo if the import rejects it.',
              bytes,
              hash.textLength,
              COMPLETE_HASH_BYTE_LENGTH,
              COMPLETE_HASH_TEXT_LENGTH,
            ),
    });
  }

  const noSerial = isBlank(fields.serialNumber);
  const noManufacturer = isBlank(fields.manufacturer);
  if (noSerial || noManufacturer) {
    emit({
      code: 'hash-missing-fields',
      ...span,
      message:
        noSerial && noManufacturer
          ? l10n.t(
              "The hardware hash has no serial number (record 14) and no manufacturer (record 16): registration fails with 802 InvalidZtdHardwareHash. Set the value in the device's firmware (SMBIOS) and capture the hash again.",
            )
          : noSerial
            ? l10n.t(
                "The hardware hash has no serial number (record 14): registration fails with 802 InvalidZtdHardwareHash. Set the value in the device's firmware (SMBIOS) and capture the hash again.",
              )
            : l10n.t(
                "The hardware hash has no manufacturer (record 16): registration fails with 802 InvalidZtdHardwareHash. Set the value in the device's firmware (SMBIOS) and capture the hash again.",
              ),
    });
  }

  if (!fields.hasTpm) {
    emit({
      code: 'hash-no-tpm',
      ...span,
      message: l10n.t(
        'The hardware hash carries no TPM: self-deploying mode and pre-provisioning will not work on this device. Enable the TPM in the firmware and capture the hash again if you need them.',
      ),
    });
  }

  if (hash.virtualMachineSignals.length > 0) {
    emit({
      code: 'hash-virtual-machine',
      ...span,
      message: l10n.t(
        'The hardware hash comes from a virtual machine ({0}). Fine for testing; make sure it is not meant to be a real device.',
        hash.virtualMachineSignals.join('; '),
      ),
    });
  }

  checkTupleAgainstHash(device, fields, emit);
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value.trim() === '';
}

/** Whitespace, padding and the url alphabet can be repaired without touching the decoded bytes. */
function textRepair(ctx: RuleContext, device: DataRow, hash: DecodedHash): { fix: Fix; after: DecodedHash } | undefined {
  const cell = device.cells.hash;
  if (!cell || !isTextDefect(hash.defect)) return undefined;
  const raw = ctx.sheet.text.slice(cell.start, cell.end);
  const value = device.values.hash ?? '';
  const repaired = repairHashText(value);
  if (repaired === undefined || repaired === raw) return undefined;
  // Only offer what the decoder then reads as plain base64; a repair that leaves a text problem is no repair.
  const after = ctx.decodeHash(repaired);
  if (isTextDefect(after.defect)) return undefined;
  const title =
    hash.defect?.kind === 'url-alphabet'
      ? l10n.t('Convert the hash to standard base64')
      : /[\s\u200b]/.test(value)
        ? l10n.t('Remove the spaces and line breaks from the hash')
        : l10n.t("Restore the hash's '=' padding");
  // The whole cell is replaced: a hash with line breaks is quoted, and the repaired hash needs no quotes.
  return { fix: { title, edits: [{ start: cell.start, end: cell.end, newText: repaired }], preferred: true, safe: true }, after };
}

type TupleRole = Extract<ColumnRole, 'manufacturer' | 'model'>;

const TUPLE_ROLES: readonly TupleRole[] = ['manufacturer', 'model'];

export interface TupleDifference {
  role: TupleRole;
  cellValue: string;
  hashValue: string;
}

/** The manufacturer/model cells that differ from the hash's values (case-exact); empty cells differ from nothing. */
export function tupleDifferences(device: DataRow, fields: HashFields): TupleDifference[] {
  const differences: TupleDifference[] = [];
  for (const role of TUPLE_ROLES) {
    const cellValue = device.values[role] ?? '';
    if (cellValue === '') continue;
    const hashValue = fields[role]?.trim() ?? '';
    if (hashValue === '' || cellValue === hashValue) continue;
    differences.push({ role, cellValue, hashValue });
  }
  return differences;
}

function checkTupleAgainstHash(device: DataRow, fields: HashFields, emit: Emit): void {
  for (const difference of tupleDifferences(device, fields)) {
    const cell = device.cells[difference.role];
    if (!cell) continue;
    // Same letters in another case or spacing is the same value written differently; anything else may be
    // another device's value (rows shifted), which a person should look at before it is overwritten.
    const sameLetters = foldCaseAndSpaces(difference.cellValue) === foldCaseAndSpaces(difference.hashValue);
    emit({
      code: 'tuple-mismatch',
      start: cell.start,
      end: cell.end,
      message:
        difference.role === 'manufacturer'
          ? l10n.t(
              'Manufacturer "{0}" differs from the hardware hash, which says "{1}". Partner Center matches manufacturer and model exactly (case included): write "{1}".',
              difference.cellValue,
              difference.hashValue,
            )
          : l10n.t(
              'Model "{0}" differs from the hardware hash, which says "{1}". Partner Center matches manufacturer and model exactly (case included): write "{1}".',
              difference.cellValue,
              difference.hashValue,
            ),
      fixes: [
        {
          title:
            difference.role === 'manufacturer'
              ? l10n.t('Take the manufacturer from the hash ("{0}")', difference.hashValue)
              : l10n.t('Take the model from the hash ("{0}")', difference.hashValue),
          edits: [{ start: cell.start, end: cell.end, newText: difference.hashValue }],
          preferred: true,
          safe: sameLetters,
        },
      ],
    });
  }
}

function foldCaseAndSpaces(value: string): string {
  return value.toLowerCase().replace(/\s+/g, ' ');
}
