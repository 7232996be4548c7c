// Decoder of the Autopilot "4K hardware hash" (OA3 blob). Layout and field meanings:
// the researched Autopilot CSV facts, section 3.2 (docs/rules.md, hash rules). Pure and allocation-light: a file can hold
// 50,000 hashes, and any text a user pastes must come back as a result, never as an exception.
import * as crypto from 'node:crypto';
import * as l10n from '@vscode/l10n';

export interface NetworkAdapter {
  medium: 'wifi' | 'ethernet' | 'bluetooth' | 'wwan' | 'other';
  /** Upper-case, colon-separated: `AA:BB:CC:DD:EE:FF`. */
  mac: string;
  /** Bus the adapter sits on: `PCI`, `USB`, `BTH`, `VMBUS`. */
  bus: string;
}

/** What the records say. Fields marked (full) are read only by a `full` decode (see HashDetail). */
export interface HashFields {
  serialNumber?: string;
  manufacturer?: string;
  model?: string;
  productKeyId?: string;
  /** (full) */
  biosVendor?: string;
  sku?: string;
  family?: string;
  /** (full) */
  cpuVendor?: string;
  cpuBrand?: string;
  diskModel?: string;
  /** (full) Record 13 text, e.g. `TPM-Version:2.0 -Level:0-Revision:1.59-VendorID:'NTC '-Firmware:458754.262144`. */
  tpm?: string;
  hasTpm: boolean;
  /**
   * (full) The operating system's version: the second of record 1's two versions, e.g. `10.0.26200.7840` on 25H2
   * (AutopilotUtility's OSBuild).
   */
  windowsBuild?: string;
  /**
   * (full) The first version of record 1: the build of the Windows component that produced the hash (AutopilotUtility's
   * ToolBuild), e.g. `10.0.26100.7705` on that 25H2 machine; often equal to `windowsBuild`.
   */
  hashToolBuild?: string;
  /** `x64`, `arm64`, `x86`, `arm`, or the record's number for another processor architecture. */
  architecture?: string;
  /** (full) */
  adapters?: NetworkAdapter[];
  /** (full) SMBIOS system UUID as Windows shows it (first three groups little-endian), upper case. */
  uuid?: string;
}

/**
 * What is wrong with a hash, as facts: the rules (rules/hardwareHash.ts) decide which finding and message each
 * one becomes. The text defects come first: a hash whose text is not plain base64 may be repaired and then read.
 */
export type HashDefect =
  /** A character of neither base64 alphabet (`character` as it would be shown). */
  | { kind: 'invalid-character'; position: number; character: string }
  /** Data, or more `=`, after the `=` padding. */
  | { kind: 'data-after-padding'; position: number; padding: boolean }
  | { kind: 'mixed-alphabets' }
  | { kind: 'spaces'; count: number }
  | { kind: 'url-alphabet' }
  /** The padded length is not a multiple of 4; `completable` when restoring `=` padding would fix it. */
  | { kind: 'wrong-padding'; completable: boolean }
  /** The decoded bytes do not start with `OA`; `prefix` is the text's first characters. */
  | { kind: 'no-magic'; prefix: string }
  /** Cut off before the end of the checksum record. */
  | { kind: 'truncated' }
  | { kind: 'broken-records'; reason: string }
  | { kind: 'no-checksum-record'; blockLength: number }
  | { kind: 'checksum-mismatch' };

export type HashDefectKind = HashDefect['kind'];

/** The defects of the text itself: repairing the text (whitespace, padding, alphabet) may leave a readable hash. */
export function isTextDefect(defect: HashDefect | undefined): boolean {
  switch (defect?.kind) {
    case 'invalid-character':
    case 'data-after-padding':
    case 'mixed-alphabets':
    case 'spaces':
    case 'url-alphabet':
    case 'wrong-padding':
      return true;
    default:
      return false;
  }
}

export interface DecodedHash {
  /** Which fields were read. */
  detail: HashDetail;
  /** The first (most fundamental) defect; fields may still be partly filled when records could be read. */
  defect?: HashDefect;
  textLength: number;
  /** The `total` of the OA header: length of the block the checksum covers. */
  blockLength?: number;
  checksumVerified: boolean;
  /** Checksum verifies, but the blob is not the usual 3000 bytes (4000 characters) or its padding is not zero. */
  unusualLength: boolean;
  fields: HashFields;
  /** Human-readable reasons, e.g. `manufacturer QEMU`; empty on physical devices. */
  virtualMachineSignals: readonly string[];
  /**
   * Key for duplicate detection: the SHA-256 of the OA block when it is complete, else of all decoded bytes, so
   * textual variants of the same bytes (padding, url alphabet, whitespace) compare equal. Its 32 bytes as a
   * latin1 string: compared, never shown (half the characters of hex, kept for every device of a file).
   */
  identity?: string;
}

/** Every hash written by Get-WindowsAutopilotInfo / the MDM bridge has this many characters. */
export const COMPLETE_HASH_TEXT_LENGTH = 4000;
const COMPLETE_HASH_BYTE_LENGTH = 3000;
const RECORD_HEADER_LENGTH = 4;
const CHECKSUM_RECORD_LENGTH = 36;
const SMBIOS_PLACEHOLDER = 'SMBIOS_STRING_INDEX_0';

const enum RecordType {
  WindowsVersion = 1,
  Processor = 2,
  CpuVendor = 3,
  CpuBrand = 4,
  Disk = 7,
  NetworkAdapter = 8,
  Display = 9,
  SystemUuid = 12,
  TpmDescriptor = 13,
  SerialNumber = 14,
  BiosVendor = 15,
  Manufacturer = 16,
  Model = 17,
  Sku = 18,
  Family = 19,
  ProductKeyId = 24,
  TpmEndorsementKey = 25,
  DiskSecondForm = 28,
}

const enum CharClass {
  Invalid = 0,
  Shared = 1,
  StandardOnly = 2,
  UrlOnly = 3,
  Padding = 4,
  Whitespace = 5,
}

const ASCII_CHAR_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  const shared = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < shared.length; i++) table[shared.charCodeAt(i)] = CharClass.Shared;
  table[0x2b] = CharClass.StandardOnly; // +
  table[0x2f] = CharClass.StandardOnly; // /
  table[0x2d] = CharClass.UrlOnly; // -
  table[0x5f] = CharClass.UrlOnly; // _
  table[0x3d] = CharClass.Padding; // =
  for (const code of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20]) table[code] = CharClass.Whitespace;
  return table;
})();

function charClass(code: number): CharClass {
  if (code < 128) return ASCII_CHAR_CLASS[code] as CharClass;
  // Copy-paste from web pages and mail brings no-break and zero-width spaces; they are as removable as spaces.
  if (code === 0xa0 || code === 0x200b || code === 0xfeff || code === 0x2028 || code === 0x2029) return CharClass.Whitespace;
  return CharClass.Invalid;
}

interface TextScan {
  whitespace: number;
  standardOnly: number;
  urlOnly: number;
  padding: number;
  /** Characters other than whitespace and padding. */
  payload: number;
  /** Index of the first character that no repair can explain (not base64, or data after `=`), or -1. */
  firstInvalid: number;
}

/** One pass without allocation: this runs on every hash of files with 50,000 rows. */
function scanText(text: string): TextScan {
  let whitespace = 0;
  let standardOnly = 0;
  let urlOnly = 0;
  let padding = 0;
  let firstInvalid = -1;
  for (let i = 0; i < text.length; i++) {
    const kind = charClass(text.charCodeAt(i));
    if (kind === CharClass.Padding) padding++;
    else if (kind === CharClass.Whitespace) whitespace++;
    else if (kind === CharClass.Invalid || padding > 0) {
      firstInvalid = i;
      break;
    } else if (kind === CharClass.StandardOnly) standardOnly++;
    else if (kind === CharClass.UrlOnly) urlOnly++;
  }
  const payload = text.length - whitespace - padding;
  return { whitespace, standardOnly, urlOnly, padding, payload, firstInvalid };
}

/** The padded length is not what matters: `len % 4 === 1` leaves 6 bits, which no padding can complete. */
function payloadLengthIsCompletable(payload: number): boolean {
  return payload % 4 !== 1;
}

/** True when the text uses the base64url alphabet (`-`, `_`) and is otherwise url-safe. */
export function isBase64Url(text: string): boolean {
  const scan = scanText(text);
  return scan.firstInvalid < 0 && scan.whitespace === 0 && scan.urlOnly > 0 && scan.standardOnly === 0;
}

/**
 * The text as standard, padded base64 when removing whitespace, restoring `=` padding and converting
 * the url alphabet would make it valid (the text itself when it already is); undefined otherwise.
 */
export function repairHashText(text: string): string | undefined {
  return repairScannedText(text, scanText(text));
}

function repairScannedText(text: string, scan: TextScan): string | undefined {
  if (scan.firstInvalid >= 0 || (scan.urlOnly > 0 && scan.standardOnly > 0)) return undefined;
  if (scan.payload === 0 || !payloadLengthIsCompletable(scan.payload)) return undefined;
  const paddingNeeded = (4 - (scan.payload % 4)) % 4;
  if (scan.whitespace === 0 && scan.urlOnly === 0 && scan.padding === paddingNeeded) return text;
  let repaired = '';
  let chunkStart = -1;
  // Copies runs of payload characters in slices, so a 4000-character hash costs a handful of allocations.
  for (let i = 0; i <= text.length; i++) {
    const kind = i < text.length ? charClass(text.charCodeAt(i)) : CharClass.Invalid;
    const isPayload = kind === CharClass.Shared || kind === CharClass.StandardOnly || kind === CharClass.UrlOnly;
    if (isPayload && chunkStart < 0) chunkStart = i;
    if (!isPayload && chunkStart >= 0) {
      repaired += text.slice(chunkStart, i);
      chunkStart = -1;
    }
  }
  if (scan.urlOnly > 0) repaired = repaired.replaceAll('-', '+').replaceAll('_', '/');
  return repaired + '='.repeat(paddingNeeded);
}

function describeCharacter(text: string, index: number): string {
  const code = text.charCodeAt(index);
  return code >= 0x20 && code < 0x7f ? `'${text[index]}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why the text is not plain standard base64, or undefined when it is. */
function textDefect(text: string, scan: TextScan): HashDefect | undefined {
  if (scan.firstInvalid >= 0) {
    const index = scan.firstInvalid;
    return charClass(text.charCodeAt(index)) === CharClass.Invalid
      ? { kind: 'invalid-character', position: index + 1, character: describeCharacter(text, index) }
      : { kind: 'data-after-padding', position: index + 1, padding: text[index] === '=' };
  }
  if (scan.urlOnly > 0 && scan.standardOnly > 0) return { kind: 'mixed-alphabets' };
  if (scan.whitespace > 0) return { kind: 'spaces', count: scan.whitespace };
  if (scan.urlOnly > 0) return { kind: 'url-alphabet' };
  const paddedLength = scan.payload + scan.padding;
  if (paddedLength % 4 !== 0 || scan.padding > 2) return { kind: 'wrong-padding', completable: payloadLengthIsCompletable(scan.payload) };
  return undefined;
}

/**
 * The little-endian integers at `offset`; callers check the bounds first. Read by hand rather than with
 * `Buffer#readUInt16LE`: looking that method up on each of some 40 reads per hash was 3-5 % of a large check.
 */
function uint16At(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

function uint32At(bytes: Uint8Array, offset: number): number {
  return uint16At(bytes, offset) + uint16At(bytes, offset + 2) * 0x10000;
}

/** The text of a string record: latin1, stopping at its first NUL. */
function readAsciiString(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('latin1', start, stringEnd(bytes, start, end));
}

function stringEnd(bytes: Buffer, start: number, end: number): number {
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  return stop;
}

const ARCHITECTURE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'x86'],
  [5, 'arm'],
  [9, 'x64'],
  [12, 'arm64'],
]);

const MEDIUM_NAMES: ReadonlyMap<number, NetworkAdapter['medium']> = new Map([
  [8, 'wwan'],
  [9, 'wifi'],
  [10, 'bluetooth'],
  [14, 'ethernet'],
]);

/** `00`..`FF`: a MAC or UUID is a handful of table lookups instead of an array, a join and a copy per hash. */
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).toUpperCase().padStart(2, '0'));

/** Upper-case hex of the byte at `index`; a byte past the end reads as 00. */
function hexByte(bytes: Buffer, index: number): string {
  return HEX_BYTES[bytes[index] ?? 0] ?? '00';
}

function formatMac(bytes: Buffer, start: number): string {
  // Joined (one flat string), not concatenated: a concatenation of 13+ characters is a tree of strings, kept per device.
  const parts: string[] = [];
  for (let i = start; i < start + 6; i++) parts.push(hexByte(bytes, i));
  return parts.join(':');
}

function formatUuid(bytes: Buffer, start: number): string {
  // SMBIOS 2.6+ stores the first three groups little-endian; Windows (Win32_ComputerSystemProduct) shows them swapped back.
  const hex = (from: number, to: number, reverse: boolean): string => {
    let text = '';
    for (let i = from; i < to; i++) text += hexByte(bytes, start + (reverse ? to - 1 - (i - from) : i));
    return text;
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

const PIPE = 0x7c;

/** Disk records hold `serial|model|` (record 7) or `serial|model|vendor` (record 28); the serial is per disk. */
function readDiskModel(bytes: Buffer, start: number, end: number, strings: SharedStrings): string | undefined {
  // The text stops at its first NUL, like every string record's.
  let first = start;
  while (first < end && bytes[first] !== PIPE && bytes[first] !== 0) first++;
  if (bytes[first] !== PIPE || first === end) return undefined;
  let second = first + 1;
  while (second < end && bytes[second] !== PIPE && bytes[second] !== 0) second++;
  const model = strings.read(bytes, first + 1, second, true);
  return model ? model : undefined;
}

/** `VMBUS` in UTF-16LE, then only NUL padding: the bus of a Hyper-V synthetic NIC. */
function isVmbus(bytes: Buffer, start: number, end: number): boolean {
  const name = 'VMBUS';
  if (end - start < name.length * 2) return false;
  for (let i = 0; i < name.length; i++) {
    if (bytes[start + 2 * i] !== name.charCodeAt(i) || bytes[start + 2 * i + 1] !== 0) return false;
  }
  for (let i = start + name.length * 2; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Which fields a decode reads. `rules` reads what the validation rules use (serial number, manufacturer, model,
 * Product Key ID, TPM presence, the virtual-machine evidence); `full` also reads what a hover shows (adapters
 * with their MACs, the UUID, the Windows build, the TPM text, the CPU and BIOS vendors).
 */
export type HashDetail = 'rules' | 'full';

/** What reading the records finds besides the fields. */
interface RecordWalk {
  /** Why the walk is broken, when it is (only meaningful when the whole block was available). */
  structureError?: string;
  displayAllOnes: boolean;
  vmbusAdapter: boolean;
}

/** A version as record 1 stores it: u16 minor, major, update revision, build; shown `major.minor.build.revision`. */
function readVersion(bytes: Buffer, start: number): string {
  const minor = uint16At(bytes, start);
  const major = uint16At(bytes, start + 2);
  const updateRevision = uint16At(bytes, start + 4);
  const build = uint16At(bytes, start + 6);
  return `${major}.${minor}.${build}.${updateRevision}`;
}

function readRecord(
  fields: HashFields,
  walk: RecordWalk,
  type: RecordType,
  bytes: Buffer,
  start: number,
  end: number,
  detail: HashDetail,
  strings: SharedStrings,
): void {
  const length = end - start;
  const full = detail === 'full';
  switch (type) {
    case RecordType.WindowsVersion:
      // Two versions: the hash tool's build, then the operating system's (a record of one says only the first).
      if (full && length >= 8) {
        fields.hashToolBuild = readVersion(bytes, start);
        fields.windowsBuild = length >= 16 ? readVersion(bytes, start + 8) : fields.hashToolBuild;
      }
      break;
    case RecordType.Processor:
      if (length >= 2) {
        const code = uint16At(bytes, start);
        fields.architecture = ARCHITECTURE_NAMES.get(code) ?? String(code);
      }
      break;
    case RecordType.CpuVendor:
      if (full) fields.cpuVendor = strings.read(bytes, start, end);
      break;
    case RecordType.CpuBrand:
      fields.cpuBrand = strings.read(bytes, start, end, true);
      break;
    case RecordType.Disk:
    case RecordType.DiskSecondForm:
      if (fields.diskModel === undefined) fields.diskModel = readDiskModel(bytes, start, end, strings);
      break;
    case RecordType.NetworkAdapter:
      if (length >= 14) {
        const busStart = start + 14;
        const busEnd = busStart + (Math.min(uint32At(bytes, start + 10), length - 14) & ~1);
        if (isVmbus(bytes, busStart, busEnd)) walk.vmbusAdapter = true;
        if (full) {
          (fields.adapters ??= []).push({
            medium: MEDIUM_NAMES.get(uint32At(bytes, start)) ?? 'other',
            mac: formatMac(bytes, start + 4),
            bus: bytes.toString('utf16le', busStart, busEnd).replace(/\0+$/, ''),
          });
        }
      }
      break;
    case RecordType.SystemUuid:
      if (full && length >= 16) fields.uuid = formatUuid(bytes, start);
      break;
    case RecordType.TpmDescriptor:
      if (full) fields.tpm = strings.read(bytes, start, end);
      fields.hasTpm = true;
      break;
    case RecordType.TpmEndorsementKey:
      fields.hasTpm = true;
      break;
    case RecordType.SerialNumber:
      fields.serialNumber = readAsciiString(bytes, start, end);
      break;
    case RecordType.BiosVendor:
      if (full) fields.biosVendor = strings.read(bytes, start, end);
      break;
    case RecordType.Manufacturer:
      fields.manufacturer = strings.read(bytes, start, end);
      break;
    case RecordType.Model:
      fields.model = strings.read(bytes, start, end);
      break;
    case RecordType.Sku:
      fields.sku = strings.read(bytes, start, end);
      break;
    case RecordType.Family:
      fields.family = strings.read(bytes, start, end);
      break;
    case RecordType.ProductKeyId:
      fields.productKeyId = readAsciiString(bytes, start, end);
      break;
  }
}

/** Reads every record that lies wholly inside both the block and the decoded bytes. */
function walkRecords(bytes: Buffer, blockLength: number, fields: HashFields, detail: HashDetail, strings: SharedStrings): RecordWalk {
  const walk: RecordWalk = { displayAllOnes: false, vmbusAdapter: false };
  const readableEnd = Math.min(blockLength, bytes.length);
  let offset = RECORD_HEADER_LENGTH;
  while (offset + RECORD_HEADER_LENGTH <= readableEnd) {
    // Any number: types the decoder does not know fall through its switch.
    const type = uint16At(bytes, offset) as RecordType;
    const length = uint16At(bytes, offset + 2);
    if (length < RECORD_HEADER_LENGTH) {
      walk.structureError = l10n.t('the record at byte {0} has length {1} (at least 4)', offset, length);
      return walk;
    }
    const end = offset + length;
    if (end > blockLength) {
      walk.structureError = l10n.t('the record at byte {0} runs past the end of the block (byte {1})', offset, blockLength);
      return walk;
    }
    if (end > readableEnd) break;
    if (type === RecordType.Display) walk.displayAllOnes = isAllOnes(bytes, offset + RECORD_HEADER_LENGTH, end);
    readRecord(fields, walk, type, bytes, offset + RECORD_HEADER_LENGTH, end, detail, strings);
    offset = end;
  }
  if (offset !== blockLength && readableEnd === blockLength) {
    walk.structureError = l10n.t('the records end at byte {0}, not at the block length {1}', offset, blockLength);
  }
  return walk;
}

function isAllOnes(bytes: Buffer, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (bytes[i] !== 0xff) return false;
  return true;
}

/** Zeros to compare padding against (never written to). */
const ZEROS = Buffer.alloc(4096);

/** Native comparisons: the padding after the checksum is some 1,900 bytes in every hash. */
function isAllZero(bytes: Buffer, start: number): boolean {
  for (let offset = start; offset < bytes.length; offset += ZEROS.length) {
    const end = Math.min(bytes.length, offset + ZEROS.length);
    if (ZEROS.compare(bytes, offset, end, 0, end - offset) !== 0) return false;
  }
  return true;
}

// Case-insensitive tests without a lower-cased copy per hash: field values are latin1, which /i folds as
// toLowerCase does for these ASCII words.
const VIRTUAL_MACHINE_MANUFACTURER = /^(?:qemu|vmware|innotek gmbh|parallels|xen)/i;
const VIRTUAL_CPU_BRAND = /^qemu virtual cpu/i;
const VIRTUAL_DISK_MODEL = /virtual disk|qemu harddisk|vmware virtual|vbox harddisk/i;
const PLACEHOLDER_RECORDS = ['serialNumber', 'sku', 'family'] as const;
const NO_SIGNALS: readonly string[] = Object.freeze([]);

function virtualMachineSignals(fields: HashFields, walk: RecordWalk): readonly string[] {
  const signals: string[] = [];
  const { manufacturer, model, cpuBrand, diskModel } = fields;
  if (manufacturer !== undefined && VIRTUAL_MACHINE_MANUFACTURER.test(manufacturer)) signals.push(l10n.t('manufacturer {0}', manufacturer));
  if (manufacturer === 'Microsoft Corporation' && model === 'Virtual Machine') {
    signals.push(l10n.t('manufacturer Microsoft Corporation with model Virtual Machine (Hyper-V)'));
  }
  if (model === 'VirtualBox') signals.push(l10n.t('model VirtualBox'));
  if (cpuBrand !== undefined && VIRTUAL_CPU_BRAND.test(cpuBrand)) signals.push(l10n.t('CPU {0}', cpuBrand));
  if (diskModel !== undefined && VIRTUAL_DISK_MODEL.test(diskModel)) signals.push(l10n.t('disk {0}', diskModel));
  if (walk.vmbusAdapter) signals.push(l10n.t('NIC on VMBUS'));
  if (walk.displayAllOnes) signals.push(l10n.t('display record all 0xFF'));
  // Only the system records: physical Surface devices carry the placeholder in the baseboard version (record 22).
  if (PLACEHOLDER_RECORDS.some((name) => fields[name] === SMBIOS_PLACEHOLDER)) {
    const named = PLACEHOLDER_RECORDS.filter((name) => fields[name] === SMBIOS_PLACEHOLDER);
    signals.push(l10n.t('{0} placeholder in {1}', SMBIOS_PLACEHOLDER, named.join(', ')));
  }
  return signals.length === 0 ? NO_SIGNALS : signals;
}

/** One-shot `crypto.hash` (Node 20.12+) skips the Hash object per call; older runtimes take the classic path. */
const oneShotHash: ((algorithm: string, data: Buffer, encoding: 'binary') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** The SHA-256 digest of the bytes, one character per byte. */
function sha256(bytes: Buffer): string {
  return oneShotHash ? oneShotHash('sha256', bytes, 'binary') : crypto.createHash('sha256').update(bytes).digest('binary');
}

/** Whether the digest (one character per byte) is the bytes at `start`. */
function digestMatches(digest: string, bytes: Buffer, start: number): boolean {
  for (let i = 0; i < digest.length; i++) if (digest.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}

/** Bounds the shared strings, whatever the file holds. */
const MAX_SHARED_STRINGS = 10_000;

interface SharedString {
  bytes: Uint8Array;
  value: string;
  trimmed?: string;
}

/**
 * One string object per distinct value of the fields devices share (manufacturer, model, CPU, disk model...),
 * found by the bytes, so a value seen before costs neither a new string nor its garbage: a file of 50,000
 * devices holds a handful of models.
 */
class SharedStrings {
  private readonly byHash = new Map<number, SharedString>();

  /** The latin1 text of the bytes up to the first NUL, trimmed when asked. */
  read(bytes: Buffer, start: number, end: number, trim = false): string {
    let hash = 0x811c9dc5;
    let stop = start;
    for (; stop < end; stop++) {
      const byte = bytes[stop] as number;
      if (byte === 0) break;
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    let entry = this.byHash.get(hash);
    if (entry === undefined || !sameBytes(entry.bytes, bytes, start, stop)) {
      const value = bytes.toString('latin1', start, stop);
      // A second value with the same hash goes uncached: rare, and still correct.
      if (entry !== undefined || this.byHash.size >= MAX_SHARED_STRINGS) return trim ? value.trim() : value;
      entry = { bytes: Uint8Array.prototype.slice.call(bytes, start, stop), value };
      this.byHash.set(hash, entry);
    }
    return trim ? (entry.trimmed ??= entry.value.trim()) : entry.value;
  }
}

function sameBytes(known: Uint8Array, bytes: Buffer, start: number, stop: number): boolean {
  if (known.length !== stop - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
}

/**
 * Working memory for decoding many hashes in a row: the base64 text is decoded into one reused buffer instead
 * of a new Buffer per hash (on a 50,000-row file the allocations and their garbage cost more than the decoding),
 * and shared field values are read once. Owned by the caller that decodes a batch (one validation run); decoded
 * bytes never outlive the call that filled the buffer, so results stay independent of each other.
 */
export class HashScratch {
  private buffer: Buffer = Buffer.allocUnsafe(4096);
  readonly strings = new SharedStrings();

  /** The bytes Node's base64 decoder reads from `text`: a view that is valid until the next call. */
  decode(text: string): Buffer {
    const needed = Math.ceil((text.length * 3) / 4) + 3;
    if (needed > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    const written = this.buffer.write(text, 0, 'base64');
    return this.buffer.subarray(0, written);
  }
}

/**
 * True when the text is padded standard base64, judged from how many bytes Node's decoder wrote: it skips every
 * character outside both alphabets (whitespace included) and stops at '=', so any such character leaves fewer
 * than three bytes per four characters minus the padding. Only the url alphabet, which it accepts, needs a look.
 * No per-character scan, no re-encoded copy: this runs on every hash of files with 50,000 rows.
 */
function decodedAsPlainBase64(text: string, written: number): boolean {
  const length = text.length;
  if (length % 4 !== 0) return false;
  const padding = text.charCodeAt(length - 1) === 0x3d ? (text.charCodeAt(length - 2) === 0x3d ? 2 : 1) : 0;
  return written === (length / 4) * 3 - padding && !text.includes('-') && !text.includes('_');
}

/**
 * The bytes of the text, repaired when whitespace, padding or the url alphabet are all that is wrong
 * (so the fields can still be checked), and the text defect if there is one.
 */
function readBase64(text: string, scratch: HashScratch): { bytes?: Buffer; defect?: HashDefect } {
  const direct = scratch.decode(text);
  if (decodedAsPlainBase64(text, direct.length)) return { bytes: direct };
  const scan = scanText(text);
  const defect = textDefect(text, scan);
  if (defect === undefined) return { bytes: direct };
  const repaired = repairScannedText(text, scan);
  return { bytes: repaired === undefined ? undefined : Buffer.from(repaired, 'base64'), defect };
}

export interface DecodeOptions {
  /** Working memory for callers decoding many hashes (the result never refers to it); else the call makes its own. */
  scratch?: HashScratch;
  /** `full` unless told: validation asks for `rules` only. */
  detail?: HashDetail;
}

export function decodeHardwareHash(text: string, options: DecodeOptions = {}): DecodedHash {
  const scratch = options.scratch ?? new HashScratch();
  const detail = options.detail ?? 'full';
  const result: DecodedHash = {
    detail,
    textLength: text.length,
    checksumVerified: false,
    unusualLength: false,
    fields: detail === 'full' ? { hasTpm: false, adapters: [] } : { hasTpm: false },
    virtualMachineSignals: NO_SIGNALS,
  };
  const { bytes, defect } = readBase64(text, scratch);
  const report = (found: HashDefect): DecodedHash => {
    result.defect = defect ?? found;
    return result;
  };
  // readBase64 gives no bytes only with a text defect; the fallback keeps the types honest.
  if (bytes === undefined) return report(defect ?? { kind: 'wrong-padding', completable: false });

  // A prefix of a real hash ("T0", "T0E=") is truncated rather than foreign, so only present bytes must match.
  if ((bytes.length > 0 && bytes[0] !== 0x4f) || (bytes.length > 1 && bytes[1] !== 0x41)) {
    result.identity = sha256(bytes);
    return report({ kind: 'no-magic', prefix: text.slice(0, 4) });
  }
  if (bytes.length < RECORD_HEADER_LENGTH) {
    if (bytes.length > 0) result.identity = sha256(bytes);
    return report({ kind: 'truncated' });
  }

  const blockLength = uint16At(bytes, 2);
  result.blockLength = blockLength;
  const walk = walkRecords(bytes, blockLength, result.fields, detail, scratch.strings);
  result.virtualMachineSignals = virtualMachineSignals(result.fields, walk);
  const block = bytes.length >= blockLength ? bytes.subarray(0, blockLength) : undefined;
  const blockDigest = block ? sha256(block) : undefined;
  result.identity = blockDigest ?? sha256(bytes);

  if (bytes.length < blockLength + CHECKSUM_RECORD_LENGTH) return report({ kind: 'truncated' });
  if (walk.structureError !== undefined) return report({ kind: 'broken-records', reason: walk.structureError });
  const hasChecksumRecord =
    bytes[blockLength] === 0x43 && bytes[blockLength + 1] === 0x53 && uint16At(bytes, blockLength + 2) === CHECKSUM_RECORD_LENGTH;
  if (!hasChecksumRecord) return report({ kind: 'no-checksum-record', blockLength });
  result.checksumVerified = blockDigest !== undefined && digestMatches(blockDigest, bytes, blockLength + 4);
  if (!result.checksumVerified) return report({ kind: 'checksum-mismatch' });
  result.unusualLength = bytes.length !== COMPLETE_HASH_BYTE_LENGTH || !isAllZero(bytes, blockLength + CHECKSUM_RECORD_LENGTH);
  if (defect !== undefined) result.defect = defect;
  return result;
}
