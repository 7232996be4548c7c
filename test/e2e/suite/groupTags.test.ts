// Group tags that belong to the customer, as a partner meets them in VS Code: with an allow-list, a tag that is not
// listed is a warning until the quick fix "Add 'X' to autopilot.groupTags" lists it in the workspace folder's
// settings (through VS Code's configuration API); and a tag of another file of the workspace is a known tag, so a
// misspelling of it is reported. The files live in a folder of the opened workspace, removed afterwards, and the
// settings are taken back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  codeActionsAt,
  diagnosticCode,
  fixtureUri,
  fixturesFolder,
  openAndWaitForPublication,
  revertAndClose,
  splitLines,
  waitForDiagnostics,
} from './helpers';

const FOLDER = 'group-tags-e2e';

/** clean.csv's devices (valid hashes), each with the tag given. */
function devicesTagged(...tags: string[]): string {
  const { lines, eol } = splitLines(fs.readFileSync(fixtureUri('clean.csv').fsPath, 'utf8'));
  const [header, ...rows] = lines;
  const tagged = tags.map((tag, index) => (rows[index % rows.length] ?? '').replace(/,[^,]*$/, `,${tag}`));
  return [header, ...tagged].join(eol) + eol;
}

describe('group tags', () => {
  const folder = vscode.Uri.joinPath(fixturesFolder(), FOLDER);
  const settingsFolder = vscode.Uri.joinPath(fixturesFolder(), '.vscode');
  const hadSettings = fs.existsSync(settingsFolder.fsPath);
  const configuration = () => vscode.workspace.getConfiguration('autopilot', folder);
  let written = 0;
  const write = (name: string, text: string): vscode.Uri => {
    const uri = vscode.Uri.joinPath(folder, `${++written}-${name}`);
    fs.writeFileSync(uri.fsPath, text);
    return uri;
  };

  const takeBack = async () => {
    await configuration().update('groupTags', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await configuration().update('onlyListedGroupTags', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    fs.rmSync(folder.fsPath, { recursive: true, force: true });
  };

  before(async () => {
    // What a run that was stopped half-way may have left.
    if (hadSettings) await takeBack();
    fs.mkdirSync(folder.fsPath, { recursive: true });
  });
  after(async () => {
    await takeBack();
    if (!hadSettings) fs.rmSync(settingsFolder.fsPath, { recursive: true, force: true });
  });

  it('accepts a tag with the quick fix "Add to autopilot.groupTags", and the warning goes', async () => {
    await configuration().update('onlyListedGroupTags', true, vscode.ConfigurationTarget.WorkspaceFolder);
    const uri = write('customer.csv', devicesTagged('SP001_STD01', 'SP001_STD01'));
    const { editor } = await openAndWaitForPublication(uri);
    const warnings = await waitForDiagnostics(uri, (all) => all.filter((d) => diagnosticCode(d) === 'group-tag-unknown').length === 2);
    const first = warnings.find((d) => diagnosticCode(d) === 'group-tag-unknown') as vscode.Diagnostic;
    assert.equal(first.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(first.range), 'SP001_STD01');

    const actions = (await codeActionsAt(uri, first.range)).filter((action) => action.kind?.value === 'quickfix');
    // No replacement is pre-selected for a tag that may be right: one Enter must not rewrite it.
    assert.deepEqual(
      actions.filter((action) => action.isPreferred).map((action) => action.title),
      [],
    );
    const add = actions.find((action) => action.title === 'Add "SP001_STD01" to autopilot.groupTags');
    assert.ok(add?.command, `the settings fix among: ${actions.map((action) => action.title).join(' | ')}`);
    // What VS Code runs when the user picks the action.
    await vscode.commands.executeCommand(add.command.command, ...((add.command.arguments ?? []) as unknown[]));

    await waitForDiagnostics(uri, (all) => !all.some((d) => diagnosticCode(d) === 'group-tag-unknown'));
    assert.deepEqual(configuration().inspect<string[]>('groupTags')?.workspaceFolderValue, ['SP001_STD01']);
    // In the folder's .vscode/settings.json, which the command line reads too.
    const settings = fs.readFileSync(vscode.Uri.joinPath(settingsFolder, 'settings.json').fsPath, 'utf8');
    assert.match(settings, /"autopilot\.groupTags": \[\s*"SP001_STD01"\s*\]/);
    await revertAndClose(editor.document);
    await configuration().update('onlyListedGroupTags', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
  });

  it("reports a misspelling of another workspace file's tag, naming that file", async () => {
    write('hamburg.csv', devicesTagged('Kiosk-Hamburg', 'Kiosk-Hamburg'));
    // The new file is found by the workspace's file watcher; the misspelling is reported once the tag is known.
    const uri = write('new-devices.csv', devicesTagged('Kiosk-Hambrug'));
    const { editor } = await openAndWaitForPublication(uri);
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => diagnosticCode(d) === 'group-tag-misspelled'));
    const misspelled = diagnostics.find((d) => diagnosticCode(d) === 'group-tag-misspelled') as vscode.Diagnostic;
    assert.match(misspelled.message, new RegExp(`"Kiosk-Hamburg" \\(used in ${FOLDER}/\\d+-hamburg\\.csv\\)`));
    await revertAndClose(editor.document);
  });
});
