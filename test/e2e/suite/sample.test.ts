// The walkthrough's first two steps as a new user takes them: "Try a Sample with Problems" opens a file with its
// problems marked, "Fix All Problems in File" repairs what is certain without touching the extension's own copy,
// and the quick fixes do the rest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  applyEdit,
  codeActionsAt,
  diagnosticCode,
  ownDiagnostics,
  revertAndClose,
  splitLines,
  waitForDiagnostics,
} from './helpers';

/** The customer's tag the sample's rows carry, and misspell. */
const CUSTOMER_TAG = 'Contoso_Standard';

describe('the walkthrough sample', () => {
  it('opens as a new file with its problems marked; Fix All repairs the certain ones and the quick fixes the rest', async () => {
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
    assert.deepEqual(marked.map(diagnosticCode).sort(), [
      'column-order',
      'group-tag-missing',
      'group-tag-misspelled',
      'group-tag-misspelled',
      'group-tag-misspelled',
    ]);
    const devices = splitLines(document.getText()).lines.length - 1;

    await vscode.commands.executeCommand('autopilot.fixAll');

    // Sure: the column order, and the tags that differ from the other rows' in case or separators only. A tag with a
    // typo may be another group's, and a row without a tag may be meant so: those are the user's to decide. (No file
    // of the test workspace carries the sample's tag: where one does, the tag is known and Fix All repairs all five.)
    const left = await waitForDiagnostics(document.uri, () => ownDiagnostics(document.uri).length === 2);
    assert.deepEqual(left.map(diagnosticCode).sort(), ['group-tag-missing', 'group-tag-misspelled']);
    const { lines } = splitLines(document.getText());
    assert.equal(lines[0], 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag');
    assert.equal(lines.length - 1, devices, 'every device is still there');

    for (const diagnostic of left) {
      const offered = await codeActionsAt(document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = offered.find((action) => action.title.includes(`"${CUSTOMER_TAG}"`) && action.edit);
      assert.ok(fix?.edit, `${diagnosticCode(diagnostic)} offers ${CUSTOMER_TAG}: ${offered.map((action) => action.title).join(' | ')}`);
      await applyEdit(document, fix.edit);
    }
    await waitForDiagnostics(document.uri, () => ownDiagnostics(document.uri).length === 0);
    const tags = splitLines(document.getText())
      .lines.slice(1)
      .map((line) => line.slice(line.lastIndexOf(',') + 1));
    assert.deepEqual(
      tags,
      Array.from({ length: devices }, () => CUSTOMER_TAG),
    );
    assert.deepEqual(fs.readFileSync(samplePath), original);
    await revertAndClose(document);
  });
});
