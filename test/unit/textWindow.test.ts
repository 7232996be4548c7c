// Rows read from a stretch of a text against rows read from the whole text: a window either reads a row exactly as
// the whole text does, or says it cannot tell (and one reaching the end of the text always can).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../scripts/lib/random';
import { ChunkedText } from '../../server/src/core/chunkedText';
import { RowReader, type Row } from '../../server/src/core/csv';
import { TextWindow } from '../../server/src/core/textWindow';

const PIECES = ['a', 'bc', ',', ',', '\n', '\r', '\r\n', '\r\n', '"', '""', ' '];

function randomText(random: Random): string {
  let text = '';
  const length = Math.floor(random() * 120);
  while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)] ?? '';
  return text;
}

/** Every row of the text as the whole text reads it, with whether it opens a quote nothing closes. */
function wholeRows(text: string): Array<{ row: Row; openQuote: boolean }> {
  const reader = new RowReader(text, ',');
  const rows: Array<{ row: Row; openQuote: boolean }> = [];
  let position = 0;
  let line = 0;
  while (position < text.length) {
    const row = reader.read(position, line);
    rows.push({ row, openQuote: reader.lastRowHasOpenQuote });
    if (row.next === row.end) break;
    position = row.next;
    line = row.lastLine + 1;
  }
  return rows;
}

describe('TextWindow', () => {
  it('reads a row as the whole text does, or says it cannot tell', () => {
    let told = 0;
    let untold = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const random = seededRandom(seed);
      const text = randomText(random);
      const chunked = ChunkedText.of(text);
      const rows = wholeRows(text);
      if (rows.length === 0) continue;
      const first = Math.floor(random() * rows.length);
      const size = 1 + Math.floor(random() * 40);
      const start = rows[first] as { row: Row };
      const window = new TextWindow(chunked, ',', start.row.start, size);
      const reachesEnd = start.row.start + size >= text.length;
      for (let index = first; index < rows.length; index++) {
        const expected = rows[index] as { row: Row; openQuote: boolean };
        const row = window.read(expected.row.start, expected.row.line);
        if (!row) {
          assert.ok(!reachesEnd, `seed ${seed}: a window reaching the end can always tell`);
          untold++;
          break;
        }
        told++;
        assert.deepEqual(row, expected.row, `seed ${seed}: row ${index} from ${start.row.start}, ${size} characters`);
        assert.equal(window.openQuote, expected.openQuote, `seed ${seed}: row ${index} open quote`);
      }
    }
    assert.ok(told > 1000 && untold > 1000, `both kinds of answer were tried (${told} rows read, ${untold} not told)`);
  });
});
