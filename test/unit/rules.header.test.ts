import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/core/fix';
import {
  applyFix,
  covered,
  csvFile,
  findingsOf,
  INTUNE_HEADER,
  INTUNE_TAG_HEADER,
  intuneRow,
  lineAt,
  MMD_HEADER,
  PARTNER_HEADER,
  single,
  testDevice,
  theFix,
  withCode,
} from './support/builders';

const HEADER_CODES = ['header-unknown', 'header-case', 'header-misspelled', 'column-order', 'column-unsupported', 'column-missing'];

function headerFindings(text: string) {
  return findingsOf(text).filter((finding) => HEADER_CODES.includes(finding.code));
}

const hp = testDevice(0);
const lenovo = testDevice(1);

describe('header rules', () => {
  it('are quiet on every canonical header', () => {
    for (const header of [
      INTUNE_HEADER,
      INTUNE_TAG_HEADER,
      `${INTUNE_TAG_HEADER},Assigned User`,
      PARTNER_HEADER,
      MMD_HEADER,
      'Manufacturer,Model,Serial Number',
    ]) {
      assert.deepEqual(headerFindings(csvFile(header, [])), [], header);
    }
  });

  describe('header-unknown', () => {
    it('flags a header that names no known column, on line 1, offering the canonical header that fits', () => {
      const text = csvFile('Serial,Key,Blob', ['A,B,C']);
      const finding = single(headerFindings(text), 'header-unknown');
      assert.equal(covered(text, finding), 'Serial,Key,Blob');
      assert.equal(lineAt(text, finding.start), 1);
      const fix = theFix(finding);
      assert.notEqual(fix.safe, true);
      assert.equal(applyFix(text, fix), csvFile(INTUNE_HEADER, ['A,B,C']));
    });
  });

  describe('header-case', () => {
    it('is an error on the wrong-case cell of an Intune header, renamed safely', () => {
      const text = csvFile('Device serial number,Windows Product ID,Hardware Hash', [intuneRow(hp)]);
      const findings = headerFindings(text);
      const finding = single(findings, 'header-case');
      assert.equal(finding.severity, 'error');
      assert.equal(covered(text, finding), 'Device serial number');
      assert.equal(theFix(finding).safe, true);
      assert.equal(applyFix(text, theFix(finding)), csvFile(INTUNE_HEADER, [intuneRow(hp)]));
    });

    it('is a warning in a Partner Center file (its own sample uses other casing)', () => {
      const text = csvFile('Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device Model', []);
      const finding = single(headerFindings(text), 'header-case');
      assert.equal(finding.severity, 'warning');
      assert.equal(covered(text, finding), 'Device Model');
    });

    it('covers a space after each comma (not header-misspelled), and the renames give the canonical header', () => {
      const text = csvFile('Device Serial Number, Windows Product ID, Hardware Hash', [intuneRow(hp)]);
      const findings = headerFindings(text);
      assert.deepEqual(
        findings.map((finding) => [finding.code, covered(text, finding)]),
        [
          ['header-case', ' Windows Product ID'],
          ['header-case', ' Hardware Hash'],
        ],
      );
      assert.match(findings[0]?.message ?? '', /without the spaces around it/);
      assert.equal(fixAll(text, 'utf8').text, csvFile(INTUNE_HEADER, [intuneRow(hp)]));
    });
  });

  describe('header-misspelled', () => {
    it('flags "Hardware Hashes" and the ConfigMgr names, each on its cell', () => {
      const intune = csvFile('Device Serial Number,Windows Product ID,Hardware Hashes', [intuneRow(hp)]);
      const finding = single(headerFindings(intune), 'header-misspelled');
      assert.equal(covered(intune, finding), 'Hardware Hashes');
      assert.equal(applyFix(intune, theFix(finding)), csvFile(INTUNE_HEADER, [intuneRow(hp)]));

      const configMgr = csvFile('Manufacturer,Model,Serial_Number,HardwareHash', []);
      const findings = withCode(headerFindings(configMgr), 'header-misspelled');
      assert.deepEqual(
        findings.map((found) => covered(configMgr, found)),
        ['Serial_Number', 'HardwareHash'],
      );
    });
  });

  describe('column-order', () => {
    it('flags columns out of order and reorders every row, keeping every value', () => {
      const text = csvFile('Hardware Hash,Device Serial Number,Windows Product ID', [
        `${hp.hash},${hp.serialNumber},`,
        `${lenovo.hash},${lenovo.serialNumber},3305404496774`,
      ]);
      const finding = single(headerFindings(text), 'column-order');
      assert.equal(lineAt(text, finding.start), 1);
      assert.equal(
        applyFix(text, theFix(finding)),
        csvFile(INTUNE_HEADER, [intuneRow(hp), `${lenovo.serialNumber},3305404496774,${lenovo.hash}`]),
      );
    });
  });

  describe('column-unsupported', () => {
    it('flags an unknown extra column and removes it from every row on request', () => {
      const text = csvFile(`${INTUNE_HEADER},Notes`, [`${intuneRow(hp)},spare laptop`, `${intuneRow(lenovo)},`]);
      const finding = single(headerFindings(text), 'column-unsupported');
      assert.equal(covered(text, finding), 'Notes');
      const fix = theFix(finding);
      assert.notEqual(fix.safe, true);
      assert.equal(applyFix(text, fix), csvFile(INTUNE_HEADER, [intuneRow(hp), intuneRow(lenovo)]));
    });

    it('renames the legacy OrderID column to Group Tag', () => {
      const text = csvFile(`${INTUNE_HEADER},OrderID`, [`${intuneRow(hp)},Microsoft365Managed_Standard`]);
      const finding = single(headerFindings(text), 'column-unsupported');
      assert.equal(covered(text, finding), 'OrderID');
      assert.equal(applyFix(text, theFix(finding)), csvFile(INTUNE_TAG_HEADER, [`${intuneRow(hp)},Microsoft365Managed_Standard`]));
    });

    it('flags Group Tag in a Partner Center file', () => {
      const text = csvFile(`${PARTNER_HEADER},Group Tag`, []);
      const finding = single(headerFindings(text), 'column-unsupported');
      assert.equal(covered(text, finding), 'Group Tag');
    });
  });

  describe('column-missing', () => {
    it('flags an Intune header without Hardware Hash once, on line 1, and not every row as unidentified', () => {
      const text = csvFile('Device Serial Number,Windows Product ID', [`${hp.serialNumber},`, `${lenovo.serialNumber},`]);
      const findings = findingsOf(text);
      const finding = single(findings, 'column-missing');
      assert.equal(lineAt(text, finding.start), 1);
      assert.match(finding.message, /"Hardware Hash"/);
      assert.equal(withCode(findings, 'device-unidentified').length, 0);
    });
  });
});
