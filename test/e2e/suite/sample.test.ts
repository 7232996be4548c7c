// The walkthrough's first two steps as a new user takes them: "Try a Sample with Problems" opens a file with its
// problems marked, and "Fix All Problems in File" repairs them without touching the extension's own copy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, diagnosticCode, ownDiagnostics, revertAndClose, splitLines, waitForDiagnostics } from './helpers';

describe('the walkthrough sample', () => {
  it('opens as a new file with its problems marked, and Fix All leaves none', async () => {
    const extension = await activateExtension();
    const samplePath = path.join(extension.extensionPath, 'samples', 'broken-columns-and-tags.csv');
    const original = fs.readFileSync(samplePath);

    await vscode.commands.executeCommand('autopilot.openSample');

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the sample is open');
    const { document } = editor;
    assert.equal(document.isUntitled, true, 'a new, unsaved file: trying the fixes changes no file');
    assert.equal(document.languageId, 'autopilot-csv');
    const marked = await waitForDiagnostics(document.uri, (found) => found.some((d) => diagnosticCode(d) === 'column-order'));
    const codes = [...new Set(marked.map(diagnosticCode))].sort();
    assert.deepEqual(codes, ['column-order', 'group-tag-missing', 'group-tag-misspelled']);
    const devices = splitLines(document.getText()).lines.length - 1;

    await vscode.commands.executeCommand('autopilot.fixAll');

    await waitForDiagnostics(document.uri, () => ownDiagnostics(document.uri).length === 0);
    const { lines } = splitLines(document.getText());
    assert.equal(lines[0], 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag');
    assert.equal(lines.length - 1, devices, 'every device is still there');
    assert.deepEqual(fs.readFileSync(samplePath), original);
    await revertAndClose(document);
  });
});
