// Which file a command acts on when it is run from outside one: the walkthrough's Fix All and Upload buttons, or
// the Command Palette while another editor is active. The active editor's file when it is an Autopilot file, else
// the Autopilot file active last, else the only one open, else the one the user picks.
import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../../server/src/protocol/extensionProtocol';
import { isAutopilotHeader } from './serverNeed';
import { completeWalkthroughStep } from './walkthroughSteps';

/** An Autopilot CSV document, or a CSV file whose header is an Autopilot header (what the server checks). */
export function isAutopilotDocument(document: vscode.TextDocument): boolean {
  if (document.languageId === LANGUAGE_ID) return true;
  if (!/\.csv$/i.test(document.uri.path) || document.lineCount === 0) return false;
  return isAutopilotHeader(document.lineAt(0).text);
}

export class AutopilotDocuments implements vscode.Disposable {
  private lastActive: vscode.TextDocument | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.note(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => this.note(editor));
  }

  /**
   * The document to act on, `toDo` saying what for; undefined when none is open (the user is told how to open one)
   * or the user cancelled the pick.
   */
  async pick(toDo: 'fix' | 'upload'): Promise<vscode.TextDocument | undefined> {
    const active = vscode.window.activeTextEditor?.document;
    if (active && isAutopilotDocument(active)) return active;
    const open = await openAutopilotDocuments();
    const last = this.lastActive && open.find((document) => document === this.lastActive);
    if (last) return last;
    if (open.length === 1) return open[0];
    if (open.length > 1) {
      const picked = await vscode.window.showQuickPick(
        open.map((document) => ({ label: vscode.workspace.asRelativePath(document.uri), document })),
        {
          placeHolder:
            toDo === 'fix' ? vscode.l10n.t('Which Autopilot CSV file to fix?') : vscode.l10n.t('Which Autopilot CSV file to upload?'),
        },
      );
      return picked?.document;
    }
    const openFile = vscode.l10n.t('Open File…');
    const sample = vscode.l10n.t('Try the Sample');
    const message =
      toDo === 'fix' ? vscode.l10n.t('Open an Autopilot CSV file to fix it.') : vscode.l10n.t('Open an Autopilot CSV file to upload it.');
    const choice = await vscode.window.showInformationMessage(message, openFile, sample);
    if (choice === openFile) await vscode.commands.executeCommand('workbench.action.files.openFile');
    if (choice === sample) await vscode.commands.executeCommand('autopilot.openSample');
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private note(editor: vscode.TextEditor | undefined): void {
    if (!editor || !isAutopilotDocument(editor.document)) return;
    this.lastActive = editor.document;
    completeWalkthroughStep('opened');
  }
}

/** The Autopilot documents open in an editor tab (a document whose tab was closed may linger in `textDocuments`). */
async function openAutopilotDocuments(): Promise<vscode.TextDocument[]> {
  const uris = new Map<string, vscode.Uri>();
  for (const tab of vscode.window.tabGroups.all.flatMap((group) => group.tabs)) {
    if (tab.input instanceof vscode.TabInputText) uris.set(tab.input.uri.toString(), tab.input.uri);
  }
  const documents: vscode.TextDocument[] = [];
  for (const uri of uris.values()) {
    const loaded = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (!loaded && !/\.csv$/i.test(uri.path)) continue;
    try {
      const document = loaded ?? (await vscode.workspace.openTextDocument(uri));
      if (isAutopilotDocument(document)) documents.push(document);
    } catch {
      // A tab of a file deleted meanwhile.
    }
  }
  return documents;
}
