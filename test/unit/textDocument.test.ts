// The server's text document against vscode-languageserver-textdocument's on random incremental edits: same text,
// same positions and offsets, and the edits it keeps turn an earlier version's text into the current one.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { seededRandom, type Random } from '../../scripts/lib/random';
import { ServerTextDocument, ServerTextDocuments } from '../../server/src/lsp/textDocument';

const PIECES = ['a', 'bc', ',', '\n', '\r', '\r\n', '\r\n\r\n', 'x\ny', '', 'é', '"'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomText(random: Random, length: number): string {
  let text = '';
  while (text.length < length) text += pick(random, PIECES);
  return text;
}

function assertSameDocument(ours: ServerTextDocument, theirs: TextDocument, random: Random, context: string): void {
  const text = theirs.getText();
  assert.equal(ours.getText(), text, context);
  assert.equal(ours.lineCount, theirs.lineCount, context);
  assert.equal(ours.version, theirs.version, context);
  for (let probe = 0; probe < 30; probe++) {
    const offset = Math.floor(random() * (text.length + 4)) - 2;
    assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${context}: positionAt(${offset})`);
    const position = { line: Math.floor(random() * (theirs.lineCount + 2)) - 1, character: Math.floor(random() * 8) - 1 };
    assert.equal(ours.offsetAt(position), theirs.offsetAt(position), `${context}: offsetAt(${JSON.stringify(position)})`);
    const line = Math.floor(random() * (theirs.lineCount + 2)) - 1;
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${context}: getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `${context}: getEOLCharacters(${line})`);
  }
}

describe('ServerTextDocument', () => {
  it('behaves like the library document under random incremental edits', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = seededRandom(seed);
      const initial = randomText(random, Math.floor(random() * 80));
      const ours = ServerTextDocuments.create('file:///a.csv', 'csv', 1, initial);
      const theirs = TextDocument.create('file:///a.csv', 'csv', 1, initial);
      const texts = new Map<number, string>([[1, initial]]);
      // Line starts computed before the edits (updated incrementally) and after (computed afresh) must both agree.
      if (random() < 0.5) {
        ours.positionAt(0);
        theirs.positionAt(0);
      }
      for (let version = 2; version < 30; version++) {
        // The library applies changes one after the other, each against the text the previous one made.
        const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          // Lines that exist (ranges past the last line: the next test).
          const lines = theirs.lineCount;
          const a = { line: Math.floor(random() * lines), character: Math.floor(random() * 6) };
          const b = random() < 0.5 ? a : { line: Math.floor(random() * lines), character: Math.floor(random() * 6) };
          const change = { range: { start: a, end: b }, text: random() < 0.3 ? '' : randomText(random, 1 + Math.floor(random() * 6)) };
          TextDocument.update(theirs, [change], version);
          return change;
        });
        ServerTextDocuments.update(ours, changes, version);
        texts.set(version, theirs.getText());
        assertSameDocument(ours, theirs, random, `seed ${seed}, version ${version}`);
        const from = 1 + Math.floor(random() * (version - 1));
        const edits = ours.editsSince(from);
        assert.ok(edits, `edits since ${from}`);
        let replayed = texts.get(from) ?? '';
        for (const edit of edits) replayed = replayed.slice(0, edit.start) + edit.newText + replayed.slice(edit.end);
        assert.equal(replayed, theirs.getText(), `seed ${seed}: replaying the edits since version ${from}`);
      }
    }
  });

  it('forgets its edits when the whole text is replaced', () => {
    const document = ServerTextDocuments.create('file:///a.csv', 'csv', 1, 'a\nb\n');
    ServerTextDocuments.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'c' }], 2);
    assert.deepEqual(document.editsSince(1), [{ start: 0, end: 1, newText: 'c' }]);
    ServerTextDocuments.update(document, [{ text: 'new text\n' }], 3);
    assert.equal(document.editsSince(1), undefined);
    assert.deepEqual(document.editsSince(3), []);
    assert.equal(document.getText(), 'new text\n');
  });

  it('keeps its positions right after edits whose range lies past the last line', () => {
    // Such a position means the end of the text. The library's line starts go wrong there (holes: positions with
    // `character: NaN`, sent as null, and wrong offsets for the next edit), so the reference is a library document
    // made afresh from the text before each edit.
    for (let seed = 1; seed <= 100; seed++) {
      const random = seededRandom(seed);
      let expected = randomText(random, Math.floor(random() * 60));
      const ours = ServerTextDocuments.create('file:///a.csv', 'csv', 1, expected);
      ours.positionAt(0);
      for (let version = 2; version < 12; version++) {
        const before = TextDocument.create('file:///a.csv', 'csv', version - 1, expected);
        const start = { line: Math.floor(random() * (before.lineCount + 4)), character: Math.floor(random() * 6) };
        const end = { line: start.line + Math.floor(random() * 3), character: Math.floor(random() * 6) };
        const change = { range: { start, end }, text: random() < 0.2 ? '' : randomText(random, 1 + Math.floor(random() * 8)) };
        const [from, to] = [before.offsetAt(start), before.offsetAt(end)].sort((a, b) => a - b) as [number, number];
        expected = expected.slice(0, from) + change.text + expected.slice(to);
        ServerTextDocuments.update(ours, [change], version);
        const fresh = TextDocument.create('file:///a.csv', 'csv', version, expected);
        assertSameDocument(ours, fresh, random, `seed ${seed}, version ${version}, ${JSON.stringify(change.range)}`);
      }
    }
  });
});
