// How the CLI reads files: whole (into memory it gives back once decoded) or, for UTF-8, in pieces. Either way the
// text must be exactly what decodeBytes gives the file's bytes.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { seededRandom } from '../../scripts/lib/random';
import { readText, Utf8Pieces } from '../../server/src/cli/files';
import { decodeBytes } from '../../server/src/core/textCodec';

const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-read-'));

/** ASCII, multi-byte characters, a BOM in the middle, and bytes that are not UTF-8 at all. */
const PIECES = ['a', ',', '\r\n', 'é', '€', '😀', '\uFEFF', '\xff', '\xc3', '\xe2\x82', '\xf0\x9f', 'T0Fz'];

describe('readText (CLI)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes every file exactly as decodeBytes decodes its bytes', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed);
      const parts: Buffer[] = [];
      const prefix = random();
      if (prefix < 0.2) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
      else if (prefix < 0.25) parts.push(Buffer.from([0xff, 0xfe]));
      const count = Math.floor(random() * 120);
      for (let index = 0; index < count; index++) {
        const piece = PIECES[Math.floor(random() * PIECES.length)] ?? 'a';
        // Strings with \x escapes are raw bytes (latin1); the others are UTF-8 text.
        parts.push(
          /[\x80-\xff]/.test(piece) && !/[^\x00-\xff]/.test(piece) && piece !== 'é'
            ? Buffer.from(piece, 'latin1')
            : Buffer.from(piece, 'utf8'),
        );
      }
      const bytes = Buffer.concat(parts);
      const file = path.join(dir, `${seed}.csv`);
      writeFileSync(file, bytes);
      const whole = decodeBytes(readFileSync(file));
      const { decoded, head } = readText(file);
      assert.deepEqual(decoded, whole, `seed ${seed}`);
      assert.deepEqual([...head], [...bytes.subarray(0, 4096)]);
      const encoding = whole.encoding;
      if (encoding !== 'utf8' && encoding !== 'utf8bom') continue;
      for (const pieceBytes of [1, 4, 7, 64, 1 << 22]) {
        const reader: Utf8Pieces = new Utf8Pieces(file, encoding, pieceBytes);
        const pieces: string[] = [];
        reader.read((piece) => pieces.push(piece));
        assert.equal(pieces.join(''), whole.text, `seed ${seed}, pieces of ${pieceBytes} bytes`);
        for (let probe = 0; probe < 5; probe++) {
          const start = Math.floor(random() * (whole.text.length + 1));
          const end = start + Math.floor(random() * (whole.text.length - start + 1));
          assert.equal(reader.textBetween(start, end), whole.text.slice(start, end), `seed ${seed}, text ${start}-${end}`);
        }
      }
    }
  });

  it('does not keep the bytes of a large file once its text is decoded', () => {
    const file = path.join(dir, 'large.csv');
    const line = `${'x'.repeat(99)}\n`;
    writeFileSync(file, line.repeat(300_000));
    const before = process.memoryUsage().arrayBuffers;
    const { decoded } = readText(file);
    const kept = process.memoryUsage().arrayBuffers - before;
    assert.equal(decoded.text.length, 30_000_000);
    assert.ok(kept < 1_000_000, `${kept} bytes of buffers kept after reading a 30 MB file`);
  });
});
