// The language server's text in pieces against a plain string: the same characters after random edits, small and
// large (a keystroke, a pasted block of rows, a deleted stretch across pieces), wherever they are read.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../scripts/lib/random';
import { ChunkedText } from '../../server/src/core/chunkedText';

function randomText(random: Random, length: number): string {
  const alphabet = 'abc,\r\n"é';
  let text = '';
  while (text.length < length) text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
  return text;
}

function assertSameText(chunked: ChunkedText, text: string, random: Random, context: string): void {
  assert.equal(chunked.length, text.length, context);
  for (let probe = 0; probe < 20; probe++) {
    const offset = Math.floor(random() * (text.length + 2)) - 1;
    assert.ok(Object.is(chunked.charCodeAt(offset), text.charCodeAt(offset)), `${context}: charCodeAt(${offset})`);
    const start = Math.floor(random() * text.length);
    const end = start + Math.floor(random() * (random() < 0.1 ? 200_000 : 100));
    assert.equal(chunked.slice(start, end), text.slice(start, end), `${context}: slice(${start}, ${end})`);
  }
  assert.equal(chunked.toString(), text, context);
}

describe('ChunkedText', () => {
  it('reads like the string it stands for, after random edits of every size', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const random = seededRandom(seed);
      let text = randomText(random, Math.floor(random() * 250_000));
      let chunked = ChunkedText.of(text);
      for (let step = 0; step < 30; step++) {
        const start = Math.floor(random() * (text.length + 1));
        const size = random();
        const end = Math.min(
          text.length,
          start + Math.floor(size < 0.7 ? random() * 3 : size < 0.9 ? random() * 100_000 : random() * 250_000),
        );
        const insert = random() < 0.8 ? randomText(random, Math.floor(random() * 3)) : randomText(random, Math.floor(random() * 200_000));
        const before = chunked;
        const beforeText = text;
        chunked = chunked.edit(start, end, insert);
        text = text.slice(0, start) + insert + text.slice(end);
        // Edits are read in the middle of the work, before anyone joins the text.
        assertSameText(chunked, text, random, `seed ${seed}, step ${step}`);
        assert.equal(before.toString(), beforeText, 'an edit leaves the text it was made from as it was');
      }
    }
  });

  it('keeps every character when edits leave a piece almost empty', () => {
    const random = seededRandom(7);
    let text = randomText(random, 300_000);
    let chunked = ChunkedText.of(text);
    // Pieces are 65,536 characters: delete all but a few characters of a piece, then of the one that took it in.
    for (const [start, end] of [
      [65_536 + 10, 131_072 - 10],
      [65_536 + 5, 65_536 + 60_000],
      [3, 65_530],
    ] as const) {
      chunked = chunked.edit(start, end, 'x');
      text = text.slice(0, start) + 'x' + text.slice(end);
      assertSameText(chunked, text, random, `delete ${start}-${end}`);
    }
  });

  it('clamps offsets like String#slice and reads an empty text', () => {
    const chunked = ChunkedText.of('');
    assert.equal(chunked.length, 0);
    assert.ok(Number.isNaN(chunked.charCodeAt(0)));
    const grown = chunked.edit(5, 9, 'abc');
    assert.equal(grown.toString(), 'abc');
    assert.equal(grown.slice(-3, 99), 'abc');
    assert.equal(grown.edit(1, 99, '').toString(), 'a');
  });
});
