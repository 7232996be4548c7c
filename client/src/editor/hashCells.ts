// Hash cells shown as a short label (`⟨HP EliteBook 840 G8 ✓ 4000⟩`) instead of their 4,000 characters, so the serial,
// Product ID and group tag of every row fit on screen. Only the view changes: copy, find and edits see the text.
//
// VS Code has no API that hides part of a line (folding is by line): the cell's text is hidden by CSS injected
// through a decoration's `textDecoration`, and the label is a `before` decoration, which also makes VS Code measure
// the line in the DOM rather than compute positions from character counts, so the cursor after a cell lands right
// (research and measurements: docs/architecture.md, "Collapsed hash cells"). A cell shows in full while a cursor is
// in it, both ends included: the caret is not drawn inside hidden text, and a click on a label puts it at the end.
import * as vscode from 'vscode';
import type { HashVerdict } from '../../../server/src/core/hashSummary';
import { SETTINGS_SECTION } from '../../../server/src/protocol/extensionProtocol';
import type { RowSummariesRequest } from '../../../server/src/protocol/extensionProtocol';
import { expandedRows, hashCellRange, sameCollapsedCells } from './rowLookup';
import type { RowSummaryClient } from './rowSummaryClient';

const COLLAPSE_SETTING = 'editor.collapseHashes';

/** What the user chose for one document with the commands. */
interface DocumentChoice {
  /** Set by "Toggle Collapsed Hash Cells"; the setting decides until then. */
  collapsed?: boolean;
  /** The line whose hash cell "Expand Hash Cell" opened: it stays open while the cursor is on that line. */
  expandedLine?: number;
}

/** What an editor shows, to skip setting the same decorations again on every cursor move. */
interface Shown {
  result: RowSummariesRequest.Result;
  collapsing: boolean;
  expanded: Set<number>;
}

const LABEL_COLORS: Record<HashVerdict, string> = {
  intact: 'editorInlayHint.foreground',
  attention: 'editorWarning.foreground',
  damaged: 'editorError.foreground',
};

export function registerHashCells(context: vscode.ExtensionContext, rows: RowSummaryClient): void {
  const cells = new HashCells(rows);
  context.subscriptions.push(
    cells,
    vscode.commands.registerCommand('autopilot.toggleHashCells', () => cells.toggle(vscode.window.activeTextEditor)),
    vscode.commands.registerCommand('autopilot.expandHashCell', (args?: { uri?: string; line?: number }) => cells.expand(args)),
  );
}

class HashCells implements vscode.Disposable {
  /** Created once: VS Code adds a CSS rule per decoration type (and per distinct label). */
  private readonly types: Record<HashVerdict, vscode.TextEditorDecorationType>;
  private readonly choices = new Map<string, DocumentChoice>();
  private readonly shown = new WeakMap<vscode.TextEditor, Shown>();
  /** Documents where an edit added or removed lines since their decorations were set: they are set again. */
  private readonly linesChanged = new Set<vscode.TextDocument>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly rows: RowSummaryClient) {
    const type = (verdict: HashVerdict) =>
      vscode.window.createTextEditorDecorationType({
        // Unsupported CSS injection (the value is written into a CSS rule as it is); the setting turns it off.
        textDecoration: 'none; display: none;',
        // Text typed at a cell's edges is not taken into the hidden range.
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        before: {
          color: new vscode.ThemeColor(LABEL_COLORS[verdict]),
          backgroundColor: new vscode.ThemeColor('editorInlayHint.background'),
          margin: '0 1px',
        },
      });
    this.types = { intact: type('intact'), attention: type('attention'), damaged: type('damaged') };
    this.subscriptions = [
      ...Object.values(this.types),
      rows.onDidChange((document) => this.updateEditorsOf(document)),
      vscode.window.onDidChangeTextEditorSelection((event) => this.update(event.textEditor)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.update(editor))),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${SETTINGS_SECTION}.${COLLAPSE_SETTING}`)) return;
        for (const editor of vscode.window.visibleTextEditors) this.update(editor);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.some((change) => !change.range.isSingleLine || /[\r\n]/.test(change.text))) {
          this.linesChanged.add(event.document);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.choices.delete(document.uri.toString());
        this.linesChanged.delete(document);
      }),
    ];
  }

  toggle(editor: vscode.TextEditor | undefined): void {
    if (!editor) return;
    const choice = this.choiceFor(editor.document);
    choice.collapsed = !this.isCollapsing(editor.document);
    this.updateEditorsOf(editor.document);
  }

  /** Shows the hash cell of a row in full: the given line of the given document, else the active editor's cursor line. */
  expand(args: { uri?: string; line?: number } = {}): void {
    const editor = args.uri
      ? vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === args.uri)
      : vscode.window.activeTextEditor;
    if (!editor) return;
    const line = args.line ?? editor.selection.active.line;
    const result = this.rows.latest(editor.document);
    if (!result?.rows.some((row) => row.line === line && row.hash)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Line {0} has no hardware hash to expand.', line + 1));
      return;
    }
    this.choiceFor(editor.document).expandedLine = line;
    this.updateEditorsOf(editor.document);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private choiceFor(document: vscode.TextDocument): DocumentChoice {
    const key = document.uri.toString();
    let choice = this.choices.get(key);
    if (!choice) {
      choice = {};
      this.choices.set(key, choice);
    }
    return choice;
  }

  private isCollapsing(document: vscode.TextDocument): boolean {
    return (
      this.choices.get(document.uri.toString())?.collapsed ??
      vscode.workspace.getConfiguration(SETTINGS_SECTION, document).get<boolean>(COLLAPSE_SETTING, true)
    );
  }

  private updateEditorsOf(document: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.update(editor);
  }

  private update(editor: vscode.TextEditor): void {
    // While the rows are of an older version, VS Code keeps the decorations on the text they were on.
    const result = this.rows.current(editor.document);
    if (!result) return;
    const choice = this.choices.get(editor.document.uri.toString());
    if (choice?.expandedLine !== undefined && !editor.selections.some((selection) => selection.active.line === choice.expandedLine)) {
      choice.expandedLine = undefined;
    }
    const collapsing = this.isCollapsing(editor.document);
    const expanded = collapsing ? expandedRows(result.rows, editor.selections, choice?.expandedLine) : new Set<number>();
    const before = this.shown.get(editor);
    if (before && before.collapsing === collapsing && sameSet(before.expanded, expanded)) {
      if (before.result === result) return;
      // A keystroke in a tag or a serial: VS Code moved the decorations with the text, and setting 5,000 of them
      // again would cost the extension host and the workbench more than the keystroke itself.
      if (!this.linesChanged.has(editor.document) && sameCollapsedCells(before.result, result)) {
        this.shown.set(editor, { result, collapsing, expanded });
        return;
      }
    }

    const decorations: Record<HashVerdict, vscode.DecorationOptions[]> = { intact: [], attention: [], damaged: [] };
    if (collapsing) {
      result.rows.forEach((row, index) => {
        const cell = hashCellRange(row);
        const summary = row.hash && result.summaries[row.hash.summary];
        if (!cell || !summary || expanded.has(index)) return;
        decorations[summary.verdict].push({
          range: new vscode.Range(cell.start.line, cell.start.character, cell.end.line, cell.end.character),
          renderOptions: { before: { contentText: summary.label } },
        });
      });
    }
    for (const verdict of Object.keys(decorations) as HashVerdict[]) editor.setDecorations(this.types[verdict], decorations[verdict]);
    this.shown.set(editor, { result, collapsing, expanded });
    if (vscode.window.visibleTextEditors.every((other) => other.document !== editor.document || this.shown.get(other)?.result === result)) {
      this.linesChanged.delete(editor.document);
    }

    // A cell collapsed while the view was scrolled right into it leaves every row looking blank: bring the cursor
    // back into view (VS Code widens the scroll area for long lines but never narrows it on its own).
    const collapsed = before && ((!before.collapsing && collapsing) || [...before.expanded].some((index) => !expanded.has(index)));
    if (collapsed) editor.revealRange(new vscode.Range(editor.selection.active, editor.selection.active));
  }
}

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}
