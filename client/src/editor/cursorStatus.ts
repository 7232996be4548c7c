// The status bar names the column and the device under the cursor ("Group Tag · device 3 of 500"): with the hash
// cells collapsed and the header scrolled away, it says what the cursor is on.
import * as vscode from 'vscode';
import { cursorDescription } from './rowLookup';
import type { RowSummaryClient } from './rowSummaryClient';

export function registerCursorStatus(context: vscode.ExtensionContext, rows: RowSummaryClient): void {
  const item = vscode.window.createStatusBarItem('autopilot.cursor', vscode.StatusBarAlignment.Right, 200);
  item.name = 'Autopilot CSV: Column and Device';
  item.tooltip = 'Autopilot CSV: the column and the device under the cursor';
  const show = () => {
    const editor = vscode.window.activeTextEditor;
    // The last rows of the document, even of an older version: they say the column and device while the user types.
    const result = editor && rows.latest(editor.document);
    if (!editor || !result) {
      item.hide();
      return;
    }
    const position = editor.selection.active;
    item.text = cursorDescription(result, position, editor.document.lineAt(position.line).text);
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
