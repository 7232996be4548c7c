// Smoke test: opening an Autopilot CSV activates the extension and its language server reports problems; other text
// and CSV files start no language server.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, EXTENSION_ID, fixtureUri, openFixture, ownDiagnostics, SOURCE, waitForDiagnostics } from './helpers';

/** Polls `condition` (an extension activates asynchronously after its trigger). */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('smoke', () => {
  it('starts no language server for text and CSV files that are not Autopilot files', async () => {
    const extension = vscode.extensions.getExtension<{ languageServerStarted: boolean }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    // The extension activates for plain text and CSV files (it cannot tell an Autopilot file by its name)...
    await openFixture('notes.txt');
    const contacts = await openFixture('contacts.csv');
    assert.ok(['plaintext', 'csv'].includes(contacts.document.languageId), contacts.document.languageId);
    await waitUntil(() => extension.isActive, 'the extension activates for a plain-text file');
    // ...but starts its server only for an Autopilot file (the next test opens one).
    assert.equal(extension.exports.languageServerStarted, false, 'no language server for notes.txt and contacts.csv');
  });

  it('activates on opening an Autopilot CSV and reports a bad hardware hash', async () => {
    const extension = vscode.extensions.getExtension<{ languageServerStarted: boolean }>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);

    // Open the file; do not activate by hand: opening it must be what activates the extension and starts its server.
    const editor = await openFixture('broken.csv');
    assert.match(editor.document.lineAt(0).text, /^Device Serial Number,Windows Product ID,Hardware Hash,Group Tag/);

    const uri = fixtureUri('broken.csv');
    await waitForDiagnostics(uri, (all) => all.some((d) => d.source === SOURCE));
    assert.equal(extension.isActive, true, 'the extension is active after opening broken.csv');
    assert.equal(extension.exports.languageServerStarted, true, 'the language server started for broken.csv');
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
