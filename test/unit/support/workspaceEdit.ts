// Applies a WorkspaceEdit from the language server to a document's text, the way an editor would: plain
// `changes` or versioned `documentChanges` (refused when the version does not match).
import type { Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';

export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined, version?: number): string {
  if (!edit) throw new Error('the action carries no edit');
  const edits: TextEdit[] = [];
  if (edit.changes) edits.push(...(edit.changes[uri] ?? []));
  for (const change of edit.documentChanges ?? []) {
    if (!('textDocument' in change)) throw new Error(`unexpected resource operation ${JSON.stringify(change)}`);
    if (change.textDocument.uri !== uri) continue;
    if (version !== undefined && change.textDocument.version !== null && change.textDocument.version !== version) {
      throw new Error(`edit for version ${change.textDocument.version}, document is at ${version}`);
    }
    edits.push(...change.edits.filter((item): item is TextEdit => 'range' in item));
  }
  if (edits.length === 0) throw new Error(`no edits for ${uri}`);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') continue;
    if (text[i] === '\n' || text[i] === '\r') lineStarts.push(i + 1);
  }
  const offset = (position: Position) => (lineStarts[position.line] ?? text.length) + position.character;
  const sorted = edits
    .map((item) => ({ start: offset(item.range.start), end: offset(item.range.end), newText: item.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const item of sorted) {
    if (item.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, item.start) + item.newText + result.slice(item.end);
    limit = item.start;
  }
  return result;
}
