import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/core/fix';
import {
  applyFix,
  covered,
  csvFile,
  findingsOf,
  intuneFile,
  intuneRow,
  lineAt,
  MMD_HEADER,
  PARTNER_HEADER,
  single,
  testDevice,
  theFix,
} from './support/builders';

const HASH_CODES = [
  'hash-base64',
  'hash-base64url',
  'hash-magic',
  'hash-truncated',
  'hash-structure',
  'hash-checksum',
  'hash-length',
  'hash-missing-fields',
  'hash-no-tpm',
  'hash-virtual-machine',
  'tuple-mismatch',
];

function hashFindings(text: string) {
  return findingsOf(text).filter((finding) => HASH_CODES.includes(finding.code));
}

const device = testDevice(0);
const second = testDevice(1);

/** The same bytes in the base64url alphabet. */
function toBase64Url(hash: string): string {
  return hash.replaceAll('+', '-').replaceAll('/', '_');
}

/** A device whose hash contains both `+` and `/`, so the url form differs in both characters. */
function deviceWithUrlCharacters(): ReturnType<typeof testDevice> {
  for (let index = 0; index < 50; index++) {
    const candidate = testDevice(index);
    if (candidate.hash.includes('+') && candidate.hash.includes('/')) return candidate;
  }
  throw new Error('no synthetic hash with both + and /');
}

/** Re-encodes a hash after changing its bytes (checksum not updated unless asked). */
function editBytes(hash: string, edit: (bytes: Buffer) => void): string {
  const bytes = Buffer.from(hash, 'base64');
  edit(bytes);
  return bytes.toString('base64');
}

describe('hardware hash rules', () => {
  it('are quiet on valid physical hashes', () => {
    assert.deepEqual(findingsOf(intuneFile([intuneRow(device), intuneRow(second)])), []);
  });

  describe('hash-base64', () => {
    it('flags line breaks inside a quoted hash and removes them safely (the quotes go with them)', () => {
      const broken = `"${device.hash.slice(0, 2000)}\r\n${device.hash.slice(2000)}"`;
      const text = intuneFile([[device.serialNumber, '', broken]]);
      const findings = hashFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['hash-base64'],
      );
      const finding = single(findings, 'hash-base64');
      assert.equal(covered(text, finding), broken);
      assert.equal(lineAt(text, finding.start), 2);
      const fix = theFix(finding);
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(device)]));
    });

    it('survives fix-all: the quotes fix does not split the row, the hash fix repairs it', () => {
      const broken = `"${device.hash.slice(0, 2000)}\n${device.hash.slice(2000)}"`;
      const text = intuneFile([[device.serialNumber, '', broken]]);
      assert.equal(fixAll(text, 'utf8').text, intuneFile([intuneRow(device)]));
    });

    it('restores missing padding', () => {
      // 3000 bytes need no padding; drop one byte of zero padding so the base64 needs "=".
      const padded = Buffer.from(device.hash, 'base64').subarray(0, 2999).toString('base64');
      assert.ok(padded.endsWith('='));
      const unpadded = padded.replace(/=+$/, '');
      const text = intuneFile([[device.serialNumber, '', unpadded]]);
      const finding = single(findingsOf(text), 'hash-base64');
      assert.equal(covered(text, finding), unpadded);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([[device.serialNumber, '', padded]]));
      // The repaired hash verifies but is one byte short: said once, with its size in bytes.
      assert.match(single(findingsOf(text), 'hash-length').message, /2999 bytes/);
    });

    it('has no fix for a character outside base64', () => {
      const broken = `${device.hash.slice(0, 100)}!${device.hash.slice(101)}`;
      const text = intuneFile([[device.serialNumber, '', broken]]);
      const finding = single(findingsOf(text), 'hash-base64');
      assert.deepEqual(finding.fixes, []);
    });
  });

  describe('hash-base64url', () => {
    it('flags the url alphabet and converts it back to standard base64 safely', () => {
      const urlDevice = deviceWithUrlCharacters();
      const url = toBase64Url(urlDevice.hash);
      const text = intuneFile([[urlDevice.serialNumber, '', url]]);
      const findings = hashFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['hash-base64url'],
      );
      const fix = theFix(findings[0] as never);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(urlDevice)]));
    });
  });

  describe('structural problems', () => {
    it('hash-magic: not an Autopilot hash', () => {
      const foreign = Buffer.from('this is not a hardware hash at all').toString('base64');
      const text = intuneFile([[device.serialNumber, '', foreign]]);
      const finding = single(hashFindings(text), 'hash-magic');
      assert.equal(covered(text, finding), foreign);
    });

    it('hash-truncated: a cut-off hash gets only that finding, not the ones its missing records would imply', () => {
      const truncated = device.hash.slice(0, 1452);
      const text = intuneFile([[device.serialNumber, '', truncated]]);
      const findings = hashFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['hash-truncated'],
      );
      assert.match(findings[0]?.message ?? '', /1452/);
      assert.equal(covered(text, findings[0] as never), truncated);
    });

    it('hash-checksum: an edited byte inside the block', () => {
      const edited = editBytes(device.hash, (bytes) => {
        bytes[100] = (bytes[100] ?? 0) ^ 0xff;
      });
      const text = intuneFile([[device.serialNumber, '', edited]]);
      assert.deepEqual(
        hashFindings(text).map((finding) => finding.code),
        ['hash-checksum'],
      );
    });

    it('hash-structure: a record length below 4', () => {
      const broken = editBytes(device.hash, (bytes) => bytes.writeUInt16LE(2, 6));
      const text = intuneFile([[device.serialNumber, '', broken]]);
      assert.deepEqual(
        hashFindings(text).map((finding) => finding.code),
        ['hash-structure'],
      );
    });
  });

  describe('hash-length', () => {
    it('flags a verified hash with non-zero padding', () => {
      const padded = editBytes(device.hash, (bytes) => {
        bytes[2990] = 7;
      });
      const text = intuneFile([[device.serialNumber, '', padded]]);
      const finding = single(hashFindings(text), 'hash-length');
      assert.equal(covered(text, finding), padded);
      assert.deepEqual(finding.fixes, []);
    });

    it('flags a verified hash that is not 4000 characters', () => {
      const short = Buffer.from(device.hash, 'base64').subarray(0, 2400).toString('base64');
      const text = intuneFile([[device.serialNumber, '', short]]);
      const finding = single(hashFindings(text), 'hash-length');
      assert.match(finding.message, /2400 bytes \(3200 characters\)/);
    });
  });

  describe('hash-missing-fields', () => {
    it('flags a hash whose manufacturer record is empty (802 InvalidZtdHardwareHash)', () => {
      const noMaker = testDevice(0, { manufacturer: '' });
      const text = intuneFile([intuneRow(noMaker)]);
      const finding = single(hashFindings(text), 'hash-missing-fields');
      assert.match(finding.message, /manufacturer/);
      assert.match(finding.message, /802/);
      assert.equal(covered(text, finding), noMaker.hash);
    });
  });

  describe('hash-no-tpm', () => {
    it('flags a hash without TPM records', () => {
      const noTpm = testDevice(0, { tpm: false });
      const text = intuneFile([intuneRow(noTpm)]);
      const finding = single(findingsOf(text), 'hash-no-tpm');
      assert.equal(finding.severity, 'warning');
      assert.equal(covered(text, finding), noTpm.hash);
    });
  });

  describe('hash-virtual-machine', () => {
    it('is an info naming the signals', () => {
      const vm = testDevice(0, { manufacturer: 'Microsoft Corporation', model: 'Virtual Machine', virtualMachine: 'hyperv' });
      const text = intuneFile([intuneRow(vm)]);
      const finding = single(findingsOf(text), 'hash-virtual-machine');
      assert.equal(finding.severity, 'info');
      assert.match(finding.message, /Hyper-V/);
      assert.match(finding.message, /VMBUS/);
    });
  });

  describe('tuple-mismatch', () => {
    const lenovo = testDevice(1);
    assert.equal(lenovo.manufacturer, 'LENOVO');

    it('flags "Lenovo" for "LENOVO" on the manufacturer cell and fixes it safely (same letters)', () => {
      const text = csvFile(PARTNER_HEADER, [`${lenovo.serialNumber},,${lenovo.hash},Lenovo,${lenovo.model}`]);
      const finding = single(hashFindings(text), 'tuple-mismatch');
      assert.equal(covered(text, finding), 'Lenovo');
      assert.match(finding.message, /LENOVO/);
      const fix = theFix(finding);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), csvFile(PARTNER_HEADER, [`${lenovo.serialNumber},,${lenovo.hash},LENOVO,${lenovo.model}`]));
    });

    it('flags a different model on the model cell; the fix is not applied unasked', () => {
      const text = csvFile(MMD_HEADER, [`${lenovo.manufacturer},Some Other Model,${lenovo.serialNumber},${lenovo.hash}`]);
      const finding = single(hashFindings(text), 'tuple-mismatch');
      assert.equal(covered(text, finding), 'Some Other Model');
      const fix = theFix(finding);
      assert.equal(fix.safe, false);
      assert.equal(
        applyFix(text, fix),
        csvFile(MMD_HEADER, [`${lenovo.manufacturer},${lenovo.model},${lenovo.serialNumber},${lenovo.hash}`]),
      );
    });

    it('stays quiet on matching values and on a hash too damaged to trust', () => {
      const matching = csvFile(MMD_HEADER, [`${lenovo.manufacturer},${lenovo.model},${lenovo.serialNumber},${lenovo.hash}`]);
      assert.deepEqual(hashFindings(matching), []);
      const truncated = csvFile(MMD_HEADER, [`Lenovo,Other,${lenovo.serialNumber},${lenovo.hash.slice(0, 1452)}`]);
      assert.deepEqual(
        hashFindings(truncated).map((finding) => finding.code),
        ['hash-truncated'],
      );
    });
  });
});
