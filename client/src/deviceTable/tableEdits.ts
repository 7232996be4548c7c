// The device table's changes to the document, as one WorkspaceEdit each: the document turns dirty, and Undo in the
// table or the text editor takes the change back in one step. A change made for a version of the text the
// document has left is refused unless its cells still hold what the table showed.
import * as vscode from 'vscode';
import type { CellEdit, DocumentSpan } from '../../webview/deviceTable/tableMessages';
import { invalidCellValue } from '../../webview/deviceTable/tableModel';
import { cellValueProblemText } from './tableTranslations';

/** How many changes were made, or why none was (in words for the user). */
export type EditOutcome = { applied: number } | { refused: string };

const stale = (): EditOutcome => ({
  refused: vscode.l10n.t('The file changed while you edited it. The table is up to date again: try once more.'),
});

export async function applyCellEdits(document: vscode.TextDocument, version: number, edits: readonly CellEdit[]): Promise<EditOutcome> {
  const workspaceEdit = new vscode.WorkspaceEdit();
  let count = 0;
  for (const edit of edits) {
    const value = edit.newValue.trim();
    const invalid = invalidCellValue(value, ',');
    if (invalid) return { refused: cellValueProblemText(invalid) };
    if (value === edit.oldValue) continue;
    const { target } = edit;
    if (target.kind === 'replace') {
      const range = toRange(target.span);
      if (document.version !== version && document.getText(range).trim() !== edit.oldValue) return stale();
      workspaceEdit.replace(document.uri, range, value);
    } else {
      if (document.version !== version) return stale();
      workspaceEdit.insert(document.uri, new vscode.Position(target.at[0], target.at[1]), target.prefix + value);
    }
    count++;
  }
  return apply(workspaceEdit, count);
}

/** Deletes whole rows with their line breaks (a last row without one takes the line break before it). */
export async function deleteRows(
  document: vscode.TextDocument,
  version: number,
  rows: readonly { line: number; lastLine: number }[],
): Promise<EditOutcome> {
  if (document.version !== version) return stale();
  const sorted = [...rows].sort((a, b) => a.line - b.line);
  // Adjacent rows become one range: one deletion per block of rows.
  const merged: { line: number; lastLine: number }[] = [];
  for (const row of sorted) {
    const last = merged[merged.length - 1];
    if (last && row.line <= last.lastLine + 1) last.lastLine = Math.max(last.lastLine, row.lastLine);
    else merged.push({ ...row });
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const { line, lastLine } of merged) {
    if (lastLine + 1 < document.lineCount) {
      workspaceEdit.delete(document.uri, new vscode.Range(line, 0, lastLine + 1, 0));
    } else {
      const start = line > 0 ? document.lineAt(line - 1).range.end : new vscode.Position(0, 0);
      workspaceEdit.delete(document.uri, new vscode.Range(start, document.lineAt(lastLine).range.end));
    }
  }
  return apply(workspaceEdit, rows.length);
}

export async function applyTextEdits(
  document: vscode.TextDocument,
  edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): Promise<EditOutcome> {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const { range, newText } of edits) {
    workspaceEdit.replace(
      document.uri,
      new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
      newText,
    );
  }
  return apply(workspaceEdit, edits.length);
}

async function apply(workspaceEdit: vscode.WorkspaceEdit, count: number): Promise<EditOutcome> {
  if (count === 0) return { applied: 0 };
  return (await vscode.workspace.applyEdit(workspaceEdit))
    ? { applied: count }
    : { refused: vscode.l10n.t('VS Code did not apply the change.') };
}

export function toRange(span: DocumentSpan): vscode.Range {
  return new vscode.Range(span[0], span[1], span[2], span[3]);
}
