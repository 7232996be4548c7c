// Extension entry: one output channel, the language client, and the commands. Everything is owned by
// context.subscriptions, so VS Code stops the server and disposes the commands on deactivation.
import * as vscode from 'vscode';
import { AutopilotDocuments } from './autopilotDocuments';
import { registerConvertCommands } from './commands/convertCommands';
import { registerFileCommands } from './commands/fileCommands';
import { registerPartnerCenterAccounts } from './commands/partnerCenterAccounts';
import { registerIntuneSignIn, registerSignInCommands } from './commands/signInCommands';
import { registerIntuneUploadCommand } from './commands/uploadToIntune';
import { registerUploadCommand, type UploadFeature } from './commands/uploadToPartnerCenter';
import { registerEditorView } from './editor/editorView';
import { registerDeviceTable } from './deviceTable/deviceTableEditor';
import { uploadResultsOf } from './deviceTable/uploadResults';
import { registerAddGroupTagsCommand } from './groupTags/addGroupTagsCommand';
import { KnownGroupTags } from './groupTags/knownGroupTags';
import { createLanguageClient, LanguageServer } from './languageClient';
import { deviceRowsFromServer } from './serverDeviceRows';
import { KnownGroupTagsNotification } from '../../server/src/protocol/extensionProtocol';
import { localeFromTag, useLocale } from '../../server/src/core/locale';

/** What the extension exports: upload results per document, each folder's customer batch names (group tags), and
 * whether the language server was started (only once an Autopilot document was open; the end-to-end tests ask). */
export interface AutopilotCsvApi {
  uploadResults: UploadFeature['results'];
  customerBatches: UploadFeature['customerBatches'];
  readonly languageServerStarted: boolean;
}

export function activate(context: vscode.ExtensionContext): AutopilotCsvApi {
  // The core's messages (conversions, upload results) in VS Code's display language; vscode.l10n has the rest.
  useLocale(localeFromTag(vscode.env.language));
  const log = vscode.window.createOutputChannel('Autopilot CSV', { log: true });
  context.subscriptions.push(log);
  // The upload feature is registered below; the client asks it only once a document is open.
  const uploads: { results?: UploadFeature['results'] } = {};
  const client = createLanguageClient(context, log, (uri) => (uploads.results?.resultsFor(uri).length ?? 0) > 0);
  context.subscriptions.push(client);
  const server = new LanguageServer(client, log);
  context.subscriptions.push(server);
  const documents = new AutopilotDocuments();
  context.subscriptions.push(documents);
  registerFileCommands(context, server, log, documents);
  const auth = registerSignInCommands(context, { log });
  registerPartnerCenterAccounts(context, auth);
  const intuneAuth = registerIntuneSignIn(context, { log });
  const validate = deviceRowsFromServer(server);
  const pickDocument = () => documents.pick('upload');
  const upload = registerUploadCommand(context, { log, validate, auth, intuneAuth, pickDocument });
  uploads.results = upload.results;
  registerIntuneUploadCommand(context, { log, validate, auth, intuneAuth, pickDocument }, upload);
  // Row summaries are asked for Autopilot documents only, whose opening starts the server.
  registerEditorView(context, client, server.running, log);
  registerConvertCommands(context, log);
  registerDeviceTable(context, {
    client,
    // Read when a table needs the server's rows: a table opened on a CSV the server has not seen yet starts it.
    get started() {
      return server.start();
    },
    log,
    uploads: uploadResultsOf(upload.results),
  });
  registerAddGroupTagsCommand(context, log);
  // The customer chosen for an upload from a folder: its batch names are known tags there.
  const tellServer = async (params: KnownGroupTagsNotification.Params) => {
    await server.running;
    await client.sendNotification(KnownGroupTagsNotification.method, params);
  };
  const knownTags = new KnownGroupTags(upload.customerBatches, tellServer, log);
  context.subscriptions.push(knownTags);
  // Only a running server checks tags: the workspace is scanned once it runs, not for every text file opened.
  void server.running.then(() => knownTags.start());
  if (!server.started) log.info('Activated; the language server starts when an Autopilot CSV file is open.');
  return {
    uploadResults: upload.results,
    customerBatches: upload.customerBatches,
    get languageServerStarted() {
      return server.started;
    },
  };
}
