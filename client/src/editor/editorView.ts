// What the text editor shows of an Autopilot file besides the language server's diagnostics, lenses and colours:
// hash cells collapsed to a label, and the column and device under the cursor in the status bar.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCursorStatus } from './cursorStatus';
import { registerHashCells } from './hashCells';
import { RowSummaryClient } from './rowSummaryClient';

export function registerEditorView(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  started: Promise<void>,
  log: vscode.LogOutputChannel,
): void {
  const rows = new RowSummaryClient(client, started, log);
  context.subscriptions.push(rows);
  registerHashCells(context, rows);
  registerCursorStatus(context, rows);
}
