import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/core/fix';
import {
  applyFix,
  covered,
  csvFile,
  findingsOf,
  INTUNE_HEADER,
  intuneFile,
  intuneRow,
  lineAt,
  single,
  testDevice,
  theFix,
  withCode,
} from './support/builders';

const hp = testDevice(0);
const lenovo = testDevice(1);
const dell = testDevice(2);

describe('structure rules', () => {
  it('are quiet on a clean file, with or without a final line break, LF or CRLF', () => {
    const rows = [intuneRow(hp), intuneRow(lenovo)];
    assert.deepEqual(findingsOf(csvFile(INTUNE_HEADER, rows)), []);
    assert.deepEqual(findingsOf(csvFile(INTUNE_HEADER, rows, '\n')), []);
    assert.deepEqual(findingsOf([INTUNE_HEADER, ...rows].join('\r\n')), []);
  });

  describe('delimiter', () => {
    for (const [name, separator] of [
      ['semicolons', ';'],
      ['tabs', '\t'],
    ] as const) {
      it(`flags a file separated by ${name} on line 1 and converts the separators safely`, () => {
        const text = csvFile(INTUNE_HEADER.replaceAll(',', separator), [intuneRow(hp).replaceAll(',', separator)]);
        const finding = single(findingsOf(text), 'delimiter');
        assert.equal(lineAt(text, finding.start), 1);
        const fix = theFix(finding);
        assert.equal(fix.safe, true);
        assert.equal(applyFix(text, fix), intuneFile([intuneRow(hp)]));
      });
    }

    it('offers no fix that changes nothing: the only separators are inside one quoted cell (found by the fuzz test)', () => {
      const text = '"Device Serial Number;Windows Product ID;Hardwa\r\nre Hash"';
      const finding = single(findingsOf(text), 'delimiter');
      assert.deepEqual(finding.fixes, []);
      assert.deepEqual([...fixAll(text, 'utf8').fixed.keys()], []);
    });

    it('has no fix when a value holds a comma', () => {
      const text = csvFile(INTUNE_HEADER.replaceAll(',', ';'), [`${hp.serialNumber};"a,b";${hp.hash}`]);
      assert.deepEqual(single(findingsOf(text), 'delimiter').fixes, []);
    });
  });

  describe('quotes', () => {
    it('flags a quoted cell and strips the quotes safely', () => {
      const text = intuneFile([[`"${hp.serialNumber}"`, '', hp.hash]]);
      const finding = single(findingsOf(text), 'quotes');
      assert.equal(covered(text, finding), `"${hp.serialNumber}"`);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([intuneRow(hp)]));
    });

    it('flags quoted header cells (Export-Csv writes them) on line 1', () => {
      const text = csvFile('"Device Serial Number","Windows Product ID","Hardware Hash"', [intuneRow(hp)]);
      const findings = withCode(findingsOf(text), 'quotes');
      assert.equal(findings.length, 3);
      assert.ok(findings.every((finding) => lineAt(text, finding.start) === 1));
      assert.equal(fixAll(text, 'utf8').text, intuneFile([intuneRow(hp)]));
    });

    it('does not offer to strip quotes around a line break, which would split the row', () => {
      const text = csvFile(`${INTUNE_HEADER},Group Tag`, [`${intuneRow(hp)},"Micro\nsoft"`]);
      assert.deepEqual(single(findingsOf(text), 'quotes').fixes, []);
    });
  });

  describe('quoted-comma', () => {
    it('flags a quoted cell holding a comma, without a fix, also in a file separated by semicolons', () => {
      const text = intuneFile([[hp.serialNumber, '"12,34"', hp.hash]]);
      const finding = single(findingsOf(text), 'quoted-comma');
      assert.equal(covered(text, finding), '"12,34"');
      assert.deepEqual(finding.fixes, []);
      assert.equal(withCode(findingsOf(text), 'quotes').length, 0);

      const semicolons = csvFile(INTUNE_HEADER.replaceAll(',', ';'), [`${hp.serialNumber};"12,34";${hp.hash}`]);
      single(findingsOf(semicolons), 'quoted-comma');
    });
  });

  describe('empty-row', () => {
    it('flags blank lines and lines of only commas and deletes them safely', () => {
      const text = csvFile(INTUNE_HEADER, [intuneRow(hp), '', ',,', ' , ,', intuneRow(lenovo)]);
      const findings = withCode(findingsOf(text), 'empty-row');
      assert.deepEqual(
        findings.map((finding) => lineAt(text, finding.start)),
        [3, 4, 5],
      );
      assert.ok(findings.every((finding) => theFix(finding).safe));
      assert.equal(fixAll(text, 'utf8').text, intuneFile([intuneRow(hp), intuneRow(lenovo)]));
    });
  });

  describe('field-count', () => {
    it('flags trailing empty fields from their first comma and trims them safely', () => {
      const text = intuneFile([`${intuneRow(hp)},,`]);
      const finding = single(findingsOf(text), 'field-count');
      assert.equal(covered(text, finding), ',,');
      assert.match(finding.message, /5 fields; the header has 3/);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([intuneRow(hp)]));
    });

    it('flags extra values and missing fields without a fix', () => {
      const extra = intuneFile([`${intuneRow(hp)},spare`]);
      assert.deepEqual(single(findingsOf(extra), 'field-count').fixes, []);
      const missing = intuneFile([`${hp.serialNumber},${hp.hash}`]);
      const finding = single(findingsOf(missing), 'field-count');
      assert.equal(covered(missing, finding), `${hp.serialNumber},${hp.hash}`);
      assert.deepEqual(finding.fixes, []);
    });
  });

  describe('whitespace', () => {
    it('flags surrounding spaces on the cell and trims them, keeping inner spaces', () => {
      const text = intuneFile([
        [` ${hp.serialNumber}  `, '', hp.hash],
        ['VMware-56 4d 8d', '', lenovo.hash],
      ]);
      const finding = single(findingsOf(text), 'whitespace');
      assert.equal(covered(text, finding), ` ${hp.serialNumber}  `);
      assert.equal(lineAt(text, finding.start), 2);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([intuneRow(hp), ['VMware-56 4d 8d', '', lenovo.hash]]));
    });

    it('flags a cell of only spaces and empties it', () => {
      const text = intuneFile([[hp.serialNumber, '   ', hp.hash]]);
      const finding = single(findingsOf(text), 'whitespace');
      assert.equal(covered(text, finding), '   ');
      assert.match(finding.message, /only spaces/);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([intuneRow(hp)]));
    });
  });

  describe('no-devices', () => {
    it('flags a header without rows, and not a file whose rows are only samples', () => {
      const text = csvFile(INTUNE_HEADER, []);
      const finding = single(findingsOf(text), 'no-devices');
      assert.equal(covered(text, finding), INTUNE_HEADER);
      const samples = csvFile('Manufacturer,Model,Serial Number', ['SpiralOrbit,ContosoABC,000000000000']);
      assert.equal(withCode(findingsOf(samples), 'no-devices').length, 0);
    });
  });

  describe('row-limit', () => {
    it('flags more rows than the limit on line 1 and offers the split command', () => {
      const text = intuneFile([intuneRow(hp), intuneRow(lenovo), intuneRow(dell)]);
      assert.equal(withCode(findingsOf(text, { maxRows: 3 }), 'row-limit').length, 0);
      const finding = single(findingsOf(text, { maxRows: 2 }), 'row-limit');
      assert.equal(lineAt(text, finding.start), 1);
      assert.match(finding.message, /3 devices/);
      assert.match(finding.message, /autopilot-csv split --rows 2 FILE/);
      assert.equal(theFix(finding).command, 'split-file');
    });
  });

  describe('file-empty', () => {
    it('is an error for a file with no characters, or only line breaks and separators, and nothing else is said', () => {
      for (const text of ['', '\r\n', '\n\n\n', ',,\r\n', ' \r\n']) {
        const findings = findingsOf(text);
        assert.deepEqual(
          findings.filter((finding) => finding.code !== 'empty-row').map((finding) => [finding.code, finding.severity, finding.start]),
          [['file-empty', 'error', 0]],
          JSON.stringify(text),
        );
      }
    });

    it('is not said of a file whose header is on the second line: that first line is an empty row, deleted safely', () => {
      const text = `\r\n${intuneFile([intuneRow(hp)])}`;
      const findings = findingsOf(text);
      assert.deepEqual(
        findings.map((finding) => finding.code),
        ['empty-row'],
      );
      assert.equal(fixAll(text, 'utf8').text, intuneFile([intuneRow(hp)]));
    });
  });
});
