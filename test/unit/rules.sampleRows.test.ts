import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/core/fix';
import {
  applyFix,
  csvFile,
  findingsOf,
  intuneFile,
  intuneRow,
  lineAt,
  MMD_HEADER,
  PARTNER_HEADER,
  testDevice,
  theFix,
  withCode,
} from './support/builders';

const hp = testDevice(0);
const lenovo = testDevice(1);

describe('sample-row', () => {
  it("flags the Partner Center template's example rows and footer, and nothing else on them", () => {
    const text = csvFile(PARTNER_HEADER, [
      'R9-ZNP67,,,,',
      ',123451234567,,,',
      ',,T0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g,,',
      `${lenovo.serialNumber},,${lenovo.hash},,`,
      'SAMPLE EXPLAINED (remove the following section before uploading),,,,',
      'Line 2 illustrates the tuple,,,,',
    ]);
    const findings = findingsOf(text);
    assert.deepEqual(
      withCode(findings, 'sample-row').map((finding) => lineAt(text, finding.start)),
      [2, 3, 4, 6, 7],
    );
    assert.deepEqual([...new Set(findings.map((finding) => finding.code))], ['sample-row']);
  });

  it('finds sample values padded with spaces (no-break ones too), quoted or in another case, and only whole values', () => {
    const text = csvFile(PARTNER_HEADER, [
      ' r9-znp67\u00a0,,,,',
      ',"123451234567",,,',
      ',,  T0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g ,,',
      '\u3000sample explained,,,,',
      'R9-ZNP67X,,,,',
      'Line two illustrates,,,,',
      ',,xT0FzAQEAHAAAAAoA6AOCOgEABgBgW7EdzorHH3g,,',
    ]);
    assert.deepEqual(
      withCode(findingsOf(text), 'sample-row').map((finding) => lineAt(text, finding.start)),
      [2, 3, 4, 5],
    );
  });

  it('deletes a sample row safely, and fix-all leaves only the devices', () => {
    const text = csvFile(MMD_HEADER, [
      'SpiralOrbit,ContosoABC,000000000000,',
      `${hp.manufacturer},${hp.model},${hp.serialNumber},${hp.hash}`,
    ]);
    const [finding] = withCode(findingsOf(text), 'sample-row');
    assert.ok(finding);
    assert.equal(lineAt(text, finding.start), 2);
    assert.equal(theFix(finding).safe, true);
    const devicesOnly = csvFile(MMD_HEADER, [`${hp.manufacturer},${hp.model},${hp.serialNumber},${hp.hash}`]);
    assert.equal(applyFix(text, theFix(finding)), devicesOnly);
    assert.equal(fixAll(text, 'utf8').text, devicesOnly);
  });

  it('does not take a real device whose serial is all zeros for a sample (it would be deleted by fix-all)', () => {
    const zeros = testDevice(0, { serialNumber: '000000000000' });
    const text = intuneFile([intuneRow(zeros)]);
    const findings = findingsOf(text);
    assert.equal(withCode(findings, 'sample-row').length, 0);
    assert.equal(withCode(findings, 'serial-placeholder').length, 1);
    assert.equal(fixAll(text, 'utf8').text, text);
  });

  describe('a row whose hardware hash verifies is a device, never a sample row', () => {
    const device = testDevice(2);
    const cases = [
      { column: 'serial number', text: intuneFile([['R9-ZNP67', '', device.hash]]), placeholder: 'R9-ZNP67', code: 'serial-mismatch' },
      {
        column: 'Windows Product ID',
        text: intuneFile([[device.serialNumber, '123451234567', device.hash]]),
        placeholder: '123451234567',
        code: 'product-id-format',
      },
      {
        column: 'manufacturer (Partner Center)',
        text: csvFile(PARTNER_HEADER, [`${device.serialNumber},,${device.hash},SpiralOrbit,${device.model}`]),
        placeholder: 'SpiralOrbit',
        code: 'tuple-mismatch',
      },
      {
        column: 'model (Managed Desktop portal)',
        text: csvFile(MMD_HEADER, [`${device.manufacturer},ContosoABC,${device.serialNumber},${device.hash}`]),
        placeholder: 'ContosoABC',
        code: 'tuple-mismatch',
      },
    ];
    for (const { column, text, placeholder, code } of cases) {
      it(`reports the sample placeholder in the ${column} on its cell (${code}), and fix-all keeps the device`, () => {
        const findings = findingsOf(text);
        assert.equal(withCode(findings, 'sample-row').length, 0);
        const onCell = findings.filter((finding) => text.slice(finding.start, finding.end) === placeholder);
        assert.deepEqual(
          onCell.map((finding) => finding.code),
          [code],
        );
        const fixed = fixAll(text, 'utf8').text;
        assert.ok(fixed.includes(device.hash), 'the device is still in the file');
        assert.equal(fixed.split('\r\n').length, text.split('\r\n').length);
      });
    }
  });

  it('offers, but never applies unasked, the deletion of a sample row whose own hash does not verify', () => {
    // One character changed inside the hash block: the checksum no longer verifies.
    const damaged = `${device2.hash.slice(0, 200)}${device2.hash[200] === 'A' ? 'B' : 'A'}${device2.hash.slice(201)}`;
    const text = intuneFile([[device2.serialNumber, '123451234567', damaged]]);
    const finding = withCode(findingsOf(text), 'sample-row')[0];
    assert.ok(finding);
    assert.match(finding.message, /if it is a real device/);
    assert.equal(theFix(finding).safe, false);
    assert.equal(fixAll(text, 'utf8').text, text);
  });
});

const device2 = testDevice(3);
