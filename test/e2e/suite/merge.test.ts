// "Merge Files into One…" as a partner runs it from the Explorer: a folder of harvested files selected, one new
// unsaved Autopilot CSV editor with every device once, the files on disk unchanged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { fixtureUri, tempFolder } from './helpers';

describe('merge files', () => {
  it('merges the CSV files of a folder selected in the Explorer into one new editor, each row once', async () => {
    const folder = tempFolder('merge');
    try {
      const clean = fs.readFileSync(fixtureUri('clean.csv').fsPath, 'utf8');
      const upload = fs.readFileSync(fixtureUri('upload.csv').fsPath, 'utf8');
      fs.writeFileSync(vscode.Uri.joinPath(folder.uri, 'a.csv').fsPath, clean);
      fs.writeFileSync(vscode.Uri.joinPath(folder.uri, 'b.csv').fsPath, upload);
      // The same harvest copied twice: its rows must come out once.
      fs.writeFileSync(vscode.Uri.joinPath(folder.uri, 'c.csv').fsPath, clean);
      fs.writeFileSync(vscode.Uri.joinPath(folder.uri, 'notes.txt').fsPath, 'not a CSV file');

      // What the Explorer passes: the clicked resource and the selection.
      await vscode.commands.executeCommand('autopilot.mergeFiles', folder.uri, [folder.uri]);

      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'the merged file is open');
      assert.equal(editor.document.isUntitled, true);
      assert.equal(editor.document.languageId, 'autopilot-csv');
      const rows = (text: string) => text.split(/\r?\n/).filter((line) => line !== '');
      const [header, ...cleanRows] = rows(clean);
      const [, ...uploadRows] = rows(upload);
      assert.deepEqual(rows(editor.document.getText()), [header, ...cleanRows, ...uploadRows]);
      assert.equal(fs.readFileSync(vscode.Uri.joinPath(folder.uri, 'c.csv').fsPath, 'utf8'), clean);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      folder.remove();
    }
  });
});
