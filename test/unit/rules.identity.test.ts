import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Row } from '../../server/src/core/csv';
import type { DecodedHash } from '../../server/src/core/hashDecoder';
import { deviceList, type DataRow, type FindingInit, type RuleContext } from '../../server/src/core/rules/context';
import { checkDuplicates } from '../../server/src/core/rules/identity';
import { parseSheet } from '../../server/src/core/sheet';
import { resolveSettings } from '../../server/src/core/validate';
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
  withCode,
} from './support/builders';

const IDENTITY_CODES = ['device-unidentified', 'redundant-tuple', 'duplicate-hash', 'duplicate-serial'];

function identityFindings(text: string) {
  return findingsOf(text).filter((finding) => IDENTITY_CODES.includes(finding.code));
}

const hp = testDevice(0);
const lenovo = testDevice(1);
const dell = testDevice(2);

describe('identity rules', () => {
  describe('device-unidentified', () => {
    it('intune: a row without a hash is reported over the whole row', () => {
      const text = intuneFile([intuneRow(hp), [lenovo.serialNumber, '', '']]);
      const finding = single(identityFindings(text), 'device-unidentified');
      assert.equal(covered(text, finding), `${lenovo.serialNumber},,`);
      assert.equal(lineAt(text, finding.start), 3);
      assert.match(finding.message, /no hardware hash/);
    });

    it('intune: a row without a serial names the serial the hash carries', () => {
      const text = intuneFile([['', '', hp.hash]]);
      const finding = single(identityFindings(text), 'device-unidentified');
      assert.match(finding.message, /no serial number/);
      assert.match(finding.message, new RegExp(hp.serialNumber));
      assert.deepEqual(finding.fixes, []);
    });

    it('partner-center: hash alone, product ID alone and the full tuple identify a device', () => {
      const text = csvFile(PARTNER_HEADER, [
        `,,${hp.hash},,`,
        `,3305404496774,,,`,
        `${dell.serialNumber},,,${dell.manufacturer},${dell.model}`,
      ]);
      assert.deepEqual(identityFindings(text), []);
    });

    it('partner-center: a serial without manufacturer and model says what is missing', () => {
      const text = csvFile(PARTNER_HEADER, [`${dell.serialNumber},,,${dell.manufacturer},`]);
      const finding = single(identityFindings(text), 'device-unidentified');
      assert.equal(covered(text, finding), `${dell.serialNumber},,,${dell.manufacturer},`);
      assert.match(finding.message, /no model/);
    });

    it('mmd-portal: hash, or manufacturer + model + serial', () => {
      const good = csvFile(MMD_HEADER, [
        `${hp.manufacturer},${hp.model},${hp.serialNumber},${hp.hash}`,
        `${dell.manufacturer},${dell.model},${dell.serialNumber},`,
      ]);
      assert.deepEqual(identityFindings(good), []);
      const bad = csvFile(MMD_HEADER, [`${dell.manufacturer},,${dell.serialNumber},`]);
      const finding = single(identityFindings(bad), 'device-unidentified');
      assert.equal(lineAt(bad, finding.start), 2);
    });
  });

  describe('redundant-tuple', () => {
    it('is quiet on manufacturer and model equal to the verified hash (harmless: what convert writes)', () => {
      const text = csvFile(PARTNER_HEADER, [`${lenovo.serialNumber},,${lenovo.hash},${lenovo.manufacturer},${lenovo.model}`]);
      assert.deepEqual(findingsOf(text), []);
    });

    it('flags a value the verified hash cannot confirm (it carries no model), and clears it on request only', () => {
      const noModel = testDevice(1, { model: '' });
      const text = csvFile(PARTNER_HEADER, [`${noModel.serialNumber},,${noModel.hash},${noModel.manufacturer},ThinkPad X1`]);
      const finding = single(identityFindings(text), 'redundant-tuple');
      assert.equal(finding.severity, 'info');
      assert.equal(covered(text, finding), 'ThinkPad X1');
      assert.match(finding.message, /carries no model/);
      const fix = theFix(finding);
      assert.notEqual(fix.safe, true);
      assert.equal(applyFix(text, fix), csvFile(PARTNER_HEADER, [`${noModel.serialNumber},,${noModel.hash},${noModel.manufacturer},`]));
    });

    it('leaves a tuple that disagrees with the hash to tuple-mismatch', () => {
      const text = csvFile(PARTNER_HEADER, [`${lenovo.serialNumber},,${lenovo.hash},Lenovo,${lenovo.model}`]);
      const findings = findingsOf(text);
      assert.equal(withCode(findings, 'redundant-tuple').length, 0);
      assert.equal(withCode(findings, 'tuple-mismatch').length, 1);
    });
  });

  describe('duplicate-hash', () => {
    it('flags the later of two identical rows, points at the first, and deletes it safely', () => {
      const text = intuneFile([intuneRow(hp), intuneRow(lenovo), intuneRow(hp)]);
      const finding = single(identityFindings(text), 'duplicate-hash');
      assert.equal(lineAt(text, finding.start), 4);
      assert.equal(covered(text, finding), hp.hash);
      assert.equal(finding.related?.length, 1);
      const related = finding.related?.[0];
      assert.ok(related);
      assert.equal(lineAt(text, related.start), 2);
      assert.equal(covered(text, related), hp.hash);
      const fix = theFix(finding);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(hp), intuneRow(lenovo)]));
    });

    it('compares decoded bytes: the same hash in the url alphabet is a duplicate, deleted only on request', () => {
      const url = hp.hash.replaceAll('+', '-').replaceAll('/', '_');
      assert.notEqual(url, hp.hash);
      const text = intuneFile([intuneRow(hp), [hp.serialNumber, '', url]]);
      const finding = single(identityFindings(text), 'duplicate-hash');
      assert.equal(lineAt(text, finding.start), 3);
      assert.equal(theFix(finding).safe, false);
    });

    it('deleting the last row of a file without a final line break removes the line break before it', () => {
      const text = [`Device Serial Number,Windows Product ID,Hardware Hash`, intuneRow(hp), intuneRow(hp)].join('\n');
      const finding = single(identityFindings(text), 'duplicate-hash');
      assert.equal(applyFix(text, theFix(finding)), [`Device Serial Number,Windows Product ID,Hardware Hash`, intuneRow(hp)].join('\n'));
    });

    it('falls back to the text for hashes that do not decode, and does not also report the serial', () => {
      const junk = 'not*base64';
      const text = intuneFile([
        [hp.serialNumber, '', junk],
        ['OTHER1', '', junk],
      ]);
      const findings = identityFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['duplicate-hash'],
      );
      assert.equal(theFix(findings[0] as never).safe, false);
    });
  });

  describe('duplicate-serial', () => {
    it('flags the same serial with a different hash on the later serial cell, with related information and no fix', () => {
      const rebuilt = testDevice(0, { model: 'HP EliteBook 840 G10 Notebook PC (new board)' });
      assert.equal(rebuilt.serialNumber, hp.serialNumber);
      assert.notEqual(rebuilt.hash, hp.hash);
      const text = intuneFile([intuneRow(hp), intuneRow(lenovo), intuneRow(rebuilt)]);
      const finding = single(identityFindings(text), 'duplicate-serial');
      assert.equal(finding.severity, 'warning');
      assert.equal(lineAt(text, finding.start), 4);
      assert.equal(covered(text, finding), hp.serialNumber);
      assert.deepEqual(finding.fixes, []);
      const related = finding.related?.[0];
      assert.ok(related);
      assert.equal(lineAt(text, related.start), 2);
      assert.equal(covered(text, related), hp.serialNumber);
    });

    it('does not pair up placeholder serials', () => {
      const a = testDevice(0, { serialNumber: 'Default string' });
      const b = testDevice(1, { serialNumber: 'Default string' });
      assert.deepEqual(identityFindings(intuneFile([intuneRow(a), intuneRow(b)])), []);
    });
  });

  it('checkDuplicates handles 50,000 rows in one pass', () => {
    const sheet = parseSheet('Device Serial Number,Windows Product ID,Hardware Hash\n', 'utf8');
    const ctx: RuleContext = { sheet, settings: resolveSettings(undefined), decodeHash: () => assert.fail('no decoding expected') };
    const devices: DataRow[] = [];
    for (let index = 0; index < 50_000; index++) {
      const row: Row = { line: index + 1, lastLine: index + 1, start: 0, end: 0, next: 0, cells: [] };
      const cell = { start: 0, end: 0, quoted: false };
      // Every 1000th row repeats the hash of the row before it.
      const identity = String(index % 1000 === 999 ? index - 1 : index);
      const hash: DecodedHash = {
        textLength: 4000,
        checksumVerified: true,
        unusualLength: false,
        detail: 'rules',
        fields: { hasTpm: true },
        virtualMachineSignals: [],
        identity,
      };
      devices.push({ row, values: { serial: `S${index}`, hash: identity }, cells: { serial: cell, hash: cell }, hash });
    }
    const found: FindingInit[] = [];
    const started = performance.now();
    checkDuplicates(ctx, deviceList(devices), (finding) => found.push(finding));
    const elapsed = performance.now() - started;
    assert.equal(found.length, 50);
    assert.ok(found.every((finding) => finding.code === 'duplicate-hash'));
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });
});
