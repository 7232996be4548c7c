// A seeded fuzz test over the real corpus: each case mutates a real file (characters Excel, editors and copy-paste
// bring in, cut and repeated rows, other separators and encodings), then runs what a user runs on it: `check`
// (text and JSON), `fix`, `fix` again, and the language server's incremental engine, edit by edit. It asserts what
// must hold for any input: nothing throws, JSON is valid, exit codes are 0, 1 or 2, no hash that verified is lost,
// the file keeps its encoding, a second fix changes nothing, and the engine agrees with a full validation.
// A failing case names its seed: `FUZZ_SEED=<n> node scripts/test.mjs fuzz` runs that case alone.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../scripts/lib/random';
import { runCheck, type CliIo } from '../../server/src/cli/checkCommand';
import { runFix } from '../../server/src/cli/fixCommand';
import { ALL_CODES } from '../../server/src/core/codes';
import { IncrementalValidation } from '../../server/src/core/incremental';
import { decodeBytes, encodeText } from '../../server/src/core/textCodec';
import type { Encoding, TextEdit } from '../../server/src/core/types';
import { validate } from '../../server/src/core/validate';

const CORPUS = path.resolve('test', 'fixtures', 'corpus');
/** Cases in the suite; `FUZZ_CASES=<n>` runs more (seeds 1..n) when looking for trouble. */
const CASES = Number(process.env['FUZZ_CASES'] ?? 60);

/** What users' files pick up: quotes and separators, line breaks, look-alikes, control characters, sample values. */
const TOKENS = [
  '"',
  ',',
  ';',
  '\t',
  '\r\n',
  '\n',
  '\r',
  ' ',
  '\u00a0',
  '\u0000',
  '\ufeff',
  'é',
  '\u201c',
  '""',
  ',,,',
  'SAMPLE EXPLAINED',
  'R9-ZNP67',
  '123451234567',
  'SpiralOrbit',
  '1.65208E+10',
  'Group Tag',
  'Microsoft365Managed_Autopilot',
];

interface Mutated {
  text: string;
  /** The edits that made `text` from the file's text, one after the other (each on the previous one's result). */
  edits: TextEdit[];
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** One mutation of `text` as an edit of it. */
function mutation(random: Random, text: string): TextEdit {
  const at = Math.floor(random() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.includes('\n', at) ? text.indexOf('\n', at) + 1 : text.length;
  switch (Math.floor(random() * 9)) {
    case 0:
      return { start: at, end: at, newText: pick(random, TOKENS) };
    case 1:
      return { start: at, end: Math.min(text.length, at + 1 + Math.floor(random() * 40)), newText: '' };
    case 2: // a repeated row
      return { start: lineStart, end: lineStart, newText: text.slice(lineStart, lineEnd) || '\r\n' };
    case 3: // saved with another separator
      return { start: 0, end: text.length, newText: text.replaceAll(',', pick(random, [';', '\t'])) };
    case 4: // cut off
      return { start: at, end: text.length, newText: '' };
    case 5: // another case
      return {
        start: lineStart,
        end: lineEnd,
        newText: random() < 0.5 ? text.slice(lineStart, lineEnd).toLowerCase() : text.slice(lineStart, lineEnd).toUpperCase(),
      };
    case 6: {
      // A cell quoted, sometimes around a line break, as Excel and Export-Csv write them.
      const cellStart = Math.max(lineStart, text.lastIndexOf(',', at - 1) + 1);
      const comma = text.indexOf(',', at);
      const cellEnd = Math.min(
        comma === -1 ? text.length : comma,
        lineEnd === text.length ? text.length : lineEnd - (text[lineEnd - 2] === '\r' ? 2 : 1),
      );
      const value = text.slice(cellStart, Math.max(cellStart, cellEnd));
      const cut = Math.floor(random() * (value.length + 1));
      const inner = random() < 0.3 ? `${value.slice(0, cut)}\r\n${value.slice(cut)}` : value;
      return { start: cellStart, end: cellStart + value.length, newText: `"${inner}"` };
    }
    case 7: // a row of another file (files merged by hand)
      return { start: lineStart, end: lineStart, newText: otherRow(random) };
    default: // Excel's formatted empty rows
      return { start: text.length, end: text.length, newText: ',,\r\n'.repeat(1 + Math.floor(random() * 3)) };
  }
}

/** A data row of a corpus file, with its line break. */
function otherRow(random: Random): string {
  const lines = pick(random, corpus).decoded.text.split(/(?<=\n)/);
  return lines.length > 1 ? pick(random, lines.slice(1)) : '\r\n';
}

function mutate(random: Random, text: string): Mutated {
  const edits: TextEdit[] = [];
  let current = text;
  for (let count = 1 + Math.floor(random() * 4); count > 0; count--) {
    const edit = mutation(random, current);
    edits.push(edit);
    current = current.slice(0, edit.start) + edit.newText + current.slice(edit.end);
  }
  return { text: current, edits };
}

const ENCODINGS: ReadonlyArray<{ encoding: Encoding; withoutBom: boolean }> = [
  { encoding: 'utf8', withoutBom: false },
  { encoding: 'utf8bom', withoutBom: false },
  { encoding: 'utf16le', withoutBom: false },
  { encoding: 'utf16le', withoutBom: true },
  { encoding: 'utf16be', withoutBom: false },
];

/** Output captured from a command run in this process. */
function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

/** The bytes are `encoding`'s encoding of a text, with a byte-order mark exactly when `withoutBom` is false: that text. */
function decodedAs(bytes: Buffer, encoding: Encoding, withoutBom: boolean, what: string): string {
  const bomLength = encoding === 'utf8bom' ? 3 : encoding === 'utf8' || withoutBom ? 0 : 2;
  const body = bytes.subarray(bomLength);
  let text: string;
  if (encoding === 'utf8' || encoding === 'utf8bom') text = body.toString('utf8');
  else if (encoding === 'utf16le') text = body.toString('utf16le');
  else text = Buffer.from(body).swap16().toString('utf16le');
  assert.deepEqual(
    Buffer.from(encodeText(text, encoding, withoutBom)),
    bytes,
    `${what}: not ${encoding}${withoutBom ? ' without BOM' : ''}`,
  );
  return text;
}

const corpus = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.csv'))
  .sort()
  .map((name) => ({ name, decoded: decodeBytes(readFileSync(path.join(CORPUS, name))) }));

describe('fuzz: mutated corpus files through check, fix and the incremental engine', () => {
  const only = process.env['FUZZ_SEED'];
  const seeds = only ? [Number(only)] : Array.from({ length: CASES }, (_, index) => index + 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'autopilot-fuzz-'));

  it(`holds for ${seeds.length} seeded cases`, async () => {
    for (const seed of seeds) {
      const random = seededRandom(seed);
      const source = pick(random, corpus);
      const what = `seed ${seed} (${source.name})`;
      const mutated = mutate(random, source.decoded.text);
      const { encoding, withoutBom } = random() < 0.5 ? { encoding: source.decoded.encoding, withoutBom: false } : pick(random, ENCODINGS);
      const bytes = Buffer.from(encodeText(mutated.text, encoding, withoutBom));
      const file = path.join(dir, `case-${seed}.csv`);
      writeFileSync(file, bytes);
      const read = decodeBytes(bytes);

      // check: JSON that parses to findings of the catalogue, exit 0, 1 or 2; the text output runs too.
      const json = capture();
      const checkCode = await runCheck({ output: 'json', paths: [file] }, json);
      assert.ok([0, 1, 2].includes(checkCode), `${what}: check exit ${checkCode}`);
      const findings = JSON.parse(json.out) as Array<{ code: string; line: number; column: number }>;
      assert.ok(Array.isArray(findings), what);
      for (const finding of findings) {
        assert.ok((ALL_CODES as string[]).includes(finding.code), `${what}: code ${finding.code}`);
        assert.ok(finding.line >= 1 && finding.column >= 1, `${what}: ${finding.code} at ${finding.line}:${finding.column}`);
      }
      assert.ok([0, 1, 2].includes(await runCheck({ output: 'text', paths: [file] }, capture())), what);

      // The language server's engine, fed the mutations one edit at a time, agrees with a full validation.
      const engine = new IncrementalValidation({ text: source.decoded.text, encoding: read.encoding, guessedUtf16: read.guessedUtf16 });
      while (!engine.step(5));
      engine.applyEdits(mutated.edits);
      while (!engine.step(5));
      const full = validate({ text: read.text, encoding: read.encoding, guessedUtf16: read.guessedUtf16 });
      // The text the editor holds is the mutated text; the bytes may decode otherwise (a U+FEFF written first is a BOM).
      const reference =
        engine.currentText === read.text
          ? full
          : validate({ text: engine.currentText, encoding: read.encoding, guessedUtf16: read.guessedUtf16 });
      const summary = (list: typeof full.findings) =>
        list.map((finding) => `${finding.code} ${finding.start}-${finding.end} ${finding.message}`);
      assert.equal(engine.currentText, mutated.text, what);
      assert.deepEqual(summary(engine.snapshot().findings), summary(reference.findings), what);

      // fix --write: exit 0, 1 or 2; every hash that verified is still there; the encoding is the file's own.
      const verified = full.devices.flatMap((device) =>
        device.hash?.checksumVerified && device.hash.identity ? [device.hash.identity] : [],
      );
      const printed = capture();
      const printCode = await runFix({ write: false, paths: [file] }, printed);
      const fixed = capture();
      const fixCode = await runFix({ write: true, paths: [file] }, fixed);
      assert.ok([0, 1, 2].includes(fixCode), `${what}: fix exit ${fixCode}`);
      assert.equal(fixCode, printCode, what);
      const after = readFileSync(file);
      if (fixCode === 2) {
        assert.deepEqual(after, bytes, `${what}: a file fix could not read is unchanged`);
        continue;
      }
      // In the encoding it was read in; a UTF-8 byte-order mark goes only when that is what was fixed.
      const bomRemoved = read.encoding === 'utf8bom' && /encoding-bom/.test(fixed.err);
      assert.equal(decodedAs(after, bomRemoved ? 'utf8' : read.encoding, read.guessedUtf16 === true, what), printed.out, what);
      // A repaired hash (spaces removed, padding restored) is the same device: compared by what it decodes to.
      const kept = new Set(
        validate({ text: printed.out }).devices.flatMap((device) => (device.hash?.identity ? [device.hash.identity] : [])),
      );
      for (const identity of verified) assert.ok(kept.has(identity), `${what}: a hash that verified was lost: ${fixed.err}`);

      // fix again: nothing left to fix, not a byte changed.
      const again = capture();
      await runFix({ write: true, paths: [file] }, again);
      assert.match(again.err, /nothing to fix automatically/, `${what}: the second fix fixed more: ${again.err}`);
      assert.deepEqual(readFileSync(file), after, what);
    }
  });
});
