// Smoke test: opening an Autopilot CSV activates the extension and its language server reports problems.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, EXTENSION_ID, fixtureUri, openFixture, ownDiagnostics, SOURCE, waitForDiagnostics } from './helpers';

describe('smoke', () => {
  it('activates on opening an Autopilot CSV and reports a bad hardware hash', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);

    // Open the file; do not activate by hand: opening it must be what activates the extension.
    const editor = await openFixture('broken.csv');
    assert.match(editor.document.lineAt(0).text, /^Device Serial Number,Windows Product ID,Hardware Hash,Group Tag/);

    const uri = fixtureUri('broken.csv');
    await waitForDiagnostics(uri, (all) => all.some((d) => d.source === SOURCE));
    assert.equal(extension.isActive, true, 'the extension is active after opening broken.csv');
  });

  it('reports hash-base64 on the row whose hash is not base64', async () => {
    const uri = fixtureUri('broken.csv');
    const document = await vscode.workspace.openTextDocument(uri);
    const line = Array.from({ length: document.lineCount }, (_, i) => i).find((i) =>
      document.lineAt(i).text.startsWith('ABC,,not-base64!!,'),
    );
    assert.ok(line !== undefined, 'broken.csv has the bad-hash row');

    await waitForDiagnostics(uri, () => ownDiagnostics(uri).some((d) => d.range.start.line === line));
    const onRow = ownDiagnostics(uri).filter((d) => d.range.start.line === line);
    const hash = onRow.find((d) => diagnosticCode(d) === 'hash-base64');
    assert.ok(
      hash,
      `a hash-base64 diagnostic on line ${line + 1}; got: ${onRow.map((d) => `${diagnosticCode(d)}: ${d.message}`).join('; ')}`,
    );
    // The diagnostic sits on the hash cell (third column), not on the whole row.
    const hashStart = document.lineAt(line).text.indexOf('not-base64!!');
    assert.ok(hash.range.start.character >= hashStart, `starts in the hash cell (column ${hash.range.start.character + 1})`);
    assert.equal(hash.severity, vscode.DiagnosticSeverity.Error);
  });
});
