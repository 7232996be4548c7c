// A keystroke in a file of 5,000 devices: the server keeps its 20 MB text in pieces (ChunkedText), and nothing it
// does for the keystroke may join them into one string again (200 ms a keystroke on a busy machine, and 40 MB of
// garbage): not the validation, nor the colours, completion, hover, outline, hash labels and device table asked for
// after it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkedText } from '../../server/src/core/chunkedText';
import { IncrementalValidation } from '../../server/src/core/incremental';
import { validate } from '../../server/src/core/validate';
import { completions } from '../../server/src/lsp/completion';
import { DeviceTables } from '../../server/src/lsp/deviceTable';
import { DocumentStore } from '../../server/src/lsp/documentStore';
import { hover } from '../../server/src/lsp/hover';
import { RowSummaries } from '../../server/src/lsp/rowSummaries';
import { SemanticTokensStore } from '../../server/src/lsp/semanticTokens';
import { documentSymbols } from '../../server/src/lsp/symbols';
import { ServerTextDocuments } from '../../server/src/lsp/textDocument';
import { INTUNE_TAG_HEADER, testDevice } from './support/builders';

const TAG = 'Microsoft365Managed_Autopilot';
const devices = Array.from({ length: 6 }, (_, index) => testDevice(index + 1));
const rows = Array.from({ length: 120 }, (_, index) => {
  const device = devices[index % devices.length];
  return `${device?.serialNumber ?? ''},,${device?.hash ?? ''},${TAG}`;
});
const text = [INTUNE_TAG_HEADER, ...rows, ''].join('\r\n');
/** A character typed into the last row's tag. */
const keystroke = { start: text.lastIndexOf(TAG) + 3, newText: 'x' };

/** How often `run` joins a text kept in pieces into one string. */
async function countingJoins<T>(run: () => T | Promise<T>): Promise<{ joins: number; result: T }> {
  const join = Object.getOwnPropertyDescriptor(ChunkedText.prototype, 'toString');
  let joins = 0;
  ChunkedText.prototype.toString = function (this: ChunkedText) {
    joins++;
    return (join?.value as (this: ChunkedText) => string).call(this);
  };
  try {
    const result = await run();
    return { joins, result };
  } finally {
    if (join) Object.defineProperty(ChunkedText.prototype, 'toString', join);
  }
}

describe('a keystroke reads the text in pieces', () => {
  it('in the validation engine', async () => {
    const engine = new IncrementalValidation({ text }, ChunkedText.of(text));
    engine.step();
    engine.snapshot();
    const edit = { start: keystroke.start, end: keystroke.start, newText: keystroke.newText };
    const { joins, result } = await countingJoins(() => {
      engine.applyEdits([edit]);
      engine.step();
      return engine.snapshot();
    });
    assert.equal(joins, 0, 'the whole text was joined to validate a keystroke');
    const typed = text.slice(0, keystroke.start) + keystroke.newText + text.slice(keystroke.start);
    assert.deepEqual(
      result.findings.map((finding) => [finding.code, finding.start]),
      validate({ text: typed }).findings.map((finding) => [finding.code, finding.start]),
    );
  });

  it('in what the editor asks the server for after it', async () => {
    const document = ServerTextDocuments.create('file:///nonexistent/keystroke.csv', 'autopilot-csv', 1, text);
    const store = new DocumentStore(async () => ({}));
    const tokens = new SemanticTokensStore();
    tokens.full(document, await store.current(document));
    const tables = new DeviceTables();
    const { revision } = tables.answer(document, await store.current(document), undefined);
    const position = document.positionAt(keystroke.start);
    const { joins, result } = await countingJoins(async () => {
      ServerTextDocuments.update(document, [{ range: { start: position, end: position }, text: keystroke.newText }], 2);
      const validation = await store.current(document);
      const tagPosition = { line: position.line, character: position.character + 1 };
      return {
        validation,
        delta: tokens.delta(document, validation, '1'),
        completion: completions(document, validation, tagPosition),
        hover: hover(document, validation, tagPosition),
        symbols: documentSymbols(document, validation),
        summaries: new RowSummaries().of(document, validation),
        table: tables.answer(document, validation, revision),
      };
    });
    assert.equal(joins, 0, 'the whole text was joined to answer the editor after a keystroke');
    assert.ok(result.validation.findings.some((finding) => finding.code === 'group-tag-misspelled'));
    assert.ok(
      result.completion.items.some((item) => item.label === TAG),
      'the tag the other rows carry is offered',
    );
    assert.ok(result.hover, 'the tag has a hover');
    assert.equal(result.symbols.length, rows.length);
    assert.equal(result.summaries.rows.length, rows.length);
    assert.ok('edits' in result.delta || 'data' in result.delta);
    assert.equal(result.table.update.kind, 'diff', 'the device table beside is sent what changed');
  });
});
