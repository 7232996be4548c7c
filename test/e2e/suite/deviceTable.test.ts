// The device table's side in the extension host: the command opens the custom editor on the file, and the table's
// changes become WorkspaceEdits on the real document (one undo step each, refused when the text moved under them).
// The page itself is driven in the workbench by test/e2e/deviceTableCheck.mjs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyCellEdits, deleteRows } from '../../../client/src/deviceTable/tableEdits';
import { uploadResultsOf } from '../../../client/src/deviceTable/uploadResults';
import type { RowResult } from '../../../client/src/upload/uploadResultsView';
import { activateExtension, fixtureUri, openFixture } from './helpers';

const HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag';
const AUTOPILOT = 'Sales-Berlin';
const KIOSK = 'Kiosk-Munich';

async function openText(lines: string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'autopilot-csv', content: lines.join('\n') });
  return vscode.window.showTextDocument(document, { preview: false });
}

async function closeActive(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** The span of `value` on `line` of the document: `[line, start, line, end]`. */
function spanOf(document: vscode.TextDocument, line: number, value: string): [number, number, number, number] {
  const start = document.lineAt(line).text.indexOf(value);
  assert.ok(start >= 0, `"${value}" on line ${line}`);
  return [line, start, line, start + value.length];
}

describe('device table', () => {
  before(async () => {
    await activateExtension();
  });

  it('"Open Device Table" opens the active file in the table, a custom editor of the same file', async () => {
    const editor = await openFixture('devices.csv');
    await vscode.commands.executeCommand('autopilot.openDeviceTable');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom, 'a custom editor');
    assert.equal(tab.input.viewType, 'autopilot-csv.deviceTable');
    assert.equal(tab.input.uri.toString(), editor.document.uri.toString());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('replaces a cell in place, and one Undo brings back both cells of a two-row change', async () => {
    const editor = await openText([HEADER, `SER1,,hash1,${AUTOPILOT}`, `SER2,,hash2,${AUTOPILOT}`, '']);
    const { document } = editor;
    const before = document.getText();
    const outcome = await applyCellEdits(document, document.version, [
      {
        line: 1,
        role: 'groupTag',
        target: { kind: 'replace', span: spanOf(document, 1, AUTOPILOT) },
        oldValue: AUTOPILOT,
        newValue: KIOSK,
      },
      {
        line: 2,
        role: 'groupTag',
        target: { kind: 'replace', span: spanOf(document, 2, AUTOPILOT) },
        oldValue: AUTOPILOT,
        newValue: ` ${KIOSK} `,
      },
    ]);
    assert.deepEqual(outcome, { applied: 2 });
    assert.equal(document.getText(), [HEADER, `SER1,,hash1,${KIOSK}`, `SER2,,hash2,${KIOSK}`, ''].join('\n'));
    assert.equal(document.isDirty, true);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before);
    await closeActive();
  });

  it('refuses a change made for an older text whose cell no longer holds the value, and takes it while it does', async () => {
    const editor = await openText([HEADER, `SER1,,hash1,${AUTOPILOT}`, '']);
    const { document } = editor;
    const seen = document.version;
    const span = spanOf(document, 1, AUTOPILOT);
    await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), 'X'));
    const stale = await applyCellEdits(document, seen, [
      { line: 1, role: 'groupTag', target: { kind: 'replace', span }, oldValue: AUTOPILOT, newValue: KIOSK },
    ]);
    assert.ok('refused' in stale && /changed/.test(stale.refused), JSON.stringify(stale));
    assert.equal(document.lineAt(1).text, `XSER1,,hash1,${AUTOPILOT}`);
    // An edit elsewhere on the line (after the cell) leaves the cell where the table saw it.
    await editor.edit((builder) => builder.delete(new vscode.Range(1, 0, 1, 1)));
    await editor.edit((builder) => builder.insert(document.lineAt(1).range.end, ' '));
    const still = await applyCellEdits(document, seen, [
      { line: 1, role: 'groupTag', target: { kind: 'replace', span }, oldValue: AUTOPILOT, newValue: KIOSK },
    ]);
    assert.deepEqual(still, { applied: 1 });
    assert.equal(document.lineAt(1).text, `SER1,,hash1,${KIOSK} `);
    await closeActive();
  });

  it('appends the cell a short row lacks, and refuses what an Autopilot CSV cannot hold', async () => {
    const editor = await openText([HEADER, 'SER1,,hash1', '']);
    const { document } = editor;
    const at: [number, number] = [1, document.lineAt(1).text.length];
    const appended = await applyCellEdits(document, document.version, [
      { line: 1, role: 'groupTag', target: { kind: 'append', at, prefix: ',' }, oldValue: '', newValue: KIOSK },
    ]);
    assert.deepEqual(appended, { applied: 1 });
    assert.equal(document.lineAt(1).text, `SER1,,hash1,${KIOSK}`);
    const comma = await applyCellEdits(document, document.version, [
      { line: 1, role: 'groupTag', target: { kind: 'replace', span: spanOf(document, 1, KIOSK) }, oldValue: KIOSK, newValue: 'a,b' },
    ]);
    assert.ok('refused' in comma && /comma/.test(comma.refused));
    assert.equal(document.lineAt(1).text, `SER1,,hash1,${KIOSK}`);
    await closeActive();
  });

  it('deletes rows with their line breaks, the last row without one too, in one undoable edit', async () => {
    const lines = [HEADER, 'A,,h', 'B,,h', 'C,,h', 'D,,h', 'E,,h'];
    const editor = await openText(lines);
    const { document } = editor;
    const outcome = await deleteRows(document, document.version, [
      { line: 2, lastLine: 2 },
      { line: 1, lastLine: 1 },
      { line: 5, lastLine: 5 },
    ]);
    assert.deepEqual(outcome, { applied: 3 });
    assert.equal(document.getText(), [HEADER, 'C,,h', 'D,,h'].join('\n'));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), lines.join('\n'));
    const stale = await deleteRows(document, document.version - 1, [{ line: 1, lastLine: 1 }]);
    assert.ok('refused' in stale);
    await closeActive();
  });

  it("reads each row's result of the last upload from the upload's results, in the words of its Problems entry", async () => {
    const uri = fixtureUri('devices.csv');
    const changes = new vscode.EventEmitter<vscode.Uri>();
    const upload = {
      destination: { service: 'Partner Center', customerName: 'Contoso', tenantId: 'tenant-1' },
      uploadedAt: '2026-12-01T10:00:00Z',
      customerId: 'customer-1',
    };
    const rows: RowResult[] = [
      { line: 2, upload, result: { status: 'rejected', errorCode: '808', errorDescription: 'ZtdDeviceAssignedToOtherTenant' } as never },
      { line: 4, upload, result: { status: 'registered', batchName: 'Contoso_Std' } as never },
    ];
    const source = uploadResultsOf({ resultsFor: () => rows, onDidChangeResults: changes.event });
    const changed = new Promise<readonly vscode.Uri[]>((resolve) => source.onDidChange(resolve));
    changes.fire(uri);
    assert.deepEqual((await changed).map(String), [uri.toString()]);
    const results = source.resultsFor(uri);
    assert.deepEqual(
      results.map(({ line, status }) => [line, status]),
      [
        [2, 'rejected'],
        [4, 'registered'],
      ],
    );
    assert.match(results[0]?.message ?? '', /^Partner Center rejected this device: 808 ZtdDeviceAssignedToOtherTenant\./);
    assert.match(results[1]?.message ?? '', /^Registered to Contoso \(tenant tenant-1\) in Partner Center, batch "Contoso_Std"/);
    changes.dispose();
  });
});
