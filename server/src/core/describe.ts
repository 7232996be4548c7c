// Markdown that explains a cell: what a hardware hash says about its device, what a column means in a format
// (a group tag: groupTagDescription.ts). Hovers and completion items show it; facts: shared/reference sections 1, 3, 4.
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

const MEDIUM_LABELS: Record<NetworkAdapter['medium'], string> = {
  wifi: 'Wi-Fi',
  ethernet: 'Ethernet',
  bluetooth: 'Bluetooth',
  wwan: 'Mobile broadband',
  other: 'Other',
};

function orNotInHash(value: string | undefined): string {
  const trimmed = value?.trim();
  return trimmed ? code(trimmed) : '_not in the hash_';
}

function tpmLine(hash: DecodedHash): string {
  const { tpm, hasTpm } = hash.fields;
  if (!hasTpm) {
    return hash.checksumVerified ? 'none: self-deploying mode and pre-provisioning will not work' : '_none found (the hash is not intact)_';
  }
  const version = tpm ? /TPM-Version:\s*([\d.]+)/.exec(tpm)?.[1] : undefined;
  return `${version ? `TPM ${version}` : 'present'}${tpm ? ` (${code(tpm)})` : ''}`;
}

function checksumLine(hash: DecodedHash): string {
  if (hash.checksumVerified) return `verified: SHA-256 over the ${hash.blockLength ?? '?'}-byte block matches`;
  switch (hash.defect?.kind) {
    case 'checksum-mismatch':
      return '**does not match**: the hash was edited or corrupted';
    case 'truncated':
      return '**not reached**: the hash is cut off before its checksum';
    default:
      return '**not verified**: the hash cannot be read to its checksum';
  }
}

function lengthLine(hash: DecodedHash): string {
  if (hash.textLength === COMPLETE_HASH_TEXT_LENGTH && !hash.unusualLength) return `${hash.textLength} characters (complete)`;
  if (hash.textLength === COMPLETE_HASH_TEXT_LENGTH) return `${hash.textLength} characters, but the padding after the checksum is not zero`;
  return `${hash.textLength} characters; hashes captured by Get-WindowsAutopilotInfo have ${COMPLETE_HASH_TEXT_LENGTH}`;
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
  const title = [model ? plain(model) : undefined, serial ? `serial ${code(serial)}` : undefined].filter(Boolean).join(', ');
  const lines: string[] = [`**Hardware hash**${title ? ` of ${title}` : ''}`, ''];
  const adapters = (fields.adapters ?? []).map(
    (adapter) => `${MEDIUM_LABELS[adapter.medium]} ${code(adapter.mac)}${adapter.bus ? ` (${plain(adapter.bus)})` : ''}`,
  );
  const windows = fields.windowsBuild
    ? `${fields.windowsBuild}${fields.architecture ? ` (${fields.architecture})` : ''}`
    : '_not in the hash_';
  const virtualMachine = hash.virtualMachineSignals.length > 0 ? `yes: ${hash.virtualMachineSignals.map(plain).join('; ')}` : 'no';
  const rows: Array<[string, string]> = [
    ['Checksum', checksumLine(hash)],
    ['Length', lengthLine(hash)],
    ['Virtual machine', virtualMachine],
    ['Serial number', orNotInHash(fields.serialNumber)],
    ['Manufacturer', orNotInHash(fields.manufacturer)],
    ['Model', orNotInHash(fields.model)],
    ['Product Key ID', orNotInHash(fields.productKeyId)],
    ['TPM', tpmLine(hash)],
    ['Windows build', windows],
    // Record 1's first version, older than the Windows build on 25H2 (whose components keep 24H2's build 26100).
    ['Hash tool build', fields.hashToolBuild ?? '_not in the hash_'],
    ['Network adapters', adapters.length > 0 ? adapters.join('; ') : 'none'],
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

const TUPLE_NOTE =
  'Partner Center identifies a device by its hardware hash, or by its Product Key ID, or by serial number + manufacturer + model together (the tuple).';

const COLUMN_NOTES: Record<FormatId, Partial<Record<ColumnRole, ColumnNote>>> = {
  intune: {
    serial: {
      need: 'Required column; every row needs a value.',
      meaning:
        "The device's SMBIOS serial number as Windows reports it, leading zeros included. Intune identifies the device by serial number and hardware hash and lists it under this serial; it must equal the serial inside the hash.",
    },
    productId: {
      need: 'Required column; the value may be empty.',
      meaning:
        'The 13-digit Product Key ID (PKID) from the box label. Get-WindowsAutopilotInfo leaves it empty. Never put a 25-character product key here.',
    },
    hash: {
      need: 'Required column; every row needs a value.',
      meaning:
        'The 4K hardware hash (4000 base64 characters) captured by Get-WindowsAutopilotInfo. Intune registers the device by it; the same hash twice in one file fails with ZtdDeviceDuplicated.',
    },
    groupTag: {
      need: 'Optional column (after Hardware Hash); the value may be empty.',
      meaning:
        "Becomes the device's Autopilot group tag, the Entra device attribute `OrderID`: dynamic device groups select devices with `[OrderID]:<tag>`, and Managed Desktop assigns its profiles by it. Must match exactly, case included.",
    },
    assignedUser: {
      need: 'Optional column (after Group Tag); the value may be empty.',
      meaning:
        'The sign-in name (UPN) of the user the device is pre-assigned to. Intune checks only the domain part: a wrong user can lock the device to the wrong person.',
    },
  },
  'partner-center': {
    serial: {
      need: 'Required column; the value identifies a device only together with manufacturer and model.',
      meaning: `The device's SMBIOS serial number. ${TUPLE_NOTE}`,
    },
    productId: {
      need: 'Required column; the value alone identifies the device.',
      meaning: 'The 13-digit Product Key ID (PKID), e.g. from the barcode on the box. Never put a 25-character product key here.',
    },
    hash: {
      need: 'Required column; the value alone identifies the device.',
      meaning:
        'The 4K hardware hash. Re-registering a device after a repair or a motherboard swap needs it: the PKID or the tuple then fail.',
    },
    manufacturer: {
      need: 'Required column; the value is needed only when the row has neither hash nor Product Key ID.',
      meaning:
        'The SMBIOS system manufacturer, matched case-exactly (`LENOVO`, not `Lenovo`). Get-WindowsAutopilotInfo -Partner leaves it empty when it has the hash.',
    },
    model: {
      need: 'Required column; the value is needed only when the row has neither hash nor Product Key ID.',
      meaning:
        'The SMBIOS system product name, matched case-exactly (e.g. `21G2001VUS`, `Surface Laptop`). Get-WindowsAutopilotInfo -Partner leaves it empty when it has the hash.',
    },
  },
  'mmd-portal': {
    manufacturer: {
      need: 'Required column.',
      meaning:
        'The SMBIOS system manufacturer. With a hardware hash the portal uses it for display only; without one, manufacturer + model + serial identify the device.',
    },
    model: {
      need: 'Required column.',
      meaning:
        'The SMBIOS system product name. With a hardware hash the portal uses it for display only; without one, manufacturer + model + serial identify the device.',
    },
    serial: {
      need: 'Required column.',
      meaning: "The device's serial number, leading zeros included. With a hardware hash the portal uses it for display only.",
    },
    hash: {
      need: 'Optional column.',
      meaning: 'The 4K hardware hash; it must match the device exactly.',
    },
  },
};

const FORMAT_NOTES: Record<FormatId, string> = {
  intune: 'Intune import: at most 500 rows per file, no extra columns, no quotes; column names are matched exactly.',
  'partner-center':
    'Partner Center takes no Group Tag column: the name you give the device list (batch) when you upload becomes the group tag of every device in it.',
  'mmd-portal': 'Legacy Managed Desktop admin portal: column names must be identical to the sample file.',
};

/** What a header cell's column means in the file's format: required or not, and what the importer does with it. */
export function describeColumn(format: FormatId | undefined, headerCell: HeaderCell): string {
  const written = headerCell.value.trim();
  if (!format) {
    return `**${plain(written)}**\n\nThe header matches no Autopilot format, so this column means nothing to an importer yet.`;
  }
  const spec = FORMATS[format];
  if (headerCell.match.kind === 'legacy-order-id') {
    return `**${plain(written)}**: legacy column\n\n\`${LEGACY_ORDER_ID}\` is what WindowsAutoPilotIntune 2.6 read the group tag from; the group tag now goes in \`Group Tag\`${format === 'intune' ? '' : `, which the ${spec.label} format does not take`}.`;
  }
  const role = headerCell.role;
  if (role === undefined) {
    const known = headerCell.match.known;
    const reason = known
      ? `\`${known.name}\` belongs to the ${known.formats.map((id) => FORMATS[id].label).join(' and ')} format.`
      : 'It is not a column of any Autopilot format.';
    return `**${plain(written)}**: not a column of the ${spec.label} format\n\n${reason} The import rejects files with extra columns.\n\n${FORMAT_NOTES[format]}`;
  }
  const column = spec.columns.find((candidate) => candidate.role === role);
  const name = column?.name ?? written;
  const note = COLUMN_NOTES[format][role];
  const spelled = written === name ? '' : `\n\nWritten here as ${code(written)}; the ${spec.label} format names it ${code(name)}.`;
  const body = note ? `${note.need}\n\n${note.meaning}` : '';
  return `**${plain(name)}** (${spec.label} format)${spelled}\n\n${body}\n\n${FORMAT_NOTES[format]}`;
}
