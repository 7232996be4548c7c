// Commands on the open file that the server cannot do with text edits: fix-all, re-encoding, language switch; and
// the walkthrough's sample file.
import * as vscode from 'vscode';
import {
  ClientCommands,
  DocumentEncodingNotification,
  FIX_ALL_KIND,
  LANGUAGE_ID,
  SOURCE,
} from '../../../server/src/protocol/extensionProtocol';
import type { AutopilotDocuments } from '../autopilotDocuments';
import type { LanguageServer } from '../languageClient';
import { completeWalkthroughStep } from '../walkthroughSteps';

/** The sample the walkthrough opens: columns out of order and misspelled group tags, both fixed by Fix All. */
const SAMPLE = ['samples', 'broken-columns-and-tags.csv'];

/** `untitled:Autopilot sample.csv`, or `… 2.csv` and so on while that one is open (it may hold the user's edits). */
function unusedUntitledUri(title: string): vscode.Uri {
  for (let number = 1; ; number++) {
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `${title}${number === 1 ? '' : ` ${number}`}.csv` });
    if (!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return uri;
  }
}

/** Whether the server reports `code` on the document (diagnostic codes come with a link: `{ value, target }`). */
function hasDiagnostic(uri: vscode.Uri, code: string): boolean {
  return vscode.languages
    .getDiagnostics(uri)
    .some(
      (diagnostic) =>
        diagnostic.source === SOURCE && (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) === code,
    );
}

/**
 * Asks, without waiting for the answer, whether to write the file as UTF-8 without byte-order mark now; `saved` runs
 * once it is.
 */
function offerSaveAsUtf8(uri: vscode.Uri, fixed: boolean, saved: () => void): void {
  const save = vscode.l10n.t('Save as UTF-8 without BOM');
  const message = fixed
    ? vscode.l10n.t(
        'The fixes are made in the editor, not yet saved (Undo takes them back). The byte-order mark goes only when the file is saved as UTF-8 without BOM: save it that way now?',
      )
    : vscode.l10n.t('The byte-order mark goes only when the file is saved as UTF-8 without BOM: save it that way now?');
  void vscode.window.showInformationMessage(message, save).then(async (answer) => {
    if (answer !== save) return;
    if (await vscode.commands.executeCommand<boolean>(ClientCommands.saveAsUtf8, uri.toString())) saved();
  });
}

export function registerFileCommands(
  context: vscode.ExtensionContext,
  server: LanguageServer,
  log: vscode.LogOutputChannel,
  documents: AutopilotDocuments,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('autopilot.fixAll', async () => {
      // From the walkthrough no text editor is active: the file active last, shown beside it so the user sees the fixes.
      const document = await documents.pick('fix');
      if (!document) return;
      const editor =
        vscode.window.visibleTextEditors.find((visible) => visible.document === document) ??
        (await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true, viewColumn: vscode.ViewColumn.Beside }));
      // The fixes come from the server: asked on a CSV it has not seen yet, it starts (and says when there is none).
      await server.start(editor.document);
      const { uri } = editor.document;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        FIX_ALL_KIND,
      );
      const fixAll = actions?.find((action) => action.kind?.value === FIX_ALL_KIND);
      // The byte-order mark is no text: removing it means writing the file, which only the user decides.
      const byteOrderMark = hasDiagnostic(uri, 'encoding-bom');
      if (!fixAll?.edit && !byteOrderMark) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to fix automatically in this file.'));
        return;
      }
      // An ordinary edit: the file is dirty until the user saves it, and Undo takes the fixes back.
      if (fixAll?.edit && !(await vscode.workspace.applyEdit(fixAll.edit))) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The fixes were not applied: the file changed meanwhile. Run Fix All again.'));
        return;
      }
      if (fixAll?.edit) completeWalkthroughStep('fixed');
      if (byteOrderMark) offerSaveAsUtf8(uri, fixAll?.edit !== undefined, () => completeWalkthroughStep('fixed'));
    }),
    // Resolves to whether the file was written.
    vscode.commands.registerCommand('autopilot.saveAsUtf8', async (uriText?: string): Promise<boolean> => {
      const uri = uriText ? vscode.Uri.parse(uriText) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return false;
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.workspace.fs.writeFile(uri, Buffer.from(document.getText(), 'utf8'));
        await server.start(document);
        await server.client.sendNotification(DocumentEncodingNotification.method, { uri: uri.toString(), encoding: 'utf8' });
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) {
          await vscode.commands.executeCommand('workbench.action.files.revert');
        }
        log.info(`Re-saved ${uri.fsPath} as UTF-8 without BOM.`);
        return true;
      } catch (error) {
        log.error(`Could not re-save ${uri.toString()} as UTF-8`, error);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Could not re-save the file as UTF-8: {0}', error instanceof Error ? error.message : String(error)),
        );
        return false;
      }
    }),
    vscode.commands.registerCommand('autopilot.openSample', async () => {
      // A new, unsaved editor: trying the fixes must not change the extension's own copy.
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, ...SAMPLE));
        // Named (an untitled file is otherwise titled after its first characters: "Hardware Hash,Device Serial Number,Windo").
        const document = await vscode.workspace.openTextDocument(unusedUntitledUri(vscode.l10n.t('Autopilot sample')));
        // The text first, then the language, then the editor: the language server and the editor meet the file
        // whole, once, instead of an empty Autopilot file that a large insert then changes.
        const fill = new vscode.WorkspaceEdit();
        fill.insert(document.uri, new vscode.Position(0, 0), new TextDecoder().decode(bytes));
        if (!(await vscode.workspace.applyEdit(fill))) throw new Error(vscode.l10n.t('the new file could not be filled'));
        await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID), { preview: false });
      } catch (error) {
        log.error('Could not open the sample file', error);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Could not open the sample file: {0}', error instanceof Error ? error.message : String(error)),
        );
      }
    }),
    vscode.commands.registerCommand('autopilot.validateAsAutopilot', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (document) await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    }),
  );
}
