// Quick fixes as the light bulb offers them, and fix-all on save. Each test edits its own copy of the fixture in a
// temp folder, so the fixtures stay untouched and runs repeat. The expected texts are built here from the original
// text, cell by cell: every value must survive the fix, and so must the file's CRLF line endings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  applyEdit,
  codeActionsAt,
  copyFixture,
  diagnosticCode,
  openAndWaitForPublication,
  revertAndClose,
  SOURCE,
  splitLines,
  tempFolder,
  waitForDiagnostics,
} from './helpers';

const FIXTURE = 'columns-and-tags.csv';
const ACCEPTED_TAG = 'Microsoft365Managed_Autopilot';
const FIX_ALL_KIND = 'source.fixAll.autopilot-csv';
/** The fixture's header is `Hardware Hash,Device Serial Number,Windows Product ID,Group Tag`. */
const CANONICAL_ORDER = [1, 2, 0, 3];

function reordered(text: string, tag?: (value: string) => string): string {
  const { lines, eol } = splitLines(text);
  const fixed = lines.map((line, index) => {
    const cells = line.split(',');
    const ordered = CANONICAL_ORDER.map((from) => cells[from] ?? '');
    if (index > 0 && tag) ordered[3] = tag(ordered[3] ?? '');
    return ordered.join(',');
  });
  return fixed.join(eol) + eol;
}

/**
 * The quick fixes VS Code offers for the diagnostic with `code` (on `line`, else the first), asked on that
 * diagnostic's range as the light bulb asks. VS Code's code-action API command hands back the actions without
 * their `diagnostics`; so an action counts as this diagnostic's fix when it names it, or, when it names none, when
 * this diagnostic is the only one of the extension on that range.
 */
async function quickFixesFor(
  uri: vscode.Uri,
  code: string,
  line?: number,
): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  const matches = (d: vscode.Diagnostic) => diagnosticCode(d) === code && (line === undefined || d.range.start.line === line);
  const diagnostics = await waitForDiagnostics(uri, (all) => all.some(matches));
  const diagnostic = diagnostics.find(matches);
  assert.ok(diagnostic, `a ${code} diagnostic${line === undefined ? '' : ` on line ${line + 1}`}`);
  const onRange = diagnostics.filter((d) => d.source === SOURCE && d.range.intersection(diagnostic.range) !== undefined);
  const actions = (await codeActionsAt(uri, diagnostic.range)).filter((action) => {
    if (action.kind === undefined || !vscode.CodeActionKind.QuickFix.contains(action.kind)) return false;
    const first = action.diagnostics?.[0];
    return first ? diagnosticCode(first) === code : onRange.length === 1;
  });
  assert.ok(
    actions.length > 0,
    `VS Code offers a quick fix for ${code} (diagnostics on its range: ${onRange.map((d) => diagnosticCode(d)).join(', ')})`,
  );
  return { diagnostic, actions };
}

describe('quick fixes', () => {
  const temp = tempFolder('quick-fixes');
  after(() => temp.remove());

  it('reorders the columns of every row, keeping every value and the CRLF line endings', async () => {
    const uri = copyFixture(FIXTURE, temp.uri);
    const { editor } = await openAndWaitForPublication(uri);
    const original = editor.document.getText();
    assert.ok(original.includes('\r\n'), 'the fixture has CRLF line endings');

    const { actions } = await quickFixesFor(uri, 'column-order');
    assert.equal(actions.length, 1, `one fix: ${actions.map((a) => a.title).join(' | ')}`);
    const [fix] = actions;
    assert.ok(fix?.edit, 'the fix is an edit');
    await applyEdit(editor.document, fix.edit);

    assert.equal(editor.document.getText(), reordered(original));
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    // The server re-checks the edited text: the header problem is gone, the tag problems stay.
    const remaining = await waitForDiagnostics(uri, (all) => !all.some((d) => diagnosticCode(d) === 'column-order'));
    assert.ok(
      remaining.some((d) => diagnosticCode(d) === 'group-tag-misspelled'),
      'the misspelled tags are still reported',
    );
    await revertAndClose(editor.document);
  });

  it('changes one misspelled group tag to the accepted spelling and nothing else', async () => {
    const uri = copyFixture(FIXTURE, temp.uri);
    const { editor } = await openAndWaitForPublication(uri);
    const original = editor.document.getText();

    // Line 3 (0-based 2) reads "microsoft365managed_autopilot".
    const { diagnostic, actions } = await quickFixesFor(uri, 'group-tag-misspelled', 2);
    assert.equal(editor.document.getText(diagnostic.range), 'microsoft365managed_autopilot');
    // Besides the fix for this row VS Code lists one for every misspelled row; the preferred one is this row's.
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit, `a preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    await applyEdit(editor.document, fix.edit);

    const { lines, eol } = splitLines(original);
    lines[2] = lines[2]?.replace(/,microsoft365managed_autopilot$/, `,${ACCEPTED_TAG}`) ?? '';
    assert.equal(editor.document.getText(), lines.join(eol) + eol);
    await waitForDiagnostics(uri, (all) => !all.some((d) => diagnosticCode(d) === 'group-tag-misspelled' && d.range.start.line === 2));
    await revertAndClose(editor.document);
  });

  describe('fix-all on save', () => {
    // Set for the language in the user settings, the way a user turns it on, and taken back afterwards.
    const editorSettings = () => vscode.workspace.getConfiguration('editor', { languageId: 'autopilot-csv' });
    before(async () => {
      await editorSettings().update('codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' }, vscode.ConfigurationTarget.Global, true);
    });
    after(async () => {
      await editorSettings().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    });

    it('fixes the columns and every group tag when the file is saved', async () => {
      const uri = copyFixture(FIXTURE, temp.uri);
      const { editor } = await openAndWaitForPublication(uri);
      const original = editor.document.getText();
      // What a user does before saving (saving an unchanged file writes nothing): types the missing tag of the
      // last row by hand. Fix-all on save then does the rest.
      const last = editor.document.lineAt(5);
      assert.ok(last.text.endsWith(','), 'the last row has no group tag');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, last.range.end, ACCEPTED_TAG);
      await applyEdit(editor.document, edit);

      const saved = new Promise<vscode.TextDocument>((resolve) => {
        const subscription = vscode.workspace.onDidSaveTextDocument((document) => {
          if (document.uri.toString() === uri.toString()) {
            subscription.dispose();
            resolve(document);
          }
        });
      });
      // The Save command on the active editor: an explicit save, which is when "explicit" code actions run.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.save');
      await saved;

      const onDisk = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      const expected = reordered(original, () => ACCEPTED_TAG);
      assert.equal(onDisk, expected);
      assert.equal(editor.document.getText(), expected);
      assert.equal(editor.document.isDirty, false);
      await revertAndClose(editor.document);
    });
  });
});
