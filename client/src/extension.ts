// Extension entry: one output channel, the language client, and the commands. Everything is owned by
// context.subscriptions, so VS Code stops the server and disposes the commands on deactivation.
import * as vscode from 'vscode';
import { AutopilotDocuments } from './autopilotDocuments';
import { registerConvertCommands } from './commands/convertCommands';
import { registerFileCommands } from './commands/fileCommands';
import { registerIntuneSignIn, registerSignInCommands } from './commands/signInCommands';
import { registerIntuneUploadCommand } from './commands/uploadToIntune';
import { registerUploadCommand, type UploadFeature } from './commands/uploadToPartnerCenter';
import { registerEditorView } from './editor/editorView';
import { registerDeviceTable } from './deviceTable/deviceTableEditor';
import { uploadResultsOf } from './deviceTable/uploadResults';
import { registerAddGroupTagsCommand } from './groupTags/addGroupTagsCommand';
import { KnownGroupTags } from './groupTags/knownGroupTags';
import { createLanguageClient } from './languageClient';
import { deviceRowsFromServer } from './serverDeviceRows';
import { KnownGroupTagsNotification } from '../../server/src/protocol/extensionProtocol';

/** What the extension exports: upload results per document, and each folder's customer batch names (group tags). */
export interface AutopilotCsvApi {
  uploadResults: UploadFeature['results'];
  customerBatches: UploadFeature['customerBatches'];
}

export async function activate(context: vscode.ExtensionContext): Promise<AutopilotCsvApi> {
  const log = vscode.window.createOutputChannel('Autopilot CSV', { log: true });
  context.subscriptions.push(log);
  const client = createLanguageClient(context, log);
  context.subscriptions.push(client);
  const started = client.start();
  const documents = new AutopilotDocuments();
  context.subscriptions.push(documents);
  registerFileCommands(context, client, log, documents);
  const auth = registerSignInCommands(context, { log });
  const intuneAuth = registerIntuneSignIn(context, { log });
  const validate = deviceRowsFromServer(client, started);
  const upload = registerUploadCommand(context, { log, validate, auth, intuneAuth, pickDocument: () => documents.pick('upload') });
  registerIntuneUploadCommand(context, { log, validate, auth, intuneAuth, pickDocument: () => documents.pick('upload') }, upload);
  registerEditorView(context, client, started, log);
  registerConvertCommands(context, log);
  registerDeviceTable(context, { client, started, log, uploads: uploadResultsOf(upload.results) });
  registerAddGroupTagsCommand(context, log);
  // The customer chosen for an upload from a folder: its batch names are known tags there.
  const tellServer = async (params: KnownGroupTagsNotification.Params) => {
    await started;
    await client.sendNotification(KnownGroupTagsNotification.method, params);
  };
  const knownTags = new KnownGroupTags(upload.customerBatches, tellServer, log);
  context.subscriptions.push(knownTags);
  try {
    await started;
    void knownTags.start();
  } catch (error) {
    log.error('The Autopilot CSV language server did not start', error);
    void vscode.window.showErrorMessage('Autopilot CSV: the language server did not start. See the "Autopilot CSV" output for details.');
  }
  return { uploadResults: upload.results, customerBatches: upload.customerBatches };
}
