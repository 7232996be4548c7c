// Decoder of the Autopilot "4K hardware hash" (OA3 blob). Layout and field meanings:
// ../shared/reference/autopilot-csv-facts.md section 3.2. Pure and allocation-light: a file can hold
// 50,000 hashes, and any text a user pastes must come back as a result, never as an exception.
import * as crypto from 'node:crypto';

export interface NetworkAdapter {
  medium: 'wifi' | 'ethernet' | 'bluetooth' | 'wwan' | 'other';
  /** Upper-case, colon-separated: `AA:BB:CC:DD:EE:FF`. */
  mac: string;
  /** Bus the adapter sits on: `PCI`, `USB`, `BTH`, `VMBUS`. */
  bus: string;
}

export interface HashFields {
  serialNumber?: string;
  manufacturer?: string;
  model?: string;
  productKeyId?: string;
  biosVendor?: string;
  sku?: string;
  family?: string;
  cpuVendor?: string;
  cpuBrand?: string;
  diskModel?: string;
  /** Record 13 text, e.g. `TPM-Version:2.0 -Level:0-Revision:1.59-VendorID:'NTC '-Firmware:458754.262144`. */
  tpm?: string;
  hasTpm: boolean;
  /** The first Windows version of record 1, e.g. `10.0.26100.3323`. */
  windowsBuild?: string;
  architecture?: 'x64' | 'arm64' | 'x86' | string;
  adapters: NetworkAdapter[];
  /** SMBIOS system UUID as Windows shows it (first three groups little-endian), upper case. */
  uuid?: string;
}

export type HashProblemCode =
  | 'hash-base64'
  | 'hash-base64url'
  | 'hash-magic'
  | 'hash-truncated'
  | 'hash-structure'
  | 'hash-checksum';

export interface HashProblem {
  code: HashProblemCode;
  /** User-facing and actionable. */
  message: string;
}

export interface DecodedHash {
  /** The first (most fundamental) problem; fields may still be partly filled when records could be read. */
  problem?: HashProblem;
  textLength: number;
  /** The `total` of the OA header: length of the block the checksum covers. */
  blockLength?: number;
  checksumVerified: boolean;
  /** Checksum verifies, but the blob is not the usual 3000 bytes (4000 characters) or its padding is not zero. */
  unusualLength: boolean;
  fields: HashFields;
  /** Human-readable reasons, e.g. `manufacturer QEMU`; empty on physical devices. */
  virtualMachineSignals: string[];
  /**
   * Key for duplicate detection: hex SHA-256 of the OA block when it is complete, else of all decoded
   * bytes, so textual variants of the same bytes (padding, url alphabet, whitespace) compare equal.
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
  const shown = code >= 0x20 && code < 0x7f ? `'${text[index]}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `${shown} at position ${index + 1}`;
}

/** Why the text is not plain standard base64, or undefined when it is. */
function textProblem(text: string, scan: TextScan): HashProblem | undefined {
  if (scan.firstInvalid >= 0) {
    const index = scan.firstInvalid;
    const what = text[index] === '=' ? "'=' padding" : 'data';
    const message =
      charClass(text.charCodeAt(index)) === CharClass.Invalid
        ? `Hardware hash is not valid base64: ${describeCharacter(text, index)} is not a base64 character. Copy the hash again from the source file.`
        : `Hardware hash is not valid base64: ${what} after '=' padding at position ${index + 1}. Copy the hash again from the source file.`;
    return { code: 'hash-base64', message };
  }
  if (scan.urlOnly > 0 && scan.standardOnly > 0) {
    return {
      code: 'hash-base64',
      message: 'Hardware hash mixes the base64 (+ /) and base64url (- _) alphabets, so it cannot be read. Copy the hash again from the source file.',
    };
  }
  if (scan.whitespace > 0) {
    return {
      code: 'hash-base64',
      message: `Hardware hash contains ${scan.whitespace} space${scan.whitespace === 1 ? '' : 's'} or line break${scan.whitespace === 1 ? '' : 's'}; base64 allows none. Remove them.`,
    };
  }
  if (scan.urlOnly > 0) {
    return {
      code: 'hash-base64url',
      message: "Hardware hash uses the base64url alphabet ('-' and '_'); Autopilot expects standard base64 ('+' and '/'). Convert it.",
    };
  }
  const paddedLength = scan.payload + scan.padding;
  if (paddedLength % 4 !== 0 || scan.padding > 2) {
    const repairable = payloadLengthIsCompletable(scan.payload);
    return {
      code: 'hash-base64',
      message: repairable
        ? `Hardware hash length ${text.length} is not a multiple of 4: its '=' padding is wrong. Restore the padding.`
        : `Hardware hash length ${text.length} is not a multiple of 4 and no padding can complete it: characters are missing. Copy the hash again.`,
    };
  }
  return undefined;
}

function readAsciiString(bytes: Buffer, start: number, end: number): string {
  // The string stops at its first NUL (native search: a dozen strings per hash, 50,000 hashes per file).
  const nul = bytes.indexOf(0, start);
  return bytes.toString('latin1', start, nul === -1 || nul > end ? end : nul);
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

/** Disk records hold `serial|model|` (record 7) or `serial|model|vendor` (record 28). */
function diskModelFrom(text: string): string | undefined {
  const first = text.indexOf('|');
  if (first === -1) return undefined;
  const second = text.indexOf('|', first + 1);
  const model = text.slice(first + 1, second === -1 ? text.length : second).trim();
  return model ? model : undefined;
}

/** Returns an equal string, the same object for every equal value (or the value itself). */
type Intern = (value: string) => string;

function readRecord(fields: HashFields, type: number, bytes: Buffer, start: number, end: number, intern: Intern): void {
  const length = end - start;
  switch (type) {
    case RecordType.WindowsVersion:
      if (length >= 8) {
        const minor = bytes.readUInt16LE(start);
        const major = bytes.readUInt16LE(start + 2);
        const updateRevision = bytes.readUInt16LE(start + 4);
        const build = bytes.readUInt16LE(start + 6);
        fields.windowsBuild = intern(`${major}.${minor}.${build}.${updateRevision}`);
      }
      break;
    case RecordType.Processor:
      if (length >= 2) {
        const code = bytes.readUInt16LE(start);
        fields.architecture = ARCHITECTURE_NAMES.get(code) ?? String(code);
      }
      break;
    case RecordType.CpuVendor:
      fields.cpuVendor = intern(readAsciiString(bytes, start, end));
      break;
    case RecordType.CpuBrand:
      fields.cpuBrand = intern(readAsciiString(bytes, start, end).trim());
      break;
    case RecordType.Disk:
    case RecordType.DiskSecondForm:
      if (fields.diskModel === undefined) {
        const model = diskModelFrom(readAsciiString(bytes, start, end));
        fields.diskModel = model === undefined ? undefined : intern(model);
      }
      break;
    case RecordType.NetworkAdapter:
      if (length >= 14) {
        const busByteLength = Math.min(bytes.readUInt32LE(start + 10), length - 14);
        const bus = intern(bytes.toString('utf16le', start + 14, start + 14 + (busByteLength & ~1)).replace(/\0+$/, ''));
        fields.adapters.push({
          medium: MEDIUM_NAMES.get(bytes.readUInt32LE(start)) ?? 'other',
          mac: formatMac(bytes, start + 4),
          bus,
        });
      }
      break;
    case RecordType.SystemUuid:
      if (length >= 16) fields.uuid = formatUuid(bytes, start);
      break;
    case RecordType.TpmDescriptor:
      fields.tpm = intern(readAsciiString(bytes, start, end));
      fields.hasTpm = true;
      break;
    case RecordType.TpmEndorsementKey:
      fields.hasTpm = true;
      break;
    case RecordType.SerialNumber:
      fields.serialNumber = readAsciiString(bytes, start, end);
      break;
    case RecordType.BiosVendor:
      fields.biosVendor = intern(readAsciiString(bytes, start, end));
      break;
    case RecordType.Manufacturer:
      fields.manufacturer = intern(readAsciiString(bytes, start, end));
      break;
    case RecordType.Model:
      fields.model = intern(readAsciiString(bytes, start, end));
      break;
    case RecordType.Sku:
      fields.sku = intern(readAsciiString(bytes, start, end));
      break;
    case RecordType.Family:
      fields.family = intern(readAsciiString(bytes, start, end));
      break;
    case RecordType.ProductKeyId:
      fields.productKeyId = readAsciiString(bytes, start, end);
      break;
  }
}

interface RecordWalk {
  /** Why the walk is broken, when it is (only meaningful when the whole block was available). */
  structureError?: string;
  displayAllOnes: boolean;
}

/** Reads every record that lies wholly inside both the block and the decoded bytes. */
function walkRecords(bytes: Buffer, blockLength: number, fields: HashFields, intern: Intern): RecordWalk {
  const readableEnd = Math.min(blockLength, bytes.length);
  let displayAllOnes = false;
  let offset = RECORD_HEADER_LENGTH;
  while (offset + RECORD_HEADER_LENGTH <= readableEnd) {
    const type = bytes.readUInt16LE(offset);
    const length = bytes.readUInt16LE(offset + 2);
    if (length < RECORD_HEADER_LENGTH) {
      return { structureError: `the record at byte ${offset} has length ${length} (at least 4)`, displayAllOnes };
    }
    const end = offset + length;
    if (end > blockLength) {
      return { structureError: `the record at byte ${offset} runs past the end of the block (byte ${blockLength})`, displayAllOnes };
    }
    if (end > readableEnd) break;
    if (type === RecordType.Display) displayAllOnes = isAllOnes(bytes, offset + RECORD_HEADER_LENGTH, end);
    readRecord(fields, type, bytes, offset + RECORD_HEADER_LENGTH, end, intern);
    offset = end;
  }
  if (offset !== blockLength && readableEnd === blockLength) {
    return { structureError: `the records end at byte ${offset}, not at the block length ${blockLength}`, displayAllOnes };
  }
  return { displayAllOnes };
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

const VIRTUAL_MACHINE_MANUFACTURERS: readonly string[] = ['qemu', 'vmware', 'innotek gmbh', 'parallels', 'xen'];
const VIRTUAL_CPU_BRANDS: readonly string[] = ['qemu virtual cpu'];
const VIRTUAL_DISK_MODELS: readonly string[] = ['virtual disk', 'qemu harddisk', 'vmware virtual', 'vbox harddisk'];

function startsWithAny(value: string | undefined, prefixes: readonly string[]): boolean {
  const lower = value?.toLowerCase();
  return lower !== undefined && prefixes.some((prefix) => lower.startsWith(prefix));
}

function includesAny(value: string | undefined, needles: readonly string[]): boolean {
  const lower = value?.toLowerCase();
  return lower !== undefined && needles.some((needle) => lower.includes(needle));
}

function virtualMachineSignals(fields: HashFields, displayAllOnes: boolean): string[] {
  const signals: string[] = [];
  if (startsWithAny(fields.manufacturer, VIRTUAL_MACHINE_MANUFACTURERS)) signals.push(`manufacturer ${fields.manufacturer}`);
  if (fields.manufacturer === 'Microsoft Corporation' && fields.model === 'Virtual Machine') {
    signals.push('manufacturer Microsoft Corporation with model Virtual Machine (Hyper-V)');
  }
  if (fields.model === 'VirtualBox') signals.push('model VirtualBox');
  if (startsWithAny(fields.cpuBrand, VIRTUAL_CPU_BRANDS)) signals.push(`CPU ${fields.cpuBrand}`);
  if (includesAny(fields.diskModel, VIRTUAL_DISK_MODELS)) signals.push(`disk ${fields.diskModel}`);
  if (fields.adapters.some((adapter) => adapter.bus === 'VMBUS')) signals.push('NIC on VMBUS');
  if (displayAllOnes) signals.push('display record all 0xFF');
  // Only the system records: physical Surface devices carry the placeholder in the baseboard version (record 22).
  const placeholderFields = (['serialNumber', 'sku', 'family'] as const).filter((name) => fields[name] === SMBIOS_PLACEHOLDER);
  if (placeholderFields.length > 0) signals.push(`${SMBIOS_PLACEHOLDER} placeholder in ${placeholderFields.join(', ')}`);
  return signals;
}

/** One-shot `crypto.hash` (Node 20.12+) skips the Hash object per call; older runtimes take the classic path. */
const oneShotHash: ((algorithm: string, data: Buffer, encoding: 'hex') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

function sha256Hex(bytes: Buffer): string {
  return oneShotHash ? oneShotHash('sha256', bytes, 'hex') : crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Bounds the interned strings, whatever the file holds. */
const MAX_INTERNED_STRINGS = 10_000;

/**
 * Working memory for decoding many hashes in a row: the base64 text is decoded into one reused buffer instead
 * of a new Buffer per hash (on a 50,000-row file the allocations and their garbage cost more than the decoding).
 * Owned by the caller that decodes a batch (one validation run); decoded bytes never outlive the call that
 * filled the buffer, so results stay independent of each other.
 */
export class HashScratch {
  private buffer: Buffer = Buffer.allocUnsafe(4096);
  private readonly strings = new Map<string, string>();

  /**
   * One string object per distinct value of the fields devices share (manufacturer, model, TPM, CPU...): a file
   * of 50,000 devices holds a handful of models, and 50,000 copies of each cost memory and garbage-collector time.
   */
  readonly intern = (value: string): string => {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < MAX_INTERNED_STRINGS) this.strings.set(value, value);
    return value;
  };

  /** The bytes Node's base64 decoder reads from `text`: a view that is valid until the next call. */
  decode(text: string): Buffer {
    const needed = Math.ceil((text.length * 3) / 4) + 3;
    if (needed > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    const written = this.buffer.write(text, 0, 'base64');
    return this.buffer.subarray(0, written);
  }
}

function truncatedProblem(textLength: number): HashProblem {
  return {
    code: 'hash-truncated',
    message: `Hardware hash truncated: ${textLength} characters; complete hashes have ${COMPLETE_HASH_TEXT_LENGTH}. Copy the whole hash again, or capture it again on the device.`,
  };
}

/**
 * The bytes of the text, repaired when whitespace, padding or the url alphabet are all that is wrong
 * (so the fields can still be checked), and the text problem if there is one.
 */
function readBase64(text: string, scratch: HashScratch | undefined): { bytes?: Buffer; problem?: HashProblem } {
  const direct = scratch ? scratch.decode(text) : Buffer.from(text, 'base64');
  // Canonical base64 re-encodes to itself: one native round trip spares the per-character scan on the usual path.
  if (direct.toString('base64') === text) return { bytes: direct };
  const scan = scanText(text);
  const problem = textProblem(text, scan);
  if (problem === undefined) return { bytes: direct };
  const repaired = repairScannedText(text, scan);
  return { bytes: repaired === undefined ? undefined : Buffer.from(repaired, 'base64'), problem };
}

/**
 * `scratch` lends working memory to callers decoding many hashes (the result never refers to it); without it
 * each call allocates its own.
 */
export function decodeHardwareHash(text: string, scratch?: HashScratch): DecodedHash {
  const result: DecodedHash = {
    textLength: text.length,
    checksumVerified: false,
    unusualLength: false,
    fields: { hasTpm: false, adapters: [] },
    virtualMachineSignals: [],
  };
  const { bytes, problem } = readBase64(text, scratch);
  const report = (found: HashProblem): DecodedHash => {
    result.problem = problem ?? found;
    return result;
  };
  if (bytes === undefined) return report(problem ?? { code: 'hash-base64', message: 'Hardware hash is not valid base64.' });

  // A prefix of a real hash ("T0", "T0E=") is truncated rather than foreign, so only present bytes must match.
  if ((bytes.length > 0 && bytes[0] !== 0x4f) || (bytes.length > 1 && bytes[1] !== 0x41)) {
    result.identity = sha256Hex(bytes);
    return report({
      code: 'hash-magic',
      message: `Not an Autopilot 4K hardware hash: the decoded bytes do not start with "OA" (hashes start with "T0"; this one starts with "${text.slice(0, 4)}").`,
    });
  }
  if (bytes.length < RECORD_HEADER_LENGTH) {
    if (bytes.length > 0) result.identity = sha256Hex(bytes);
    return report(truncatedProblem(text.length));
  }

  const blockLength = bytes.readUInt16LE(2);
  result.blockLength = blockLength;
  const walk = walkRecords(bytes, blockLength, result.fields, scratch ? scratch.intern : (value) => value);
  result.virtualMachineSignals = virtualMachineSignals(result.fields, walk.displayAllOnes);
  const block = bytes.length >= blockLength ? bytes.subarray(0, blockLength) : undefined;
  const blockDigest = block ? sha256Hex(block) : undefined;
  result.identity = blockDigest ?? sha256Hex(bytes);

  if (bytes.length < blockLength + CHECKSUM_RECORD_LENGTH) return report(truncatedProblem(text.length));
  if (walk.structureError !== undefined) {
    return report({ code: 'hash-structure', message: `Hardware hash structure is corrupt: ${walk.structureError}. Capture the hash again.` });
  }
  const hasChecksumRecord =
    bytes[blockLength] === 0x43 && bytes[blockLength + 1] === 0x53 && bytes.readUInt16LE(blockLength + 2) === CHECKSUM_RECORD_LENGTH;
  if (!hasChecksumRecord) {
    return report({
      code: 'hash-structure',
      message: `Hardware hash structure is corrupt: no checksum record (CS) at the end of the block (byte ${blockLength}). Capture the hash again.`,
    });
  }
  // Compared as hex: the digest is needed as hex for the identity anyway, and 32 bytes of hex cost nothing.
  const storedDigest = bytes.toString('hex', blockLength + 4, blockLength + CHECKSUM_RECORD_LENGTH);
  result.checksumVerified = blockDigest !== undefined && blockDigest === storedDigest;
  if (!result.checksumVerified) {
    return report({
      code: 'hash-checksum',
      message: 'Hardware hash checksum does not match its content: the hash was edited or corrupted. Copy it again from the original file, or capture it again.',
    });
  }
  result.unusualLength = bytes.length !== COMPLETE_HASH_BYTE_LENGTH || !isAllZero(bytes, blockLength + CHECKSUM_RECORD_LENGTH);
  if (problem !== undefined) result.problem = problem;
  return result;
}
