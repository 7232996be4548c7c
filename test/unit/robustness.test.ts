// validate() must never throw and must answer promptly, whatever the editor hands it: every keystroke revalidates.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { intuneCsv } from '../../scripts/lib/hashGenerator';
import { decodeBytes } from '../../server/src/core/textCodec';
import type { Encoding, FormatId } from '../../server/src/core/types';
import { validate, type Validation } from '../../server/src/core/validate';
import { applyEdits, INTUNE_HEADER, testDevice } from './support/builders';
import { seededRandom } from '../../scripts/lib/random';

/**
 * Far above any healthy run (a few hundred milliseconds, however busy the machine), far below a pathological one (a
 * rescan per row, a backtracking pattern: minutes). Speed itself is the bench's business (npm run bench).
 */
const PATHOLOGICAL_MS = 30_000;

/**
 * Validates under every format and checks what adapters rely on: ranges inside the text, and fixes whose
 * edits are inside the text and apply without overlapping.
 */
function validateEverywhere(text: string, extra: { encoding?: Encoding; guessedUtf16?: boolean } = {}): Validation {
  let first: Validation | undefined;
  for (const format of ['auto', 'intune', 'partner-center', 'mmd-portal'] as Array<'auto' | FormatId>) {
    const started = performance.now();
    const validation = validate({ text, settings: { format }, ...extra });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < PATHOLOGICAL_MS, `format ${format}: ${Math.round(elapsed)} ms`);
    for (const finding of validation.findings) {
      assert.ok(
        finding.start >= 0 && finding.start <= finding.end && finding.end <= text.length,
        `${finding.code} range ${finding.start}-${finding.end}`,
      );
      for (const fix of finding.fixes) {
        for (const edit of fix.edits)
          assert.ok(edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length, `${finding.code} fix edit out of range`);
        assert.doesNotThrow(() => applyEdits(text, fix.edits), `${finding.code}: "${fix.title}" has overlapping edits`);
      }
    }
    first ??= validation;
  }
  return first as Validation;
}

describe('validate() is robust', () => {
  it('on random bytes, decoded as the editor would', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed);
      const bytes = new Uint8Array(Math.floor(random() * 20_000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      validateEverywhere(decodeBytes(bytes).text);
    }
  });

  it('on random text made of CSV-significant characters', () => {
    const alphabet = [
      '"',
      ',',
      ';',
      '\t',
      '\r',
      '\n',
      '\r\n',
      ' ',
      'T0',
      'A',
      '=',
      '-',
      '_',
      '\u00a0',
      '\u0000',
      '\ufeff',
      'Group Tag',
      'Hardware Hash',
      'Device Serial Number',
    ];
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      let text = seed % 2 === 0 ? `${INTUNE_HEADER},Group Tag,Assigned User\r\n` : '';
      const length = Math.floor(random() * 400);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      validateEverywhere(text);
    }
  });

  it('on an empty file and a lone header', () => {
    assert.deepEqual(
      validateEverywhere('').findings.map((finding) => finding.code),
      ['file-empty'],
    );
    const lone = validateEverywhere(INTUNE_HEADER);
    assert.deepEqual(
      lone.findings.map((finding) => finding.code),
      ['no-devices'],
    );
  });

  it('on a 1 MB single line', () => {
    validateEverywhere('A'.repeat(1_000_000));
    validateEverywhere(`${INTUNE_HEADER}\r\n${'x,'.repeat(500_000)}`);
  });

  it('on UTF-16 without a byte-order mark', () => {
    const decoded = decodeBytes(Buffer.from(intuneCsv(3), 'utf16le'));
    assert.equal(decoded.encoding, 'utf16le');
    const validation = validateEverywhere(decoded.text, { encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 });
    assert.deepEqual(
      validation.findings.map((finding) => finding.code),
      ['encoding-utf16'],
    );
  });

  it('on a hardware hash of 100,000 characters', () => {
    const device = testDevice(0);
    const long = device.hash.repeat(25);
    const validation = validateEverywhere(`${INTUNE_HEADER}\r\n${device.serialNumber},,${long}\r\n`);
    assert.ok(validation.findings.some((finding) => finding.code.startsWith('hash-')));
    validateEverywhere(`${INTUNE_HEADER}\r\nS1,,T0${'A'.repeat(99_998)}\r\n`);
  });

  it('on a file of only quotes', () => {
    validateEverywhere('"'.repeat(100_000));
    validateEverywhere(`${INTUNE_HEADER}\n${'"'.repeat(99_999)}`);
  });

  it('on deeply ragged rows', () => {
    const rows: string[] = [];
    for (let row = 0; row < 2000; row++)
      rows.push(Array.from({ length: (row * 37) % 300 }, (_, field) => (field % 3 === 0 ? '' : `v${field}`)).join(','));
    validateEverywhere(`${INTUNE_HEADER}\n${rows.join('\n')}`);
  });

  it('in time linear in the file: no rule rescans the rest of the file for every row', () => {
    // 40,000 short rows before a 20 MB last line ending in a quote: a search from every row to the end of the text reads 800
    // billion characters (over ten seconds here, far more on real 50,000-row files); a linear pass, a fraction of one.
    const rows = Array.from({ length: 40_000 }, (_, index) => `SERIAL${index},,`);
    const text = `${INTUNE_HEADER}\n${rows.join('\n')}\n${'x'.repeat(20_000_000)}"\n`;
    const started = performance.now();
    const validation = validate({ text });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < PATHOLOGICAL_MS, `${Math.round(elapsed)} ms`);
    assert.equal(validation.findings.filter((finding) => finding.code === 'device-unidentified').length, 40_001);
    assert.equal(validation.findings.filter((finding) => finding.code === 'quotes').length, 1);
  });
});
