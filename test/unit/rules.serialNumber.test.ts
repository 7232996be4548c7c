import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isPlaceholderSerial } from '../../server/src/core/rules/serialNumber';
import {
  applyFix,
  covered,
  findingsOf,
  intuneFile,
  intuneRow,
  lineAt,
  PARTNER_HEADER,
  csvFile,
  single,
  testDevice,
  theFix,
  withCode,
} from './support/builders';

const SERIAL_CODES = ['serial-scientific', 'serial-leading-zeros', 'serial-mismatch', 'serial-placeholder', 'serial-invalid'];

function serialFindings(text: string) {
  return findingsOf(text).filter((finding) => SERIAL_CODES.includes(finding.code));
}

/** A Surface-style device: 12-digit serial with a leading zero, what Excel mangles. */
const surface = testDevice(3, { serialNumber: '016520771357' });

describe('isPlaceholderSerial', () => {
  it('knows the firmware placeholders in any case and padding, and nothing else', () => {
    const placeholders = [
      'SMBIOS_STRING_INDEX_0',
      'To Be Filled By O.E.M.',
      'Default string',
      'System Serial Number',
      'None',
      '0',
      '000000000000',
    ];
    const padded = placeholders.flatMap((value) => [value, value.toLowerCase(), value.toUpperCase(), ` ${value}`, `\u00a0${value}\t`]);
    for (const value of padded) assert.equal(isPlaceholderSerial(value), true, JSON.stringify(value));
    const serials = [
      'PF5X35FV',
      'None1',
      'Defaults',
      'S0',
      '00A',
      'SMBIOS',
      'CND1234567',
      '5CG1234XYZ',
      '',
      ' ',
      'ノン',
      'System Serial Number 2',
    ];
    for (const value of serials) assert.equal(isPlaceholderSerial(value), false, JSON.stringify(value));
  });
});

describe('serial number rules', () => {
  it('are quiet on clean files, including serials with inner spaces (VMware)', () => {
    const vmware = testDevice(7, {
      serialNumber: 'VMware-56 4d 8d 37 93 fe f5 0e-88 0c 3d 23 2b a1 5a 41',
      manufacturer: 'VMware, Inc.',
      model: 'VMware20,1',
      virtualMachine: 'vmware',
    });
    const text = intuneFile([intuneRow(testDevice(0)), intuneRow(testDevice(1)), intuneRow(surface), intuneRow(vmware)]);
    assert.deepEqual(serialFindings(text), []);
  });

  it('compares trimmed values: surrounding spaces are the whitespace rule, not a mismatch', () => {
    const device = testDevice(1);
    const text = intuneFile([[` ${device.serialNumber} `, '', device.hash]]);
    const findings = findingsOf(text);
    assert.deepEqual(serialFindings(text), []);
    assert.equal(single(findings, 'whitespace').code, 'whitespace');
  });

  describe('serial-scientific', () => {
    it('flags 1.65208E+10 on the serial cell, not also as a mismatch, and takes the serial from the verified hash', () => {
      const text = intuneFile([['1.65208E+10', '', surface.hash]]);
      const findings = serialFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['serial-scientific'],
      );
      const finding = single(findings, 'serial-scientific');
      assert.equal(covered(text, finding), '1.65208E+10');
      assert.equal(lineAt(text, finding.start), 2);
      assert.match(finding.message, /016520771357/);
      const fix = theFix(finding);
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(surface)]));
    });

    it('has no fix when no hash is there to take the serial from', () => {
      const text = csvFile(PARTNER_HEADER, ['1.65208E+10,,,Microsoft Corporation,Surface Laptop 5']);
      const finding = single(findingsOf(text), 'serial-scientific');
      assert.equal(covered(text, finding), '1.65208E+10');
      assert.deepEqual(finding.fixes, []);
    });

    it('offers the serial of a hash that does not verify, but neither as preferred nor as safe', () => {
      const corrupted = surface.hash.slice(0, 1000) + (surface.hash[1000] === 'A' ? 'B' : 'A') + surface.hash.slice(1001);
      const text = intuneFile([['1.65208E+10', '', corrupted]]);
      const finding = single(findingsOf(text), 'serial-scientific');
      const fix = finding.fixes[0];
      assert.ok(fix);
      assert.equal(fix.preferred, false);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), intuneFile([['016520771357', '', corrupted]]));
    });
  });

  describe('serial-leading-zeros', () => {
    it('flags a serial whose leading zero Excel dropped and restores it safely', () => {
      const text = intuneFile([['16520771357', '', surface.hash]]);
      const findings = serialFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['serial-leading-zeros'],
      );
      const finding = single(findings, 'serial-leading-zeros');
      assert.equal(covered(text, finding), '16520771357');
      const fix = theFix(finding);
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(surface)]));
    });
  });

  describe('serial-mismatch', () => {
    it('flags a serial that differs from the hash; the fix is preferred but not applied unasked', () => {
      const device = testDevice(1);
      const text = intuneFile([intuneRow(testDevice(0)), ['PF999999', '', device.hash]]);
      const finding = single(serialFindings(text), 'serial-mismatch');
      assert.equal(covered(text, finding), 'PF999999');
      assert.equal(lineAt(text, finding.start), 3);
      assert.match(finding.message, new RegExp(device.serialNumber));
      const fix = theFix(finding);
      assert.equal(fix.preferred, true);
      assert.equal(fix.safe, false);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(testDevice(0)), intuneRow(device)]));
    });

    it('treats another case of the same serial as safe to correct', () => {
      const device = testDevice(1);
      const text = intuneFile([[device.serialNumber.toLowerCase(), '', device.hash]]);
      const fix = theFix(single(findingsOf(text), 'serial-mismatch'));
      assert.equal(fix.safe, true);
      assert.equal(applyFix(text, fix), intuneFile([intuneRow(device)]));
    });

    it('reports a placeholder typed in the cell as a mismatch when the hash has the real serial', () => {
      const device = testDevice(2);
      const text = intuneFile([['0', '', device.hash]]);
      assert.deepEqual(
        serialFindings(text).map((finding) => finding.code),
        ['serial-mismatch'],
      );
    });
  });

  describe('serial-placeholder', () => {
    for (const placeholder of [
      'SMBIOS_STRING_INDEX_0',
      'To be filled by O.E.M.',
      'Default string',
      'System Serial Number',
      '0',
      'None',
      '0000000',
    ]) {
      it(`flags "${placeholder}" when the hash carries it too`, () => {
        const device = testDevice(0, { serialNumber: placeholder });
        const text = intuneFile([intuneRow(device)]);
        const findings = serialFindings(text);
        assert.deepEqual(
          findings.map((finding) => finding.code),
          ['serial-placeholder'],
        );
        assert.equal(covered(text, findings[0] as never), placeholder);
        assert.deepEqual(findings[0]?.fixes, []);
      });
    }

    it('flags an empty serial whose hash holds a placeholder, at the empty cell, instead of device-unidentified', () => {
      const vm = testDevice(0, {
        serialNumber: 'SMBIOS_STRING_INDEX_0',
        manufacturer: 'QEMU',
        model: 'Standard PC (Q35 + ICH9, 2009)',
        virtualMachine: 'qemu',
      });
      const text = intuneFile([['', '', vm.hash]]);
      const findings = findingsOf(text);
      const finding = single(findings, 'serial-placeholder');
      assert.equal(lineAt(text, finding.start), 2);
      assert.equal(finding.start, text.indexOf('\r\n') + 2);
      assert.equal(finding.end, finding.start);
      assert.match(finding.message, /SMBIOS_STRING_INDEX_0/);
      assert.equal(withCode(findings, 'device-unidentified').length, 0);
    });

    it('flags a typed serial next to a hash that has only a placeholder', () => {
      const vm = testDevice(0, {
        serialNumber: 'SMBIOS_STRING_INDEX_0',
        manufacturer: 'QEMU',
        model: 'Standard PC',
        virtualMachine: 'qemu',
      });
      const text = intuneFile([['MYVM01', '', vm.hash]]);
      const findings = serialFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['serial-placeholder'],
      );
      assert.equal(covered(text, findings[0] as never), 'MYVM01');
    });
  });

  describe('serial-invalid', () => {
    it('flags a tab inside the serial, and nothing else about the serial', () => {
      const device = testDevice(1);
      const text = intuneFile([[`PF\tAB12`, '', device.hash]]);
      const findings = serialFindings(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['serial-invalid'],
      );
      assert.equal(covered(text, findings[0] as never), 'PF\tAB12');
      assert.match(findings[0]?.message ?? '', /U\+0009/);
    });

    it('flags a comma inside a quoted serial', () => {
      const device = testDevice(1);
      const text = intuneFile([[`"PF,AB12"`, '', device.hash]]);
      const finding = single(findingsOf(text), 'serial-invalid');
      assert.equal(covered(text, finding), '"PF,AB12"');
      assert.match(finding.message, /comma/);
    });
  });
});
