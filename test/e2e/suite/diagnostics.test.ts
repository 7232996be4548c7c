// Diagnostics as a user sees them in the Problems panel: the right codes on the right cells for a broken file, and
// silence on a clean file and on a CSV that is not an Autopilot file at all.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  copyFixture,
  diagnosticCode,
  fixtureUri,
  openAndWaitForPublication,
  openFixture,
  ownDiagnostics,
  SOURCE,
  tempFolder,
  waitForDiagnostics,
} from './helpers';

const ACCEPTED_TAG = 'Microsoft365Managed_Autopilot';

describe('diagnostics', () => {
  const temp = tempFolder('diagnostics');
  after(() => temp.remove());

  it('reports reordered columns on the header and each misspelled or missing group tag on its cell', async () => {
    // columns-and-tags.csv (a copy of samples/broken-columns-and-tags.csv): Hardware Hash first, then four rows
    // tagged correctly, in lower case, with a hyphen, with a letter missing, and one row without a tag.
    const uri = fixtureUri('columns-and-tags.csv');
    const { document } = await openFixture('columns-and-tags.csv');
    await waitForDiagnostics(uri, () => ownDiagnostics(uri).length > 0);

    const tagCell = (line: number): vscode.Range => {
      const text = document.lineAt(line).text;
      return new vscode.Range(line, text.lastIndexOf(',') + 1, line, text.length);
    };
    const header = document.lineAt(0).range;
    const expected: Array<[string, vscode.Range, vscode.DiagnosticSeverity]> = [
      ['column-order', header, vscode.DiagnosticSeverity.Error],
      ['group-tag-misspelled', tagCell(2), vscode.DiagnosticSeverity.Error],
      ['group-tag-misspelled', tagCell(3), vscode.DiagnosticSeverity.Error],
      ['group-tag-misspelled', tagCell(4), vscode.DiagnosticSeverity.Error],
      ['group-tag-missing', tagCell(5), vscode.DiagnosticSeverity.Warning],
    ];
    const show = (code: string | undefined, range: vscode.Range, severity: vscode.DiagnosticSeverity): string =>
      `${code} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${vscode.DiagnosticSeverity[severity]}`;
    const all = vscode.languages.getDiagnostics(uri);
    assert.deepEqual(
      all.map((d) => show(diagnosticCode(d), d.range, d.severity)).sort(),
      expected.map(([code, range, severity]) => show(code, range, severity)).sort(),
    );
    for (const diagnostic of all) assert.equal(diagnostic.source, SOURCE, `${diagnosticCode(diagnostic)} comes from ${SOURCE}`);

    // The messages name what to type: the expected header, and the known tag for each misspelling.
    const byCode = (code: string) => all.filter((d) => diagnosticCode(d) === code);
    assert.match(byCode('column-order')[0]?.message ?? '', /Device Serial Number,Windows Product ID,Hardware Hash,Group Tag/);
    const misspelled = byCode('group-tag-misspelled');
    for (const diagnostic of misspelled) {
      const written = document.getText(diagnostic.range);
      assert.ok(diagnostic.message.includes(`"${written}"`), `the message quotes the tag as written: ${diagnostic.message}`);
      assert.ok(diagnostic.message.includes(`the known tag "${ACCEPTED_TAG}"`), `the message names the known tag: ${diagnostic.message}`);
    }
  });

  it('reports nothing on a clean Autopilot file', async () => {
    const uri = copyFixture('clean.csv', temp.uri);
    const { editor, diagnostics } = await openAndWaitForPublication(uri);
    assert.equal(editor.document.languageId, 'autopilot-csv', 'the header made it an Autopilot CSV document');
    assert.deepEqual(
      diagnostics.map((d) => `${diagnosticCode(d)}: ${d.message}`),
      [],
    );
  });

  it('stays silent on a CSV file that is not an Autopilot file', async () => {
    const uri = copyFixture('contacts.csv', temp.uri);
    const { editor, diagnostics } = await openAndWaitForPublication(uri);
    assert.notEqual(editor.document.languageId, 'autopilot-csv', 'a contacts list is not taken for an Autopilot file');
    assert.deepEqual(
      diagnostics.map((d) => `${d.source ?? ''} ${diagnosticCode(d)}: ${d.message}`),
      [],
    );
  });
});
