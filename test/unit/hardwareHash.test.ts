import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { decodeHardwareHash, isBase64Url, repairHashText, type DecodedHash } from '../../server/src/core/hashDecoder';
import { generateHardwareHash, intuneCsv, syntheticDevice, type SyntheticDevice } from '../../scripts/lib/hashGenerator';
import { seededRandom } from '../../scripts/lib/random';
import { summarizeHash } from '../../server/src/core/hashSummary';
import { hashDefectFinding } from '../../server/src/core/rules/hardwareHash';

// Real files (provenance in test/fixtures/corpus/SOURCES.md); tests run from the repository root.
const CORPUS_DIR = path.resolve('test', 'fixtures', 'corpus');

interface CorpusRow {
  file: string;
  header: string[];
  cells: string[];
  hash: string;
}

function readCorpusText(file: string): string {
  const bytes = readFileSync(path.join(CORPUS_DIR, file));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

function firstDataRow(file: string): CorpusRow {
  const [headerLine, dataLine] = readCorpusText(file).split(/\r?\n/);
  const header = (headerLine ?? '').split(',');
  const cells = (dataLine ?? '').split(',');
  const hashColumn = header.findIndex((name) => name.toLowerCase() === 'hardware hash');
  return { file, header, cells, hash: cells[hashColumn] ?? '' };
}

function cell(row: CorpusRow, column: string): string {
  return row.cells[row.header.indexOf(column)] ?? '';
}

const gwaiFiles = readdirSync(CORPUS_DIR)
  .filter((name) => name.startsWith('gwai_') && name.endsWith('.csv'))
  .sort();
const HP_840_G8 = 'gwai_utf16le_hp-elitebook-840-g8_win11-24h2.csv';
const TRUNCATED_SAMPLE = 'mmd-admin-portal-sample-self_utf8bom_truncated-hash.csv';

function decodeCorpus(file: string): DecodedHash {
  return decodeHardwareHash(firstDataRow(file).hash);
}

function hashBytes(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

/** Byte offset of the first record of `type` in a decoded hash. */
function recordOffset(bytes: Buffer, type: number): number {
  const total = bytes.readUInt16LE(2);
  for (let offset = 4; offset < total; offset += bytes.readUInt16LE(offset + 2)) {
    if (bytes.readUInt16LE(offset) === type) return offset;
  }
  throw new Error(`no record ${type}`);
}

/** Deterministic, so a failure can be reproduced. */
const referenceHash = firstDataRow(HP_840_G8).hash;

describe('decodeHardwareHash on the real corpus', () => {
  it('finds every Get-WindowsAutopilotInfo file of the corpus', () => {
    assert.equal(gwaiFiles.length, 8);
  });

  for (const file of gwaiFiles) {
    it(`${file}: complete, checksum verified, fields as the file says`, () => {
      const row = firstDataRow(file);
      const decoded = decodeHardwareHash(row.hash);
      assert.equal(decoded.defect, undefined);
      assert.equal(decoded.textLength, 4000);
      assert.equal(decoded.checksumVerified, true);
      assert.equal(decoded.unusualLength, false);
      const csvSerial = cell(row, 'Device Serial Number');
      // The QEMU exports leave the CSV serial blank; the hash then holds the SMBIOS placeholder.
      assert.equal(decoded.fields.serialNumber, csvSerial === '' ? 'SMBIOS_STRING_INDEX_0' : csvSerial);
      assert.ok(decoded.fields.manufacturer);
      assert.ok(decoded.fields.model);
      assert.equal(decoded.fields.hasTpm, !file.includes('no-tpm'));
      assert.equal(decoded.fields.tpm?.startsWith('TPM-Version:2.0'), file.includes('no-tpm') ? undefined : true);
      const isVirtual = file.includes('qemu') || file.includes('vmware');
      assert.equal(decoded.virtualMachineSignals.length > 0, isVirtual, decoded.virtualMachineSignals.join('; '));
    });
  }

  it('reads the worked example (HP EliteBook 840 G8) exactly', () => {
    const decoded = decodeCorpus(HP_840_G8);
    assert.equal(decoded.blockLength, 1159);
    assert.equal(decoded.fields.serialNumber, '5CG1457YL8');
    assert.equal(decoded.fields.manufacturer, 'HP');
    assert.equal(decoded.fields.model, 'HP EliteBook 840 G8 Notebook PC');
    assert.equal(decoded.fields.productKeyId, '3305404496774');
    // Record 1 holds two versions: the hash tool's build, then the operating system's (25H2 here, not 24H2's 26100).
    assert.equal(decoded.fields.windowsBuild, '10.0.26200.7840');
    assert.equal(decoded.fields.hashToolBuild, '10.0.26100.7705');
    assert.equal(decoded.fields.architecture, 'x64');
    assert.equal(decoded.fields.cpuBrand, '11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz');
    assert.equal(decoded.fields.tpm, "TPM-Version:2.0 -Level:0-Revision:1.38-VendorID:'IFX '-Firmware:458837.1166080");
    assert.deepEqual(decoded.fields.adapters, [
      { medium: 'bluetooth', mac: '44:E5:17:A6:2E:FC', bus: 'BTH' },
      { medium: 'wifi', mac: '44:E5:17:A6:2E:F8', bus: 'PCI' },
    ]);
    // The identity is the SHA-256 of the block, i.e. the digest stored in the CS record.
    assert.match(Buffer.from(decoded.identity ?? '', 'latin1').toString('hex'), /^3e8a030a9e484852[0-9a-f]{48}$/);
  });

  it('reads the Lenovo models as their product codes, upper-case maker, three NICs', () => {
    const p14s = decodeCorpus('gwai_utf16le_lenovo-thinkpad-p14s-gen5_3nics.csv');
    assert.equal(p14s.fields.manufacturer, 'LENOVO');
    assert.equal(p14s.fields.model, '21G2001VUS');
    assert.equal(p14s.fields.productKeyId, '3556252499682');
    assert.deepEqual(
      p14s.fields.adapters?.map((adapter) => adapter.medium),
      ['bluetooth', 'ethernet', 'wifi'],
    );
    const x270 = decodeCorpus('gwai_utf16le_lenovo-thinkpad-x270_2018-script-v1x.csv');
    assert.equal(x270.fields.windowsBuild, '10.0.16299.492');
    assert.equal(x270.fields.hashToolBuild, '10.0.16299.492');
    assert.deepEqual(x270.fields.adapters?.[2], { medium: 'wwan', mac: 'FF:FF:FF:FF:FF:FF', bus: 'USB' });
  });

  it('names the virtual machine evidence in the VM hashes', () => {
    const qemu = decodeCorpus('gwai_utf16le_qemu-vm-vtpm_blank-serial.csv');
    assert.ok(qemu.virtualMachineSignals.includes('manufacturer QEMU'));
    assert.ok(qemu.virtualMachineSignals.includes('CPU QEMU Virtual CPU version 2.5+'));
    assert.ok(qemu.virtualMachineSignals.includes('disk QEMU HARDDISK'));
    assert.ok(qemu.virtualMachineSignals.includes('display record all 0xFF'));
    assert.equal(qemu.fields.productKeyId, undefined);
    const arm = decodeCorpus('gwai_utf16le_vmware-arm64-vm_with-group-tag.csv');
    assert.equal(arm.fields.architecture, 'arm64');
    assert.equal(arm.fields.cpuVendor, 'Apple');
    assert.deepEqual(arm.fields.adapters, []);
    assert.ok(arm.virtualMachineSignals.includes('manufacturer VMware, Inc.'));
  });

  it('keeps the inner spaces of a VMware serial and shows the UUID as Windows does', () => {
    const decoded = decodeCorpus('gwai_utf16le_vmware-x64-vm_serial-with-spaces_no-tpm.csv');
    assert.equal(decoded.fields.serialNumber, 'VMware-56 4d 8d 37 93 fe f5 0e-88 0c 3d 23 2b a1 5a 41');
    assert.equal(decoded.fields.uuid, '378D4D56-FE93-0EF5-880C-3D232BA15A41');
    assert.equal(decoded.fields.diskModel, 'Virtual disk');
  });

  it("reports Microsoft's 1452-character sample as truncated, yet reads its fields", () => {
    const decoded = decodeCorpus(TRUNCATED_SAMPLE);
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-truncated');
    assert.match(hashDefectFinding(decoded)?.message ?? '', /^Hardware hash truncated: 1452 characters; complete hashes have 4000\./);
    assert.equal(decoded.checksumVerified, false);
    assert.equal(decoded.fields.serialNumber, '016520771357');
    assert.equal(decoded.fields.manufacturer, 'Microsoft Corporation');
    assert.equal(decoded.fields.model, 'Surface Laptop');
    assert.equal(decoded.fields.productKeyId, '3863475297787');
    assert.deepEqual(decoded.virtualMachineSignals, []);
  });

  it('summarizes each real hash in a label that stands for its cell: the device, intact or not, the length', () => {
    const labels = Object.fromEntries([...gwaiFiles, TRUNCATED_SAMPLE].map((file) => [file, summarizeHash(decodeCorpus(file)).label]));
    assert.deepEqual(labels, {
      'gwai_utf16le_hp-elitebook-650-g10_win11-22h2.csv': '⟨HP EliteBook 650 G10 ✓ 4000⟩',
      'gwai_utf16le_hp-elitebook-840-g8_win11-24h2.csv': '⟨HP EliteBook 840 G8 ✓ 4000⟩',
      'gwai_utf16le_lenovo-thinkpad-p14s-gen5_3nics.csv': '⟨LENOVO 21G2001VUS ✓ 4000⟩',
      'gwai_utf16le_lenovo-thinkpad-x270_2018-script-v1x.csv': '⟨LENOVO 20K5S0B700 ✓ 4000⟩',
      'gwai_utf16le_qemu-vm-no-tpm_blank-serial.csv': '⟨QEMU Standard PC (Q35 + ICH… ⚠ VM, no TPM⟩',
      'gwai_utf16le_qemu-vm-vtpm_blank-serial.csv': '⟨QEMU Standard PC (Q35 + ICH… ⚠ VM⟩',
      'gwai_utf16le_vmware-arm64-vm_with-group-tag.csv': '⟨VMware20,1 ⚠ VM⟩',
      'gwai_utf16le_vmware-x64-vm_serial-with-spaces_no-tpm.csv': '⟨VMware20,1 ⚠ VM, no TPM⟩',
      [TRUNCATED_SAMPLE]: '⟨Microsoft Surface Laptop ✗ cut off · 1452⟩',
    });
  });

  it("reports the Partner Center sample's placeholder hash as not base64", () => {
    const placeholder = readCorpusText('partner-center-sample-as-reproduced-by-cipp_utf8bom.csv')
      .split('\n')
      .flatMap((line) => line.split(','))
      .find((value) => value.startsWith('T0'));
    assert.equal(placeholder, 'T0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g');
    const decoded = decodeHardwareHash(placeholder);
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-base64');
    assert.match(hashDefectFinding(decoded)?.message ?? '', /39/);
  });
});

describe('decodeHardwareHash on damaged hashes', () => {
  it('flags one flipped byte as a checksum mismatch and still reads the fields', () => {
    const bytes = hashBytes(referenceHash);
    const uuidByte = recordOffset(bytes, 12) + 5;
    bytes[uuidByte] = (bytes[uuidByte] ?? 0) ^ 0x01;
    const decoded = decodeHardwareHash(bytes.toString('base64'));
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-checksum');
    assert.equal(decoded.checksumVerified, false);
    assert.equal(decoded.fields.serialNumber, '5CG1457YL8');
  });

  it('flags a cut hash as truncated with its length', () => {
    const decoded = decodeHardwareHash(referenceHash.slice(0, 1200));
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-truncated');
    assert.match(hashDefectFinding(decoded)?.message ?? '', /1200 characters; complete hashes have 4000/);
    // Record 14 (serial) lies at byte 713, inside the 900 bytes still there.
    assert.equal(decoded.fields.serialNumber, '5CG1457YL8');
  });

  it('flags a record length below 4, a walk that overshoots the block, and a missing CS record as structure', () => {
    for (const corrupt of [
      (bytes: Buffer) => bytes.writeUInt16LE(2, recordOffset(bytes, 14) + 2),
      (bytes: Buffer) => bytes.writeUInt16LE(bytes.readUInt16LE(recordOffset(bytes, 17) + 2) + 1, recordOffset(bytes, 17) + 2),
      (bytes: Buffer) => bytes.write('XX', bytes.readUInt16LE(2), 'latin1'),
    ]) {
      const bytes = hashBytes(referenceHash);
      corrupt(bytes);
      assert.equal(hashDefectFinding(decodeHardwareHash(bytes.toString('base64')))?.code, 'hash-structure');
    }
  });

  it('flags bytes without the OA magic', () => {
    assert.equal(hashDefectFinding(decodeHardwareHash('AAAA'))?.code, 'hash-magic');
    assert.equal(hashDefectFinding(decodeHardwareHash(Buffer.from('not a hash at all').toString('base64')))?.code, 'hash-magic');
  });

  it('flags spaces and line breaks as hash-base64, reads through them, and repairs them', () => {
    const spaced = referenceHash.slice(0, 1000) + ' ' + referenceHash.slice(1000, 2000) + '\r\n' + referenceHash.slice(2000);
    const decoded = decodeHardwareHash(spaced);
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-base64');
    assert.match(hashDefectFinding(decoded)?.message ?? '', /3 spaces or line breaks/);
    assert.equal(decoded.fields.serialNumber, '5CG1457YL8');
    assert.equal(repairHashText(spaced), referenceHash);
  });

  it('flags characters outside base64 with their position and offers no repair', () => {
    const broken = referenceHash.slice(0, 10) + '!' + referenceHash.slice(11);
    const decoded = decodeHardwareHash(broken);
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-base64');
    assert.match(hashDefectFinding(decoded)?.message ?? '', /'!' at position 11/);
    assert.equal(repairHashText(broken), undefined);
    assert.equal(repairHashText(referenceHash.replace('+', '-').replace('/', '/')), undefined, 'mixed alphabets');
  });

  it('flags the base64url alphabet as a warning, reads it fully, and converts it back', () => {
    assert.ok(/[+/]/.test(referenceHash), 'the reference hash must contain + or / for this test');
    const urlText = referenceHash.replaceAll('+', '-').replaceAll('/', '_');
    const decoded = decodeHardwareHash(urlText);
    assert.equal(hashDefectFinding(decoded)?.code, 'hash-base64url');
    assert.equal(decoded.checksumVerified, true);
    assert.equal(decoded.fields.model, 'HP EliteBook 840 G8 Notebook PC');
    assert.equal(isBase64Url(urlText), true);
    assert.equal(isBase64Url(referenceHash), false);
    assert.equal(repairHashText(urlText), referenceHash);
  });

  it('restores dropped = padding', () => {
    const shortText = hashBytes(referenceHash)
      .subarray(0, 1159 + 36)
      .toString('base64');
    assert.ok(shortText.endsWith('=='));
    const unpadded = shortText.replace(/=+$/, '');
    assert.equal(hashDefectFinding(decodeHardwareHash(unpadded))?.code, 'hash-base64');
    assert.equal(repairHashText(unpadded), shortText);
    assert.equal(repairHashText(referenceHash.slice(0, 4001 - 4)), undefined, 'one character too many cannot be padded');
  });

  it('tells plain base64 from any other text exactly, whatever the characters', () => {
    // The decoder judges by the bytes Node's base64 decoder writes; this is the definition it must agree with.
    const plain = (text: string) => {
      const match = /^([A-Za-z0-9+/]*)(={0,2})$/.exec(text);
      return match !== null && text.length % 4 === 0 && (match[1] ?? '').length % 4 !== 1;
    };
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const others = ['=', '-', '_', ' ', '\n', '\t', '!', '.', '\0', '\u00e9', '\u00a0', '\u0100', '\u200b', '\ufeff'];
    const random = seededRandom(42);
    for (let index = 0; index < 40_000; index++) {
      let text = index % 7 === 0 ? referenceHash.slice(0, Math.floor(random() * 40) * 4) : '';
      const length = Math.floor(random() * 14);
      for (let char = 0; char < length; char++) {
        const pool = random() < 0.8 ? alphabet : others.join('');
        text += pool[Math.floor(random() * pool.length)] ?? 'A';
      }
      if (random() < 0.3) text += random() < 0.5 ? '=' : '==';
      const code = hashDefectFinding(decodeHardwareHash(text))?.code;
      const textProblem = code === 'hash-base64' || code === 'hash-base64url';
      assert.equal(textProblem, !plain(text), JSON.stringify(text));
    }
  });

  it('gives every textual variant of the same bytes the same identity', () => {
    const identity = decodeHardwareHash(referenceHash).identity;
    assert.ok(identity);
    const variants = [
      referenceHash.replaceAll('+', '-').replaceAll('/', '_'),
      ` ${referenceHash.slice(0, 2000)}\n${referenceHash.slice(2000)}`,
      hashBytes(referenceHash)
        .subarray(0, 1159 + 36)
        .toString('base64'),
    ];
    for (const variant of variants) assert.equal(decodeHardwareHash(variant).identity, identity);
    assert.notEqual(decodeCorpus('gwai_utf16le_hp-elitebook-650-g10_win11-22h2.csv').identity, identity);
  });

  it('marks a valid hash of unusual length or with non-zero padding', () => {
    const short = decodeHardwareHash(
      hashBytes(referenceHash)
        .subarray(0, 1159 + 36)
        .toString('base64'),
    );
    assert.equal(short.defect, undefined);
    assert.equal(short.checksumVerified, true);
    assert.equal(short.unusualLength, true);
    const dirty = hashBytes(referenceHash);
    dirty[2999] = 7;
    const dirtyDecoded = decodeHardwareHash(dirty.toString('base64'));
    assert.equal(dirtyDecoded.defect, undefined);
    assert.equal(dirtyDecoded.unusualLength, true);
  });
});

describe('decodeHardwareHash robustness', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  it('returns a problem for empty, huge random, and binary inputs, quickly', () => {
    const random = seededRandom(42);
    const randomBase64 = Array.from({ length: 100_000 }, () => alphabet[Math.floor(random() * 64)]).join('');
    const randomPrintable = Array.from({ length: 100_000 }, () => String.fromCharCode(32 + Math.floor(random() * 95))).join('');
    const randomLatin1 = Buffer.from(Array.from({ length: 100_000 }, () => Math.floor(random() * 256))).toString('latin1');
    const hashLike = 'T0H/' + randomBase64.slice(4);
    const started = performance.now();
    for (const input of ['', 'T0', 'T0E=', randomBase64, randomPrintable, randomLatin1, hashLike]) {
      const decoded = decodeHardwareHash(input);
      assert.ok(decoded.defect, `input of ${input.length} characters must report a problem`);
      assert.equal(decoded.textLength, input.length);
    }
    assert.ok(performance.now() - started < 2000);
  });

  it('survives random damage to a real hash: never throws, never verifies a changed block', () => {
    const random = seededRandom(7);
    const original = hashBytes(referenceHash);
    for (let round = 0; round < 2000; round++) {
      const bytes = Buffer.from(original);
      const offset = Math.floor(random() * 1300);
      bytes[offset] = Math.floor(random() * 256);
      const length = random() < 0.3 ? Math.floor(random() * 3000) : 3000;
      const decoded = decodeHardwareHash(bytes.subarray(0, length).toString('base64'));
      // Bytes from 1195 on are padding, which the checksum does not cover.
      const checkedBytesUnchanged = bytes[offset] === original[offset] || offset >= 1159 + 36;
      const unchanged = checkedBytesUnchanged && length >= 1159 + 36;
      assert.equal(decoded.checksumVerified, unchanged, `byte ${offset}, length ${length}`);
    }
  });

  it('decodes thousands of hashes per second', () => {
    const hashes = Array.from({ length: 2000 }, (_, index) => generateHardwareHash(syntheticDevice(index)));
    const started = performance.now();
    for (const hash of hashes) assert.equal(decodeHardwareHash(hash).checksumVerified, true);
    assert.ok(performance.now() - started < 2000, 'under 1 ms per hash even on a slow machine');
  });
});

describe('hashGenerator', () => {
  it('generates 4000-character hashes that verify and give back the device exactly', () => {
    for (let index = 0; index < 8; index++) {
      const device = syntheticDevice(index);
      const hash = generateHardwareHash(device);
      const decoded = decodeHardwareHash(hash);
      assert.equal(hash.length, 4000);
      assert.equal(decoded.defect, undefined);
      assert.equal(decoded.checksumVerified, true);
      assert.equal(decoded.unusualLength, false);
      assert.equal(decoded.fields.serialNumber, device.serialNumber);
      assert.equal(decoded.fields.manufacturer, device.manufacturer);
      assert.equal(decoded.fields.model, device.model);
      assert.equal(decoded.fields.productKeyId, device.productKeyId);
      assert.equal(decoded.fields.hasTpm, true);
      assert.deepEqual(decoded.virtualMachineSignals, []);
    }
  });

  it('honours tpm, windowsBuild, hashToolBuild and virtualMachine', () => {
    const base: SyntheticDevice = { serialNumber: 'VM-0001', manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)' };
    const noTpm = decodeHardwareHash(generateHardwareHash({ ...base, tpm: false, windowsBuild: '10.0.22631.4460' }));
    assert.equal(noTpm.fields.hasTpm, false);
    assert.equal(noTpm.fields.tpm, undefined);
    assert.equal(noTpm.fields.windowsBuild, '10.0.22631.4460');
    assert.equal(noTpm.fields.hashToolBuild, '10.0.22631.4460', 'the tool build defaults to the Windows build');
    const upgraded = decodeHardwareHash(
      generateHardwareHash({ ...base, windowsBuild: '10.0.26200.7840', hashToolBuild: '10.0.26100.7705' }),
    );
    assert.equal(upgraded.fields.windowsBuild, '10.0.26200.7840');
    assert.equal(upgraded.fields.hashToolBuild, '10.0.26100.7705');
    assert.equal(noTpm.fields.productKeyId, undefined);
    for (const virtualMachine of ['qemu', 'vmware', 'hyperv'] as const) {
      const decoded = decodeHardwareHash(
        generateHardwareHash({ ...base, manufacturer: 'Microsoft Corporation', model: 'Virtual Machine', virtualMachine }),
      );
      assert.equal(decoded.checksumVerified, true);
      assert.ok(decoded.virtualMachineSignals.length >= 2, `${virtualMachine}: ${decoded.virtualMachineSignals.join('; ')}`);
    }
  });

  it('is deterministic for a seed and varies with it', () => {
    const device = syntheticDevice(3, 9);
    assert.deepEqual(syntheticDevice(3, 9), device);
    assert.equal(generateHardwareHash(device, 9), generateHardwareHash(device, 9));
    assert.notEqual(generateHardwareHash(device, 9), generateHardwareHash(device, 10));
    assert.equal(intuneCsv(4, { seed: 5 }), intuneCsv(4, { seed: 5 }));
  });

  it('makes fake devices shaped per maker, with unique serials', () => {
    const devices = Array.from({ length: 2000 }, (_, index) => syntheticDevice(index));
    assert.equal(new Set(devices.map((device) => device.serialNumber)).size, devices.length);
    const shapes: Record<string, RegExp> = {
      HP: /^5CG[0-9A-Z]{7}$/,
      LENOVO: /^PF[0-9A-Z]{6}$/,
      'Dell Inc.': /^[0-9A-Z]{7}$/,
      'Microsoft Corporation': /^0\d{11}$/,
    };
    assert.deepEqual(new Set(devices.map((device) => device.manufacturer)), new Set(Object.keys(shapes)));
    for (const device of devices) {
      assert.match(device.serialNumber, shapes[device.manufacturer] ?? /^$/);
      assert.match(device.productKeyId ?? '', /^\d{13}$/);
    }
  });

  it('writes an Intune CSV: header, one row per device, final line ending', () => {
    const csv = intuneCsv(3);
    const lines = csv.split('\r\n');
    assert.equal(lines.length, 5);
    assert.equal(lines.pop(), '');
    assert.equal(lines[0], 'Device Serial Number,Windows Product ID,Hardware Hash');
    for (const line of lines.slice(1)) {
      const [serial, productId, hash] = line.split(',');
      const decoded = decodeHardwareHash(hash ?? '');
      assert.equal(decoded.fields.serialNumber, serial);
      assert.equal(decoded.fields.productKeyId, productId);
    }
    const tagged = intuneCsv(2, { groupTag: 'Microsoft365Managed_Autopilot', lineEnding: '\n' }).split('\n');
    assert.equal(tagged[0], 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag');
    assert.ok(tagged[1]?.endsWith(',Microsoft365Managed_Autopilot'));
    assert.equal(tagged.length, 4);
  });
});
