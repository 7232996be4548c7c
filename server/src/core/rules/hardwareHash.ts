// The hardware hash cell: is it readable base64, a complete and intact 4K hash, and what does it say about the
// device (serial and manufacturer present, TPM, virtual machine, the manufacturer/model the row claims)?
import type { ColumnRole } from '../formats';
import { COMPLETE_HASH_TEXT_LENGTH, repairHashText, type DecodedHash, type HashFields } from '../hardwareHash';
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

export function checkHardwareHash(ctx: RuleContext, device: DataRow, emit: Emit): void {
  const hash = device.hash;
  const cell = device.cells.hash;
  if (!hash || !cell) return;
  const span = { start: cell.start, end: cell.end };
  if (hash.problem) {
    const repair = textRepair(ctx, device, hash);
    // A text problem hides what lies under it (a hash with lost padding is usually cut off too): say it now,
    // not after the user has applied the repair.
    const underneath = repair?.after.problem ? ` Once repaired: ${repair.after.problem.message}` : '';
    emit({ code: hash.problem.code, ...span, message: hash.problem.message + underneath, fixes: repair ? [repair.fix] : [] });
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
          ? 'The hardware hash verifies, but the bytes after its checksum are not all zero. Hashes captured by Get-WindowsAutopilotInfo are zero-padded: capture the hash again if the import rejects it.'
          : `The hardware hash verifies, but it decodes to ${bytes} bytes (${hash.textLength} characters); hashes captured by Get-WindowsAutopilotInfo have ${COMPLETE_HASH_BYTE_LENGTH} bytes (${COMPLETE_HASH_TEXT_LENGTH} characters). Capture it again with Get-WindowsAutopilotInfo if the import rejects it.`,
    });
  }

  const missing = [
    isBlank(fields.serialNumber) ? 'serial number (record 14)' : undefined,
    isBlank(fields.manufacturer) ? 'manufacturer (record 16)' : undefined,
  ].filter((name): name is string => name !== undefined);
  if (missing.length > 0) {
    emit({
      code: 'hash-missing-fields',
      ...span,
      message: `The hardware hash has no ${missing.join(' and no ')}: registration fails with 802 InvalidZtdHardwareHash. Set the value in the device's firmware (SMBIOS) and capture the hash again.`,
    });
  }

  if (!fields.hasTpm) {
    emit({
      code: 'hash-no-tpm',
      ...span,
      message: 'The hardware hash carries no TPM: self-deploying mode and pre-provisioning will not work on this device. Enable the TPM in the firmware and capture the hash again if you need them.',
    });
  }

  if (hash.virtualMachineSignals.length > 0) {
    emit({
      code: 'hash-virtual-machine',
      ...span,
      message: `The hardware hash comes from a virtual machine (${hash.virtualMachineSignals.join('; ')}). Fine for testing; make sure it is not meant to be a real device.`,
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
  const code = hash.problem?.code;
  if (!cell || (code !== 'hash-base64' && code !== 'hash-base64url')) return undefined;
  const raw = ctx.sheet.text.slice(cell.start, cell.end);
  const value = device.values.hash ?? '';
  const repaired = repairHashText(value);
  if (repaired === undefined || repaired === raw) return undefined;
  // Only offer what the decoder then reads as plain base64; a repair that leaves a text problem is no repair.
  const after = ctx.decodeHash(repaired);
  if (after.problem?.code === 'hash-base64' || after.problem?.code === 'hash-base64url') return undefined;
  const title =
    code === 'hash-base64url'
      ? 'Convert the hash to standard base64'
      : /[\s\u200b]/.test(value)
        ? 'Remove the spaces and line breaks from the hash'
        : "Restore the hash's '=' padding";
  // The whole cell is replaced: a hash with line breaks is quoted, and the repaired hash needs no quotes.
  return { fix: { title, edits: [{ start: cell.start, end: cell.end, newText: repaired }], preferred: true, safe: true }, after };
}

type TupleRole = Extract<ColumnRole, 'manufacturer' | 'model'>;

const TUPLE_LABELS: ReadonlyArray<{ role: TupleRole; label: string }> = [
  { role: 'manufacturer', label: 'Manufacturer' },
  { role: 'model', label: 'Model' },
];

export interface TupleDifference {
  role: TupleRole;
  label: string;
  cellValue: string;
  hashValue: string;
}

/** The manufacturer/model cells that differ from the hash's values (case-exact); empty cells differ from nothing. */
export function tupleDifferences(device: DataRow, fields: HashFields): TupleDifference[] {
  const differences: TupleDifference[] = [];
  for (const { role, label } of TUPLE_LABELS) {
    const cellValue = device.values[role] ?? '';
    if (cellValue === '') continue;
    const hashValue = fields[role]?.trim() ?? '';
    if (hashValue === '' || cellValue === hashValue) continue;
    differences.push({ role, label, cellValue, hashValue });
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
      message: `${difference.label} "${difference.cellValue}" differs from the hardware hash, which says "${difference.hashValue}". Partner Center matches manufacturer and model exactly (case included): write "${difference.hashValue}".`,
      fixes: [
        {
          title: `Take the ${difference.label.toLowerCase()} from the hash ("${difference.hashValue}")`,
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
