// Synthetic Autopilot hardware hashes: the record order, record shapes, block length, CS checksum and
// zero padding of real Get-WindowsAutopilotInfo output (the researched Autopilot CSV facts, section 3.2),
// filled with made-up values so samples, tests and benchmarks carry no real person's device.
import { createHash } from 'node:crypto';
import { seededRandom, type Random } from './random';

export interface SyntheticDevice {
  serialNumber: string;
  manufacturer: string;
  model: string;
  productKeyId?: string;
  /** Default true. */
  tpm?: boolean;
  virtualMachine?: 'qemu' | 'vmware' | 'hyperv';
  /** The operating system's version, `major.minor.build.revision`; default `10.0.26100.3323`. */
  windowsBuild?: string;
  /** The build of the Windows component that wrote the hash (record 1's first version); default `windowsBuild`. */
  hashToolBuild?: string;
}

const HASH_BYTE_LENGTH = 3000;
const CHECKSUM_RECORD_LENGTH = 36;
const DEFAULT_WINDOWS_BUILD = '10.0.26100.3323';
const SMBIOS_PLACEHOLDER = 'SMBIOS_STRING_INDEX_0';

/** FNV-1a, so each serial gets its own MACs and UUID even under one seed. */
function textSeed(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('item of an empty list');
  return item;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return itemAt(items, Math.floor(random() * items.length));
}

function randomBytes(random: Random, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

const HEX_DIGITS = '0123456789ABCDEF';
function randomHex(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += HEX_DIGITS[Math.floor(random() * 16)];
  return text;
}

interface HardwareProfile {
  biosVendor: string;
  cpuVendor: string;
  cpuBrand: string;
  diskModel?: string;
  /** VMware's record 28 shape, `serial|model|vendor`, has its own spacing. */
  diskRecordText?: (random: Random) => string;
  sku: (model: string) => string;
  family: (model: string) => string;
  systemVersion: string;
  baseboard: [manufacturer: string, product: string, version: string];
  display: 'panel' | 'none';
  adapters: ReadonlyArray<{ medium: number; bus: string }>;
  graphics: string;
  physical: boolean;
}

const WIFI = 9;
const BLUETOOTH = 10;
const ETHERNET = 14;

const PHYSICAL_PROFILES: Readonly<Record<string, HardwareProfile>> = {
  HP: {
    biosVendor: 'HP',
    cpuVendor: 'GenuineIntel',
    cpuBrand: '13th Gen Intel(R) Core(TM) i5-1345U',
    diskModel: 'KIOXIA KXG80ZNV512G',
    sku: () => '8A3H4EA#ABD',
    family: () => '103C_5336AN HP EliteBook',
    systemVersion: 'SBKPF',
    baseboard: ['HP', '8B41', 'KBC Version 52.2D.00'],
    display: 'panel',
    adapters: [
      { medium: BLUETOOTH, bus: 'BTH' },
      { medium: WIFI, bus: 'PCI' },
    ],
    graphics: 'Intel Corporation|Intel(R) Iris(R) Xe Graphics',
    physical: true,
  },
  LENOVO: {
    biosVendor: 'LENOVO',
    cpuVendor: 'GenuineIntel',
    cpuBrand: 'Intel(R) Core(TM) Ultra 5 125U',
    diskModel: 'SAMSUNG MZVL4512HBLU-00BL7',
    sku: (model) => `LENOVO_MT_${model.slice(0, 4)}_BU_Think_FM_ThinkPad`,
    family: () => 'ThinkPad',
    systemVersion: 'ThinkPad',
    baseboard: ['LENOVO', 'SDK0T76530 WIN', 'Not Defined'],
    display: 'panel',
    adapters: [
      { medium: BLUETOOTH, bus: 'BTH' },
      { medium: ETHERNET, bus: 'PCI' },
      { medium: WIFI, bus: 'PCI' },
    ],
    graphics: 'Intel Corporation|Intel(R) Graphics',
    physical: true,
  },
  'Dell Inc.': {
    biosVendor: 'Dell Inc.',
    cpuVendor: 'GenuineIntel',
    cpuBrand: '13th Gen Intel(R) Core(TM) i7-1365U',
    diskModel: 'BC901 NVMe SK hynix 512GB',
    sku: () => '0C0B',
    family: (model) => model.split(' ')[0] ?? 'Latitude',
    systemVersion: 'Not Specified',
    baseboard: ['Dell Inc.', '0K4X8T', 'A00'],
    display: 'panel',
    adapters: [
      { medium: WIFI, bus: 'PCI' },
      { medium: BLUETOOTH, bus: 'BTH' },
    ],
    graphics: 'Intel Corporation|Intel(R) Iris(R) Xe Graphics',
    physical: true,
  },
  'Microsoft Corporation': {
    biosVendor: 'Microsoft Corporation',
    cpuVendor: 'GenuineIntel',
    cpuBrand: '12th Gen Intel(R) Core(TM) i5-1245U',
    diskModel: 'Samsung KUS040202M-B000',
    sku: (model) => model.replaceAll(' ', '_'),
    family: () => 'Surface',
    systemVersion: '124I:00036T:000M:0300000D:11B:07F:1C:05P:48S:01E:0Y:0K:0U:02M:0001:0',
    baseboard: ['Microsoft Corporation', 'Surface Laptop', SMBIOS_PLACEHOLDER],
    display: 'panel',
    adapters: [
      { medium: WIFI, bus: 'PCI' },
      { medium: BLUETOOTH, bus: 'BTH' },
    ],
    graphics: 'Intel Corporation|Intel(R) Iris(R) Xe Graphics',
    physical: true,
  },
};

const VIRTUAL_PROFILES: Readonly<Record<NonNullable<SyntheticDevice['virtualMachine']>, HardwareProfile>> = {
  qemu: {
    biosVendor: 'EFI Development Kit II / OVMF',
    cpuVendor: 'GenuineIntel',
    cpuBrand: 'QEMU Virtual CPU version 2.5+',
    diskModel: 'QEMU HARDDISK',
    sku: () => SMBIOS_PLACEHOLDER,
    family: () => SMBIOS_PLACEHOLDER,
    systemVersion: 'pc-q35-7.2',
    baseboard: ['QEMU', 'Standard PC (Q35 + ICH9, 2009)', 'pc-q35-7.2'],
    display: 'none',
    adapters: [{ medium: ETHERNET, bus: 'PCI' }],
    graphics: 'Red Hat, Inc.|Red Hat VirtIO GPU DOD controller',
    physical: false,
  },
  vmware: {
    biosVendor: 'VMware, Inc.',
    cpuVendor: 'GenuineIntel',
    cpuBrand: 'Intel(R) Xeon(R) Gold 6430',
    diskRecordText: (random) => `${randomHex(random, 32).toLowerCase()}|Virtual disk    |VMware  `,
    sku: () => SMBIOS_PLACEHOLDER,
    family: () => SMBIOS_PLACEHOLDER,
    systemVersion: 'None',
    baseboard: ['Intel Corporation', '440BX Desktop Reference Platform', 'None'],
    display: 'none',
    adapters: [],
    graphics: '(Standard display types)|Microsoft Basic Display Adapter',
    physical: false,
  },
  hyperv: {
    biosVendor: 'Microsoft Corporation',
    cpuVendor: 'GenuineIntel',
    cpuBrand: 'Intel(R) Xeon(R) Platinum 8272CL CPU @ 2.60GHz',
    diskModel: 'Msft Virtual Disk',
    sku: () => 'None',
    family: () => 'Virtual Machine',
    systemVersion: 'Hyper-V UEFI Release v4.1',
    baseboard: ['Microsoft Corporation', 'Virtual Machine', 'Hyper-V UEFI Release v4.1'],
    display: 'none',
    adapters: [{ medium: ETHERNET, bus: 'VMBUS' }],
    graphics: 'Microsoft Corporation|Microsoft Hyper-V Video',
    physical: false,
  },
};

function profileFor(device: SyntheticDevice): HardwareProfile {
  if (device.virtualMachine) return VIRTUAL_PROFILES[device.virtualMachine];
  // Any other maker gets a generic laptop; only the values the caller chose are visible to the rules.
  return PHYSICAL_PROFILES[device.manufacturer] ?? itemAt(Object.values(PHYSICAL_PROFILES), 0);
}

function parseWindowsBuild(text: string): [major: number, minor: number, build: number, revision: number] {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 0xffff)) {
    throw new Error(`windowsBuild must be major.minor.build.revision (each 0-65535), got '${text}'`);
  }
  return parts as [number, number, number, number];
}

/** Writes TLV records into a reused 3000-byte buffer; `offset` is where the next record goes. */
class BlobWriter {
  offset = 4;
  constructor(readonly bytes: Buffer) {}

  private begin(type: number, dataLength: number): number {
    const length = 4 + dataLength;
    if (this.offset + length + CHECKSUM_RECORD_LENGTH > this.bytes.length) {
      throw new Error('synthetic device values are too long to fit a 3000-byte hardware hash');
    }
    this.bytes.writeUInt16LE(type, this.offset);
    this.bytes.writeUInt16LE(length, this.offset + 2);
    const dataStart = this.offset + 4;
    this.offset += length;
    return dataStart;
  }

  data(type: number, data: Buffer): void {
    data.copy(this.bytes, this.begin(type, data.length));
  }

  text(type: number, value: string, nulTerminated = true): void {
    const start = this.begin(type, value.length + (nulTerminated ? 1 : 0));
    this.bytes.write(value, start, 'latin1');
    if (nulTerminated) this.bytes[start + value.length] = 0;
  }

  fixedText(type: number, value: string, fieldLength: number): void {
    const start = this.begin(type, fieldLength);
    this.bytes.fill(0, start, start + fieldLength);
    this.bytes.write(value.slice(0, fieldLength - 1), start, 'latin1');
  }

  utf16(type: number, value: string): void {
    this.bytes.write(value, this.begin(type, value.length * 2), 'utf16le');
  }

  uint16s(type: number, values: readonly number[]): void {
    const start = this.begin(type, values.length * 2);
    values.forEach((value, index) => this.bytes.writeUInt16LE(value, start + index * 2));
  }

  repeated(type: number, byte: number, dataLength: number): void {
    const start = this.begin(type, dataLength);
    this.bytes.fill(byte, start, start + dataLength);
  }

  /** Closes the block: `total` in the header, the CS record with the SHA-256, zero padding; returns base64. */
  finish(): string {
    const total = this.offset;
    this.bytes.writeUInt16LE(total, 2);
    this.bytes.write('CS', total, 'latin1');
    this.bytes.writeUInt16LE(CHECKSUM_RECORD_LENGTH, total + 2);
    createHash('sha256')
      .update(this.bytes.subarray(0, total))
      .digest()
      .copy(this.bytes, total + 4);
    this.bytes.fill(0, total + CHECKSUM_RECORD_LENGTH);
    return this.bytes.toString('base64');
  }
}

function networkAdapterData(random: Random, medium: number, bus: string): Buffer {
  const busBytes = Buffer.from(`${bus}\0`, 'utf16le');
  const data = Buffer.alloc(14 + busBytes.length);
  data.writeUInt32LE(medium, 0);
  randomBytes(random, 6).copy(data, 4);
  // Locally administered, unicast: a MAC that no manufacturer has assigned to a real adapter.
  data[4] = ((data[4] ?? 0) | 0x02) & 0xfe;
  data.writeUInt32LE(busBytes.length, 10);
  busBytes.copy(data, 14);
  return data;
}

function writeHash(bytes: Buffer, device: SyntheticDevice, random: Random): string {
  const profile = profileFor(device);
  const windowsBuild = device.windowsBuild ?? DEFAULT_WINDOWS_BUILD;
  const [major, minor, build, revision] = parseWindowsBuild(windowsBuild);
  const [toolMajor, toolMinor, toolBuild, toolRevision] = parseWindowsBuild(device.hashToolBuild ?? windowsBuild);
  const architecture = 9;
  const hasTpm = device.tpm ?? true;
  const writer = new BlobWriter(bytes);
  bytes.write('OA', 0, 'latin1');

  const versionRecord = Buffer.alloc(24);
  [toolMinor, toolMajor, toolRevision, toolBuild, minor, major, revision, build].forEach((value, index) =>
    versionRecord.writeUInt16LE(value, index * 2),
  );
  randomBytes(random, 4).copy(versionRecord, 16);
  versionRecord.set([0x00, 0x02, architecture, 0x09], 20);
  writer.data(1, versionRecord);
  const logicalProcessors = profile.physical ? 12 : 2;
  writer.uint16s(2, [architecture, 1, profile.physical ? 10 : 2, logicalProcessors, profile.physical ? 1 : 0, 0]);
  writer.data(5, Buffer.from('100000000000000020000000000000000200010003', 'hex'));
  writer.text(3, profile.cpuVendor);
  writer.fixedText(4, profile.cpuBrand, 48);
  const diskSerial = `${randomHex(random, 4)}_${randomHex(random, 4)}_${randomHex(random, 4)}_${randomHex(random, 4)}.`;
  const diskText = profile.diskRecordText?.(random) ?? `${diskSerial}|${profile.diskModel ?? 'NVMe Disk'}|`;
  if (!profile.diskRecordText) {
    writer.data(6, Buffer.from('000200000000000011000001', 'hex'));
    writer.text(7, diskText, false);
  }
  for (const adapter of profile.adapters) writer.data(8, networkAdapterData(random, adapter.medium, adapter.bus));
  if (profile.display === 'panel') {
    writer.uint16s(9, [309, 174, 1920, 1080, 0, 0x8000]);
    writer.uint16s(27, [31, 17]);
    writer.data(10, Buffer.from('0a02000000', 'hex'));
  } else {
    writer.repeated(9, 0xff, 12);
    writer.repeated(27, 0xff, 4);
    writer.data(10, Buffer.from('0101010000', 'hex'));
  }
  const offlineDeviceId = Buffer.alloc(42);
  if (hasTpm) {
    const endorsementKey = randomBytes(random, 256);
    writer.text(13, "TPM-Version:2.0 -Level:0-Revision:1.59-VendorID:'NTC '-Firmware:458754.262144");
    writer.data(25, endorsementKey);
    // With a TPM, record 11's value is the SHA-256 of the EK (verified on the real hashes).
    offlineDeviceId.set([0, 0, 0, 0, 0x01, 0x00, 0x20, 0x00, 0, 0]);
    createHash('sha256').update(endorsementKey).digest().copy(offlineDeviceId, 10);
  } else {
    offlineDeviceId.set([0, 0, 0, 0, 0x03, 0x01, 0x20, 0x00, 0, 0]);
    randomBytes(random, 32).copy(offlineDeviceId, 10);
  }
  writer.data(11, offlineDeviceId);
  const uuid = randomBytes(random, 16);
  uuid[7] = ((uuid[7] ?? 0) & 0x0f) | 0x40;
  writer.data(12, uuid);
  writer.text(14, device.serialNumber);
  writer.text(15, profile.biosVendor);
  writer.text(16, device.manufacturer);
  writer.text(17, device.model);
  writer.text(18, profile.sku(device.model));
  writer.text(19, profile.family(device.model));
  writer.text(23, profile.systemVersion);
  const [boardMaker, boardProduct, boardVersion] = profile.baseboard;
  writer.text(20, boardMaker);
  writer.text(21, boardProduct);
  writer.text(22, boardVersion);
  if (device.productKeyId !== undefined) {
    writer.text(24, device.productKeyId);
    writer.text(26, '[TH]X19-99481');
  }
  writer.text(28, diskText);
  writer.data(29, Buffer.from('000000080000000000000000000000000101', 'hex'));
  writer.utf16(30, profile.graphics);
  return writer.finish();
}

function deviceRandom(device: SyntheticDevice, seed: number): Random {
  return seededRandom(textSeed(device.serialNumber, seed));
}

/** A 4000-character hash for the device; the same device and seed always give the same text. */
export function generateHardwareHash(device: SyntheticDevice, seed = 1): string {
  return writeHash(Buffer.alloc(HASH_BYTE_LENGTH), device, deviceRandom(device, seed));
}

interface MakerCatalogue {
  manufacturer: string;
  models: readonly string[];
  /** Serial from a number unique per index (smaller than `serialSpace`). */
  serial: (unique: bigint) => string;
  serialSpace: bigint;
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function digitsIn(value: bigint, alphabet: string, count: number): string {
  const radix = BigInt(alphabet.length);
  let text = '';
  for (let i = 0; i < count; i++) {
    text = alphabet[Number(value % radix)] + text;
    value /= radix;
  }
  return text;
}

const WEEKS_PER_YEAR = 52n;
const MAKERS: readonly MakerCatalogue[] = [
  {
    manufacturer: 'HP',
    models: ['HP EliteBook 840 G10 Notebook PC', 'HP ProBook 450 15.6 inch G10 Notebook PC', 'HP EliteDesk 800 G9 Desktop Mini PC'],
    // 5CG + year digit + production week + 4 characters, like the serials on HP labels.
    serial: (unique) => {
      const year = unique % 10n;
      const week = ((unique / 10n) % WEEKS_PER_YEAR) + 1n;
      return `5CG${year}${week.toString().padStart(2, '0')}${digitsIn(unique / 10n / WEEKS_PER_YEAR, ALPHANUMERIC, 4)}`;
    },
    serialSpace: 10n * WEEKS_PER_YEAR * 36n ** 4n,
  },
  {
    manufacturer: 'LENOVO',
    models: ['21HD003AUS', '21G2001VUS', '20XW0055US', '21CB00B8US'],
    serial: (unique) => `PF${digitsIn(unique, ALPHANUMERIC, 6)}`,
    serialSpace: 36n ** 6n,
  },
  {
    manufacturer: 'Dell Inc.',
    models: ['Latitude 5440', 'Latitude 7450', 'OptiPlex Micro 7010', 'Precision 3581'],
    serial: (unique) => digitsIn(unique, ALPHANUMERIC, 7),
    serialSpace: 36n ** 7n,
  },
  {
    manufacturer: 'Microsoft Corporation',
    models: ['Surface Laptop 5', 'Surface Pro 9', 'Surface Laptop 6 for Business'],
    // Surface serials are 12 digits, often with a leading zero (which Excel then drops).
    serial: (unique) => `0${digitsIn(unique, '0123456789', 11)}`,
    serialSpace: 10n ** 11n,
  },
];

/** A prime that divides no serial space: multiplying by it permutes indices, so serials stay unique. */
const SERIAL_SCRAMBLER = 1_000_000_007n;

/** A realistic-looking but fake device; every index gets a different serial number. */
export function syntheticDevice(index: number, seed = 1): SyntheticDevice {
  const maker = itemAt(MAKERS, index);
  const random = seededRandom(textSeed(String(index), seed));
  const unique = (BigInt(index) * SERIAL_SCRAMBLER + BigInt(textSeed('serial', seed)) * 2_654_435_761n) % maker.serialSpace;
  const productKeyId = pick(random, ['3305', '3556', '3863']) + digitsIn(BigInt(Math.floor(random() * 1e9)), '0123456789', 9);
  return {
    serialNumber: maker.serial(unique),
    manufacturer: maker.manufacturer,
    model: pick(random, maker.models),
    productKeyId,
  };
}

export const INTUNE_HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash';

/** An Intune import file of `count` synthetic devices, Product ID filled with the PKID inside each hash. */
export function intuneCsv(count: number, options: { seed?: number; groupTag?: string; lineEnding?: '\r\n' | '\n' } = {}): string {
  const { seed = 1, groupTag, lineEnding = '\r\n' } = options;
  const bytes = Buffer.alloc(HASH_BYTE_LENGTH);
  const lines: string[] = [groupTag === undefined ? INTUNE_HEADER : `${INTUNE_HEADER},Group Tag`];
  for (let index = 0; index < count; index++) {
    const device = syntheticDevice(index, seed);
    const hash = writeHash(bytes, device, deviceRandom(device, seed));
    const cells = [device.serialNumber, device.productKeyId ?? '', hash];
    if (groupTag !== undefined) cells.push(groupTag);
    lines.push(cells.join(','));
  }
  return lines.join(lineEnding) + lineEnding;
}
