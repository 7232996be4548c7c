// Commands on the open file that the server cannot do with text edits: fix-all, re-encoding, language switch; and
// the walkthrough's sample file.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DocumentEncodingNotification, FIX_ALL_KIND, LANGUAGE_ID } from '../../../server/src/protocol/extensionProtocol';
import type { AutopilotDocuments } from '../autopilotDocuments';
import { completeWalkthroughStep } from '../walkthroughSteps';

/** The sample the walkthrough opens: columns out of order and misspelled group tags, both fixed by Fix All. */
const SAMPLE = ['samples', 'broken-columns-and-tags.csv'];
const SAMPLE_TITLE = 'Autopilot sample';

/** `untitled:Autopilot sample.csv`, or `… 2.csv` and so on while that one is open (it may hold the user's edits). */
function unusedUntitledUri(title: string): vscode.Uri {
  for (let number = 1; ; number++) {
    const uri = vscode.Uri.from({ scheme: 'untitled', path: `${title}${number === 1 ? '' : ` ${number}`}.csv` });
    if (!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return uri;
  }
}

export function registerFileCommands(
  context: vscode.ExtensionContext,
  client: LanguageClient,
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
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        new vscode.Range(0, 0, editor.document.lineCount, 0),
        FIX_ALL_KIND,
      );
      const fixAll = actions?.find((action) => action.kind?.value === FIX_ALL_KIND);
      if (!fixAll) {
        void vscode.window.showInformationMessage('Nothing to fix automatically in this file.');
        return;
      }
      if (fixAll.edit && !(await vscode.workspace.applyEdit(fixAll.edit))) {
        void vscode.window.showWarningMessage('The fixes were not applied: the file changed meanwhile. Run Fix All again.');
        return;
      }
      if (fixAll.command) await vscode.commands.executeCommand(fixAll.command.command, ...((fixAll.command.arguments ?? []) as unknown[]));
      completeWalkthroughStep('fixed');
    }),
    vscode.commands.registerCommand('autopilot.saveAsUtf8', async (uriText?: string) => {
      const uri = uriText ? vscode.Uri.parse(uriText) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return;
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.workspace.fs.writeFile(uri, Buffer.from(document.getText(), 'utf8'));
        await client.sendNotification(DocumentEncodingNotification.method, { uri: uri.toString(), encoding: 'utf8' });
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) {
          await vscode.commands.executeCommand('workbench.action.files.revert');
        }
        log.info(`Re-saved ${uri.fsPath} as UTF-8 without BOM.`);
      } catch (error) {
        log.error(`Could not re-save ${uri.toString()} as UTF-8`, error);
        void vscode.window.showErrorMessage(
          `Could not re-save the file as UTF-8: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
    vscode.commands.registerCommand('autopilot.openSample', async () => {
      // A new, unsaved editor: trying the fixes must not change the extension's own copy.
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, ...SAMPLE));
        // Named (an untitled file is otherwise titled after its first characters: "Hardware Hash,Device Serial Number,Windo").
        const document = await vscode.workspace.openTextDocument(unusedUntitledUri(SAMPLE_TITLE));
        const editor = await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID), {
          preview: false,
        });
        await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), new TextDecoder().decode(bytes)));
      } catch (error) {
        log.error('Could not open the sample file', error);
        void vscode.window.showErrorMessage(`Could not open the sample file: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
    vscode.commands.registerCommand('autopilot.validateAsAutopilot', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (document) await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
    }),
  );
}
