// Code actions as an editor asks for them on large or repetitive files: bounded answers, and a fix-all that is an
// ordinary edit of the text (nothing written to disk behind the user's back).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { INTUNE_HEADER, intuneRow, testDevice } from './support/builders';
import { startTestClient, type TestClient } from './support/lspClient';
import { applyWorkspaceEdit } from './support/workspaceEdit';

describe('code actions, bounded', () => {
  let client: TestClient;
  let opened = 0;
  before(async () => {
    client = await startTestClient({}, { documentChanges: true });
  });
  after(async () => {
    await client.stop();
  });

  async function open(text: string, expected: number): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = client.open(`bounds-${++opened}.csv`, text);
    const diagnostics = await client.diagnostics(uri, (list) => list.length >= expected);
    return { uri, diagnostics };
  }

  it('answers a whole-file request on 1,761 lines of "" with one "fix every occurrence" action, not one per line', async () => {
    const lines = 1761;
    const text = '""\n'.repeat(lines);
    const { uri, diagnostics } = await open(text, lines);
    const quotes = diagnostics.filter((diagnostic) => diagnostic.code === 'quotes');
    assert.equal(quotes.length, lines);
    const whole = { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
    const actions: CodeAction[] = await client.codeActions(uri, whole, diagnostics);
    const size = JSON.stringify(actions).length;
    // One quick fix per line (with its diagnostic) and one action for all of them: linear in the file, about a
    // kilobyte a line (a per-line copy of the whole-file action made 292 MB).
    assert.ok(size < lines * 2000, `${size} bytes of actions`);
    const everywhere = actions.filter((action) => action.title === `Remove the quotation marks from all ${lines} cells`);
    assert.equal(everywhere.length, 1);
    assert.equal(everywhere[0]?.diagnostics?.length, lines);
    assert.equal(applyWorkspaceEdit(text, uri, everywhere[0]?.edit, 1), '\n'.repeat(lines));
    assert.equal(actions.filter((action) => action.title === 'Remove the quotation marks').length, lines);
  });

  it('acts only on the diagnostics inside the requested range', async () => {
    const hp = testDevice(0);
    const text = `${INTUNE_HEADER}\r\n${intuneRow(hp)}\r\n\r\n\r\n\r\n`;
    const { uri, diagnostics } = await open(text, 3);
    const third = { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } };
    const actions: CodeAction[] = await client.codeActions(uri, third, diagnostics);
    assert.deepEqual(
      actions.map((action) => [action.title, action.diagnostics?.map((diagnostic) => diagnostic.range.start.line)]),
      [
        ['Delete the empty row', [3]],
        ['Delete all 3 empty rows', [3]],
      ],
    );
  });

  it('makes fix-all an edit of the text only: on a file with a byte-order mark it writes nothing itself', async () => {
    const hp = testDevice(0);
    const text = `${INTUNE_HEADER}\r\n${intuneRow(hp)} \r\n`;
    const uri = client.open(`bounds-${++opened}.csv`, text);
    void client.connection.sendNotification('autopilot/documentEncoding', { uri, encoding: 'utf8bom' });
    await client.diagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'encoding-bom'));
    const whole = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
    const [fixAll, ...others]: CodeAction[] = await client.codeActions(uri, whole, [], ['source.fixAll.autopilot-csv']);
    assert.equal(others.length, 0);
    assert.equal(fixAll?.command, undefined, 'no command: re-saving the file is the user’s decision');
    assert.equal(applyWorkspaceEdit(text, uri, fixAll?.edit, 1), `${INTUNE_HEADER}\r\n${intuneRow(hp)}\r\n`);
  });
});
