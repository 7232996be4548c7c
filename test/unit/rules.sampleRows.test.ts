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
});
