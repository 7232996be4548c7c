// The walkthrough's buttons as a user presses them with a CSV file open in another tab: no text editor is active
// then (the walkthrough is), and the commands must still find the file. And the sample opens under a name.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  copyFixture,
  diagnosticCode,
  openAndWaitForPublication,
  ownDiagnostics,
  revertAndClose,
  splitLines,
  tempFolder,
  waitForDiagnostics,
} from './helpers';

const WALKTHROUGH = 'autopilot-csv.autopilot-csv#gettingStarted';

describe('walkthrough commands', () => {
  const temp = tempFolder('walkthrough');
  after(() => temp.remove());

  it('opens the sample under a name, not the first characters of its header', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('autopilot.openSample');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the sample is open');
    const { document } = editor;
    assert.equal(document.uri.scheme, 'untitled');
    assert.match(path.posix.basename(document.uri.path), /^Autopilot sample( \d+)?\.csv$/);
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, path.posix.basename(document.uri.path));
    assert.equal(document.languageId, 'autopilot-csv');
    assert.match(document.lineAt(0).text, /^Hardware Hash,Device Serial Number/);
    await revertAndClose(document);
  });

  it('Fix All, pressed in the walkthrough, fixes the Autopilot file that was active last', async () => {
    const uri = copyFixture('columns-and-tags.csv', temp.uri);
    const { editor, diagnostics } = await openAndWaitForPublication(uri);
    assert.ok(diagnostics.some((diagnostic) => diagnosticCode(diagnostic) === 'column-order'));
    const devices = splitLines(editor.document.getText()).lines.length - 1;

    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
    assert.equal(vscode.window.activeTextEditor, undefined, 'the walkthrough is active, no text editor is');
    await vscode.commands.executeCommand('autopilot.fixAll');

    await waitForDiagnostics(uri, () => !ownDiagnostics(uri).some((diagnostic) => diagnosticCode(diagnostic) === 'column-order'));
    const { lines } = splitLines(editor.document.getText());
    assert.equal(lines[0], 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag');
    assert.equal(lines.length - 1, devices, 'every device is still there');
    // Shown beside the walkthrough, so the user sees what changed and can go on with the next step.
    assert.ok(vscode.window.visibleTextEditors.some((visible) => visible.document === editor.document));
    assert.equal(vscode.window.activeTextEditor, undefined, 'the walkthrough keeps the focus');
    await revertAndClose(editor.document);
  });
});
