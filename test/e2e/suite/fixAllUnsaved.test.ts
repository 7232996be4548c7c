// Fix All is an ordinary edit: on a file saved with a UTF-8 byte-order mark (Excel's "CSV UTF-8") the fixes land
// in the editor, the tab is dirty, the file on disk is untouched until the user saves, and Undo takes them back. The
// byte-order mark goes only when the user asks for "Re-save as UTF-8 without BOM", and stays gone on later saves.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  diagnosticCode,
  openAndWaitForPublication,
  ownDiagnostics,
  revertAndClose,
  splitLines,
  tempFolder,
  waitForDiagnostics,
} from './helpers';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('Fix All on a file with a byte-order mark', () => {
  it('changes the text in the editor only: dirty, the file untouched, undone by Undo; re-saving without BOM is the user’s step', async () => {
    const folder = tempFolder('fix-all-bom');
    // Without auto-save (desktop VS Code's default, and the e2e harness's setting): the test looks at the file
    // between the fix and the user's save.
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off');
    try {
      // A real device row of the fixtures, with spaces Excel left around its serial and a blank line after it.
      const clean = fs.readFileSync(
        vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? folder.uri, 'clean.csv').fsPath,
        'utf8',
      );
      const { lines, eol } = splitLines(clean);
      const [header = '', first = ''] = lines;
      const cells = first.split(',');
      const spaced = [` ${cells[0] ?? ''} `, ...cells.slice(1)].join(',');
      const text = `${header}${eol}${spaced}${eol}${eol}`;
      const fixed = `${header}${eol}${first}${eol}`;
      const uri = vscode.Uri.joinPath(folder.uri, 'excel-utf8.csv');
      const bytes = Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
      fs.writeFileSync(uri.fsPath, bytes);

      const { editor } = await openAndWaitForPublication(uri);
      const { document } = editor;
      await waitForDiagnostics(uri, (found) =>
        ['encoding-bom', 'whitespace', 'empty-row'].every((code) => found.some((d) => diagnosticCode(d) === code)),
      );

      await vscode.commands.executeCommand('autopilot.fixAll');

      assert.equal(document.getText(), fixed);
      assert.equal(document.isDirty, true, 'the fixes wait for the user to save them');
      assert.deepEqual(fs.readFileSync(uri.fsPath), bytes, 'the file on disk is untouched');
      await waitForDiagnostics(uri, () => ownDiagnostics(uri).every((d) => diagnosticCode(d) === 'encoding-bom'));

      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), text, 'Undo takes the fixes back');
      await vscode.commands.executeCommand('redo');
      assert.equal(document.getText(), fixed);

      // What the offer's button runs: the file is written as UTF-8 without BOM, with the fixes.
      await vscode.commands.executeCommand('autopilot.saveAsUtf8', uri.toString());
      assert.deepEqual(fs.readFileSync(uri.fsPath), Buffer.from(fixed, 'utf8'));
      await waitForDiagnostics(uri, () => !ownDiagnostics(uri).some((d) => diagnosticCode(d) === 'encoding-bom'));
      assert.equal(document.isDirty, false);

      // A later edit, saved the ordinary way, does not bring the byte-order mark back.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, document.positionAt(document.getText().length), eol);
      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.equal(await document.save(), true);
      assert.deepEqual(fs.readFileSync(uri.fsPath), Buffer.from(`${fixed}${eol}`, 'utf8'));
      await revertAndClose(document);
    } finally {
      folder.remove();
    }
  });
});
