// The CLI reads files in pieces (peak memory); the text must be exactly what decoding the whole file gives.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { seededRandom } from '../../scripts/lib/random';
import { readText } from '../../server/src/cli/files';
import { decodeBytes } from '../../server/src/core/encoding';

const dir = mkdtempSync(path.join(os.tmpdir(), 'autopilot-csv-read-'));

/** ASCII, multi-byte characters, a BOM in the middle, and bytes that are not UTF-8 at all. */
const PIECES = ['a', ',', '\r\n', 'é', '€', '😀', '\uFEFF', '\xff', '\xc3', '\xe2\x82', '\xf0\x9f', 'T0Fz'];

describe('readText (CLI)', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes files read in small pieces exactly as decodeBytes decodes them whole', () => {
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
        parts.push(/[\x80-\xff]/.test(piece) && !/[^\x00-\xff]/.test(piece) && piece !== 'é' ? Buffer.from(piece, 'latin1') : Buffer.from(piece, 'utf8'));
      }
      const bytes = Buffer.concat(parts);
      const file = path.join(dir, `${seed}.csv`);
      writeFileSync(file, bytes);
      const whole = decodeBytes(readFileSync(file));
      for (const pieceBytes of [4, 7, 64, 1 << 24]) {
        const { decoded, head } = readText(file, pieceBytes);
        assert.deepEqual(decoded, whole, `seed ${seed}, pieces of ${pieceBytes} bytes`);
        assert.deepEqual([...head], [...bytes.subarray(0, 4096)]);
      }
    }
  });
});
