import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decodeBytes } from '../../server/src/core/textCodec';
import { validate } from '../../server/src/core/validate';
import { fixAll } from '../../server/src/core/fix';
import {
  applyFix,
  covered,
  findingsOf,
  INTUNE_TAG_HEADER,
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
const clean = intuneFile([intuneRow(hp), intuneRow(lenovo)]);

describe('encoding rules', () => {
  it('are quiet on plain ASCII UTF-8', () => {
    assert.deepEqual(findingsOf(clean), []);
  });

  describe('encoding-utf16', () => {
    it('is a hint (not a squiggle: the file is accepted) on line 1 for a UTF-16LE file with BOM, and the fix re-encodes as UTF-8', () => {
      const decoded = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean, 'utf16le')]));
      assert.equal(decoded.text, clean);
      const { findings } = validate({ text: decoded.text, encoding: decoded.encoding });
      const finding = single(findings, 'encoding-utf16');
      assert.equal(finding.severity, 'hint');
      assert.equal(lineAt(decoded.text, finding.start), 1);
      assert.equal(theFix(finding).reencode, 'utf8');
      assert.equal(findings.length, 1);
    });

    it('says so when UTF-16 came without a BOM', () => {
      const decoded = decodeBytes(Buffer.from(clean, 'utf16le'));
      assert.equal(decoded.guessedUtf16, true);
      const finding = single(
        validate({ text: decoded.text, encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 }).findings,
        'encoding-utf16',
      );
      assert.match(finding.message, /without a byte-order mark/);
    });
  });

  describe('encoding-bom', () => {
    it('is a warning on line 1 for UTF-8 with BOM; removing it is a safe re-encode', () => {
      const decoded = decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clean)]));
      assert.equal(decoded.text, clean);
      const finding = single(validate({ text: decoded.text, encoding: decoded.encoding }).findings, 'encoding-bom');
      assert.equal(finding.severity, 'warning');
      assert.equal(lineAt(decoded.text, finding.start), 1);
      const fix = theFix(finding);
      assert.equal(fix.reencode, 'utf8');
      assert.equal(fix.safe, true);
    });
  });

  describe('non-ascii', () => {
    it('flags a no-break space in a serial and replaces it with a space', () => {
      const text = intuneFile([['VMware-56\u00a04d', '', hp.hash]]);
      const finding = single(findingsOf(text), 'non-ascii');
      assert.equal(covered(text, finding), '\u00a0');
      assert.match(finding.message, /U\+00A0/);
      assert.equal(applyFix(text, theFix(finding)), intuneFile([['VMware-56 4d', '', hp.hash]]));
    });

    it('replaces accents with the plain letter', () => {
      const text = intuneFile([intuneRow(hp, ['Café'])], 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag');
      const finding = single(findingsOf(text), 'non-ascii');
      assert.equal(
        applyFix(text, theFix(finding)),
        intuneFile([intuneRow(hp, ['Cafe'])], 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag'),
      );
    });

    it('leaves the hash cell to the hash rules: a no-break space in a hash is removed, not turned into a space', () => {
      const broken = `${hp.hash.slice(0, 100)}\u00a0${hp.hash.slice(100)}`;
      const text = intuneFile([[hp.serialNumber, '', broken]]);
      const findings = findingsOf(text);
      assert.equal(withCode(findings, 'non-ascii').length, 0);
      assert.equal(withCode(findings, 'hash-base64').length, 1);
      assert.equal(fixAll(text, 'utf8').text, intuneFile([intuneRow(hp)]));
    });

    it('does not take a line break inside a quoted cell for a non-ASCII character, nor claim to fix it', () => {
      const text = intuneFile([intuneRow(hp, ['"Microsoft365Managed_\r\nAutopilot"'])], INTUNE_TAG_HEADER);
      const findings = findingsOf(text);
      assert.equal(withCode(findings, 'non-ascii').length, 0);
      assert.equal(withCode(findings, 'quotes').length, 1);
      const result = fixAll(text, 'utf8');
      assert.equal(result.text, text);
      assert.deepEqual([...result.fixed.keys()], []);
    });
  });

  describe('control-character', () => {
    it('flags NUL characters (UTF-16 joined to UTF-8) where they are and removes them safely', () => {
      const text = intuneFile([intuneRow(hp), [`${lenovo.serialNumber}\u0000\u0000`, '', lenovo.hash]]);
      const findings = findingsOf(text);
      const finding = single(findings, 'control-character');
      assert.equal(covered(text, finding), '\u0000\u0000');
      assert.equal(lineAt(text, finding.start), 3);
      assert.equal(theFix(finding).safe, true);
      assert.equal(applyFix(text, theFix(finding)), clean);
    });

    it('flags a byte-order mark in the middle of the file (two files joined)', () => {
      const text = intuneFile([intuneRow(hp), [`\ufeff${lenovo.serialNumber}`, '', lenovo.hash]]);
      const finding = single(findingsOf(text), 'control-character');
      assert.equal(covered(text, finding), '\ufeff');
      assert.equal(withCode(findingsOf(text), 'non-ascii').length, 0);
    });
  });
});
