// Markdown that explains a cell: what a hardware hash says about its device, what a column means in a format
// (a group tag: groupTagDescription.ts). Hovers and completion items show it; facts: shared/reference sections 1, 3, 4.
import * as l10n from '@vscode/l10n';
import { COMPLETE_HASH_TEXT_LENGTH, type DecodedHash, type NetworkAdapter } from './hashDecoder';
import { FORMATS, LEGACY_ORDER_ID, type ColumnRole } from './formats';
import type { HeaderCell } from './sheet';
import type { FormatId } from './types';

/** Inline code that survives any value: backticks in the value get a longer fence, `|` is escaped for tables. */
export function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  const padded = value.startsWith('`') || value.endsWith('`') ? ` ${value} ` : value;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

export function plain(value: string): string {
  return value.replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1');
}

function mediumLabel(medium: NetworkAdapter['medium']): string {
  switch (medium) {
    case 'wifi':
      return 'Wi-Fi';
    case 'ethernet':
      return 'Ethernet';
    case 'bluetooth':
      return 'Bluetooth';
    case 'wwan':
      return l10n.t('Mobile broadband');
    case 'other':
      return l10n.t('Other');
  }
}

function orNotInHash(value: string | undefined): string {
  const trimmed = value?.trim();
  return trimmed ? code(trimmed) : l10n.t('_not in the hash_');
}

function tpmLine(hash: DecodedHash): string {
  const { tpm, hasTpm } = hash.fields;
  if (!hasTpm) {
    return hash.checksumVerified
      ? l10n.t('none: self-deploying mode and pre-provisioning will not work')
      : l10n.t('_none found (the hash is not intact)_');
  }
  const version = tpm ? /TPM-Version:\s*([\d.]+)/.exec(tpm)?.[1] : undefined;
  const what = version ? `TPM ${version}` : l10n.t('present');
  return tpm ? `${what} (${code(tpm)})` : what;
}

function checksumLine(hash: DecodedHash): string {
  if (hash.checksumVerified) return l10n.t('verified: SHA-256 over the {0}-byte block matches', hash.blockLength ?? '?');
  switch (hash.defect?.kind) {
    case 'checksum-mismatch':
      return l10n.t('**does not match**: the hash was edited or corrupted');
    case 'truncated':
      return l10n.t('**not reached**: the hash is cut off before its checksum');
    default:
      return l10n.t('**not verified**: the hash cannot be read to its checksum');
  }
}

function lengthLine(hash: DecodedHash): string {
  if (hash.textLength === COMPLETE_HASH_TEXT_LENGTH && !hash.unusualLength) return l10n.t('{0} characters (complete)', hash.textLength);
  if (hash.textLength === COMPLETE_HASH_TEXT_LENGTH) {
    return l10n.t('{0} characters, but the padding after the checksum is not zero', hash.textLength);
  }
  return l10n.t('{0} characters; hashes captured by Get-WindowsAutopilotInfo have {1}', hash.textLength, COMPLETE_HASH_TEXT_LENGTH);
}

function hashTitle(model: string | undefined, serial: string | undefined): string {
  if (model && serial) return l10n.t('**Hardware hash** of {0}, serial {1}', plain(model), code(serial));
  if (model) return l10n.t('**Hardware hash** of {0}', plain(model));
  if (serial) return l10n.t('**Hardware hash** of serial {0}', code(serial));
  return l10n.t('**Hardware hash**');
}

/**
 * What a hardware hash says (decoded with `detail: 'full'`): first its verdict (checksum, length, virtual machine),
 * then the device it identifies. The finding a defect makes is not repeated: the editor shows the diagnostic
 * beside the hover.
 */
export function describeHash(hash: DecodedHash): string {
  const { fields } = hash;
  const model = fields.model?.trim();
  const serial = fields.serialNumber?.trim();
  const lines: string[] = [hashTitle(model, serial), ''];
  const adapters = (fields.adapters ?? []).map(
    (adapter) => `${mediumLabel(adapter.medium)} ${code(adapter.mac)}${adapter.bus ? ` (${plain(adapter.bus)})` : ''}`,
  );
  const windows = fields.windowsBuild
    ? `${fields.windowsBuild}${fields.architecture ? ` (${fields.architecture})` : ''}`
    : l10n.t('_not in the hash_');
  const virtualMachine =
    hash.virtualMachineSignals.length > 0 ? l10n.t('yes: {0}', hash.virtualMachineSignals.map(plain).join('; ')) : l10n.t('no');
  const rows: Array<[string, string]> = [
    [l10n.t('Checksum'), checksumLine(hash)],
    [l10n.t('Length'), lengthLine(hash)],
    [l10n.t('Virtual machine'), virtualMachine],
    [l10n.t('Serial number'), orNotInHash(fields.serialNumber)],
    [l10n.t('Manufacturer'), orNotInHash(fields.manufacturer)],
    [l10n.t('Model'), orNotInHash(fields.model)],
    ['Product Key ID', orNotInHash(fields.productKeyId)],
    ['TPM', tpmLine(hash)],
    [l10n.t('Windows build'), windows],
    // Record 1's first version, older than the Windows build on 25H2 (whose components keep 24H2's build 26100).
    [l10n.t('Hash tool build'), fields.hashToolBuild ?? l10n.t('_not in the hash_')],
    [l10n.t('Network adapters'), adapters.length > 0 ? adapters.join('; ') : l10n.t('none')],
  ];
  lines.push('| | |', '|---|---|');
  for (const [label, value] of rows) lines.push(`| ${label} | ${value} |`);
  return lines.join('\n');
}

interface ColumnNote {
  /** Whether the header needs the column and whether a row needs a value. */
  need: string;
  /** What the importer does with the value. */
  meaning: string;
}

/** Built when a hover asks: the notes are in the user's language. */
const COLUMN_NOTES: Record<FormatId, Partial<Record<ColumnRole, () => ColumnNote>>> = {
  intune: {
    serial: () => ({
      need: l10n.t('Required column; every row needs a value.'),
      meaning: l10n.t(
        "The device's SMBIOS serial number as Windows reports it, leading zeros included. Intune identifies the device by serial number and hardware hash and lists it under this serial; it must equal the serial inside the hash.",
      ),
    }),
    productId: () => ({
      need: l10n.t('Required column; the value may be empty.'),
      meaning: l10n.t(
        'The 13-digit Product Key ID (PKID) from the box label. Get-WindowsAutopilotInfo leaves it empty. Never put a 25-character product key here.',
      ),
    }),
    hash: () => ({
      need: l10n.t('Required column; every row needs a value.'),
      meaning: l10n.t(
        'The 4K hardware hash (4000 base64 characters) captured by Get-WindowsAutopilotInfo. Intune registers the device by it; the same hash twice in one file fails with ZtdDeviceDuplicated.',
      ),
    }),
    groupTag: () => ({
      need: l10n.t('Optional column (after Hardware Hash); the value may be empty.'),
      meaning: l10n.t(
        "Becomes the device's Autopilot group tag, the Entra device attribute `OrderID`: dynamic device groups select devices with `[OrderID]:<tag>`, and Managed Desktop assigns its profiles by it. Must match exactly, case included.",
      ),
    }),
    assignedUser: () => ({
      need: l10n.t('Optional column (after Group Tag); the value may be empty.'),
      meaning: l10n.t(
        'The sign-in name (UPN) of the user the device is pre-assigned to. Intune checks only the domain part: a wrong user can lock the device to the wrong person.',
      ),
    }),
  },
  'partner-center': {
    serial: () => ({
      need: l10n.t('Required column; the value identifies a device only together with manufacturer and model.'),
      meaning: l10n.t(
        "The device's SMBIOS serial number. Partner Center identifies a device by its hardware hash, or by its Product Key ID, or by serial number + manufacturer + model together (the tuple).",
      ),
    }),
    productId: () => ({
      need: l10n.t('Required column; the value alone identifies the device.'),
      meaning: l10n.t('The 13-digit Product Key ID (PKID), e.g. from the barcode on the box. Never put a 25-character product key here.'),
    }),
    hash: () => ({
      need: l10n.t('Required column; the value alone identifies the device.'),
      meaning: l10n.t(
        'The 4K hardware hash. Re-registering a device after a repair or a motherboard swap needs it: the PKID or the tuple then fail.',
      ),
    }),
    manufacturer: () => ({
      need: l10n.t('Required column; the value is needed only when the row has neither hash nor Product Key ID.'),
      meaning: l10n.t(
        'The SMBIOS system manufacturer, matched case-exactly (`LENOVO`, not `Lenovo`). Get-WindowsAutopilotInfo -Partner leaves it empty when it has the hash.',
      ),
    }),
    model: () => ({
      need: l10n.t('Required column; the value is needed only when the row has neither hash nor Product Key ID.'),
      meaning: l10n.t(
        'The SMBIOS system product name, matched case-exactly (e.g. `21G2001VUS`, `Surface Laptop`). Get-WindowsAutopilotInfo -Partner leaves it empty when it has the hash.',
      ),
    }),
  },
  'mmd-portal': {
    manufacturer: () => ({
      need: l10n.t('Required column.'),
      meaning: l10n.t(
        'The SMBIOS system manufacturer. With a hardware hash the portal uses it for display only; without one, manufacturer + model + serial identify the device.',
      ),
    }),
    model: () => ({
      need: l10n.t('Required column.'),
      meaning: l10n.t(
        'The SMBIOS system product name. With a hardware hash the portal uses it for display only; without one, manufacturer + model + serial identify the device.',
      ),
    }),
    serial: () => ({
      need: l10n.t('Required column.'),
      meaning: l10n.t("The device's serial number, leading zeros included. With a hardware hash the portal uses it for display only."),
    }),
    hash: () => ({
      need: l10n.t('Optional column.'),
      meaning: l10n.t('The 4K hardware hash; it must match the device exactly.'),
    }),
  },
};

function formatNote(format: FormatId): string {
  switch (format) {
    case 'intune':
      return l10n.t('Intune import: at most 500 rows per file, no extra columns, no quotes; column names are matched exactly.');
    case 'partner-center':
      return l10n.t(
        'Partner Center takes no Group Tag column: the name you give the device list (batch) when you upload becomes the group tag of every device in it.',
      );
    case 'mmd-portal':
      return l10n.t('Legacy Managed Desktop admin portal: column names must be identical to the sample file.');
  }
}

/** What a header cell's column means in the file's format: required or not, and what the importer does with it. */
export function describeColumn(format: FormatId | undefined, headerCell: HeaderCell): string {
  const written = headerCell.value.trim();
  if (!format) {
    return `**${plain(written)}**\n\n${l10n.t('The header matches no Autopilot format, so this column means nothing to an importer yet.')}`;
  }
  const spec = FORMATS[format];
  if (headerCell.match.kind === 'legacy-order-id') {
    const explanation =
      format === 'intune'
        ? l10n.t(
            '{0} is what WindowsAutoPilotIntune 2.6 read the group tag from; the group tag now goes in `Group Tag`.',
            code(LEGACY_ORDER_ID),
          )
        : l10n.t(
            '{0} is what WindowsAutoPilotIntune 2.6 read the group tag from; the group tag now goes in `Group Tag`, which the {1} format does not take.',
            code(LEGACY_ORDER_ID),
            spec.label,
          );
    return `${l10n.t('**{0}**: legacy column', plain(written))}\n\n${explanation}`;
  }
  const role = headerCell.role;
  if (role === undefined) {
    const known = headerCell.match.known;
    const [first, second] = known?.formats.map((id) => FORMATS[id].label) ?? [];
    const reason = !known
      ? l10n.t('It is not a column of any Autopilot format. The import rejects files with extra columns.')
      : second === undefined
        ? l10n.t('{0} belongs to the {1} format. The import rejects files with extra columns.', code(known.name), first ?? '')
        : l10n.t(
            '{0} belongs to the {1} and {2} format. The import rejects files with extra columns.',
            code(known.name),
            first ?? '',
            second,
          );
    return `${l10n.t('**{0}**: not a column of the {1} format', plain(written), spec.label)}\n\n${reason}\n\n${formatNote(format)}`;
  }
  const column = spec.columns.find((candidate) => candidate.role === role);
  const name = column?.name ?? written;
  const note = COLUMN_NOTES[format][role]?.();
  const spelled =
    written === name ? '' : `\n\n${l10n.t('Written here as {0}; the {1} format names it {2}.', code(written), spec.label, code(name))}`;
  const body = note ? `${note.need}\n\n${note.meaning}` : '';
  return `${l10n.t('**{0}** ({1} format)', plain(name), spec.label)}${spelled}\n\n${body}\n\n${formatNote(format)}`;
}
