// The status bar names the column and the device under the cursor ("Group Tag · device 3 of 500"): with the hash
// cells collapsed and the header scrolled away, it says what the cursor is on.
import * as vscode from 'vscode';
import { cursorDescription, type CursorWords } from './rowLookup';
import type { RowSummaryClient } from './rowSummaryClient';

export function registerCursorStatus(context: vscode.ExtensionContext, rows: RowSummaryClient): void {
  const item = vscode.window.createStatusBarItem('autopilot.cursor', vscode.StatusBarAlignment.Right, 200);
  item.name = vscode.l10n.t('Autopilot CSV: Column and Device');
  item.tooltip = vscode.l10n.t('Autopilot CSV: the column and the device under the cursor');
  const words = cursorWords();
  const show = () => {
    const editor = vscode.window.activeTextEditor;
    // The last rows of the document, even of an older version: they say the column and device while the user types.
    const result = editor && rows.latest(editor.document);
    if (!editor || !result) {
      item.hide();
      return;
    }
    const position = editor.selection.active;
    item.text = cursorDescription(result, position, editor.document.lineAt(position.line).text, words);
    item.show();
  };
  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(show),
    vscode.window.onDidChangeTextEditorSelection((event) => {
      if (event.textEditor === vscode.window.activeTextEditor) show();
    }),
    rows.onDidChange((document) => {
      if (document === vscode.window.activeTextEditor?.document) show();
    }),
  );
  show();
}

/** The status bar's words in the display language; a column named in the header keeps the file's own name. */
export function cursorWords(): CursorWords {
  return {
    emptyLine: vscode.l10n.t('Empty line'),
    unnamedColumn: (column) => vscode.l10n.t('Column {0}', column),
    header: (column) => vscode.l10n.t('{0} · header', column),
    device: (column, device, devices) => vscode.l10n.t('{0} · device {1} of {2}', column, device, devices),
    notDevice: (column) => vscode.l10n.t('{0} · not a device', column),
  };
}
