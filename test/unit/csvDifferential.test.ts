// Differential test: our tokenizer against csv-parse, cell for cell, on seeded random CSV texts.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { cellValue, tokenize } from '../../server/src/core/csv';
import { seededRandom } from '../../scripts/lib/random';

const LINE_ENDINGS = ['\r\n', '\n', '\r'] as const;

/**
 * csv-parse made as lenient as ours: ragged rows, empty lines kept, quotes inside unquoted fields literal, and
 * every line ending recognised (by default it settles on the first one it meets).
 */
function csvParse(text: string, delimiter: string): string[][] {
  const records: string[][] = parse(text, {
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    relax_quotes: true,
    record_delimiter: [...LINE_ENDINGS],
  });
  return records;
}

function ours(text: string, delimiter: string): string[][] {
  const table = tokenize(text, delimiter);
  return table.rows.map((row) => row.cells.map((cell) => cellValue(text, cell)));
}

/**
 * Generated texts avoid, by design, the two malformed shapes on which the tokenizers legitimately differ:
 * - an opening quote that is never closed: csv-parse throws, ours reads the quote as a literal character so that
 *   one stray quote cannot swallow the rest of a 50,000-row file;
 * - characters after a closing quote (`"ab"c`): csv-parse keeps the raw text, ours unquotes the quoted part and
 *   appends the rest (the quotes rule reports the cell either way).
 * Unquoted fields may still contain quotes after their first character, which both read literally.
 */
function generateCsv(random: () => number, delimiter: string): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const plainCharacters = ['a', 'B', '7', ' ', '-', '_', '.', '+', '/', '=', 'é', '\u00a0', '"', delimiter === '\t' ? ';' : '\t'];
  const quotedPieces = ['a', 'Z', '0', ' ', ',', ';', '\t', '""', '\r\n', '\n', '\r', 'ü'];
  const mixedEndings = random() < 0.3;
  const fileEnding = pick(LINE_ENDINGS);
  const rowCount = Math.floor(random() * 7);
  const fieldsPerRow = 1 + Math.floor(random() * 5);
  let text = '';
  for (let row = 0; row < rowCount; row++) {
    // Ragged: some rows have more or fewer fields than the first.
    const fields = random() < 0.3 ? 1 + Math.floor(random() * 6) : fieldsPerRow;
    const cells: string[] = [];
    for (let field = 0; field < fields; field++) {
      const kind = random();
      if (kind < 0.2) {
        cells.push('');
      } else if (kind < 0.55) {
        let value = '';
        const length = 1 + Math.floor(random() * 8);
        for (let i = 0; i < length; i++) value += pick(plainCharacters);
        // A leading quote would make it a quoted field; a leading space before a quote stays literal in both.
        if (value.startsWith('"')) value = `x${value}`;
        cells.push(value);
      } else {
        let value = '';
        const length = Math.floor(random() * 6);
        for (let i = 0; i < length; i++) value += pick(quotedPieces);
        cells.push(`"${value}"`);
      }
    }
    text += cells.join(delimiter);
    const last = row === rowCount - 1;
    if (!last || random() < 0.5) text += mixedEndings ? pick(LINE_ENDINGS) : fileEnding;
  }
  return text;
}

/** Line breaks before an offset, counted independently of the tokenizer. */
function lineOf(text: string, offset: number): number {
  return (text.slice(0, offset).match(/\r\n|\r|\n/g) ?? []).length;
}

describe('tokenize agrees with csv-parse', () => {
  for (const [name, delimiter] of [
    ['commas', ','],
    ['semicolons', ';'],
    ['tabs', '\t'],
  ] as const) {
    it(`on 2,000 generated texts separated by ${name}`, () => {
      for (let seed = 1; seed <= 2000; seed++) {
        const text = generateCsv(seededRandom(seed * 7919 + delimiter.charCodeAt(0)), delimiter);
        const expected = csvParse(text, delimiter);
        assert.deepEqual(ours(text, delimiter), expected, `seed ${seed}: ${JSON.stringify(text)}`);
      }
    });
  }

  it('and its offsets point at the text: unquoted cells are their text, rows start on the line they say', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = generateCsv(seededRandom(seed), ',');
      for (const row of tokenize(text).rows) {
        assert.equal(row.line, lineOf(text, row.start), `seed ${seed}: ${JSON.stringify(text)}`);
        for (const cell of row.cells) {
          if (!cell.quoted) assert.equal(cellValue(text, cell), text.slice(cell.start, cell.end));
          else assert.equal(text[cell.start], '"');
        }
      }
    }
  });

  it('on the hand-picked edge cases', () => {
    for (const text of [
      '',
      '\n',
      ',',
      ',\n',
      'a\n\nb\n',
      '"a""b",""\r\n',
      'a,"x\r\ny"\r\nb',
      'a,""""\n',
      ' "a",b',
      'a,b"c"d,e',
      'a\r\r\nb',
      'a\r\n\rb',
    ]) {
      assert.deepEqual(ours(text, ','), csvParse(text, ','), JSON.stringify(text));
    }
  });

  it('reads an unterminated quote as a literal character instead of swallowing the file (csv-parse throws)', () => {
    const text = 'a,"b\nc,d\n';
    assert.throws(() => csvParse(text, ','));
    assert.deepEqual(ours(text, ','), [
      ['a', '"b'],
      ['c', 'd'],
    ]);
  });
});
