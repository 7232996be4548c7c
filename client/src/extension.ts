// Extension entry: one output channel, the language client, and the commands. Everything is owned by
// context.subscriptions, so VS Code stops the server and disposes the commands on deactivation.
import * as vscode from 'vscode';
import { registerConvertCommands } from './commands/convertCommands';
import { registerFileCommands } from './commands/fileCommands';
import { registerSignInCommands } from './commands/signInCommands';
import { registerUploadCommand } from './commands/uploadToPartnerCenter';
import { registerAddGroupTagsCommand } from './groupTags/addGroupTagsCommand';
import { KnownGroupTags } from './groupTags/knownGroupTags';
import { createLanguageClient, LanguageServer } from './languageClient';
import { deviceRowsFromServer } from './serverDeviceRows';
import { KnownGroupTagsNotification } from '../../server/src/protocol/extensionProtocol';

/** What the extension tells other code (the end-to-end tests) about itself. */
export interface AutopilotCsvApi {
  /** Whether the language server was started: only once an Autopilot document was open. */
  readonly languageServerStarted: boolean;
}

export function activate(context: vscode.ExtensionContext): AutopilotCsvApi {
  const log = vscode.window.createOutputChannel('Autopilot CSV', { log: true });
  context.subscriptions.push(log);
  const client = createLanguageClient(context, log);
  context.subscriptions.push(client);
  const server = new LanguageServer(client, log);
  context.subscriptions.push(server);
  registerFileCommands(context, server, log);
  const auth = registerSignInCommands(context, { log });
  registerUploadCommand(context, { log, validate: deviceRowsFromServer(server), auth });
  registerConvertCommands(context, log);
  registerAddGroupTagsCommand(context, log);
  // The upload tells it a chosen customer's batch names: knownTags.setCustomerBatchNames(folder, customer, names).
  const tellServer = async (params: KnownGroupTagsNotification.Params) => {
    await server.running;
    await client.sendNotification(KnownGroupTagsNotification.method, params);
  };
  const knownTags = new KnownGroupTags(context.workspaceState, tellServer, log);
  context.subscriptions.push(knownTags);
  // Only a running server checks tags: the workspace is scanned once it runs, not for every text file opened.
  void server.running.then(() => knownTags.start());
  if (!server.started) log.info('Activated; the language server starts when an Autopilot CSV file is open.');
  return {
    get languageServerStarted() {
      return server.started;
    },
  };
}
