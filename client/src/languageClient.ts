// Starts the bundled language server and tells it which encoding each document was opened with.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { decodeBytes, encodingFromEditorName } from '../../server/src/core/textCodec';
import type { Encoding } from '../../server/src/core/types';
import {
  ClientCommands,
  DocumentEncodingNotification,
  LANGUAGE_ID,
  SETTINGS_SECTION,
  type InitializationOptions,
} from '../../server/src/protocol/extensionProtocol';

/** Autopilot CSV files, and plain CSV files the server checks for an Autopilot header (it stays silent on others). */
export const DOCUMENT_SELECTOR = [
  { language: LANGUAGE_ID },
  { language: 'csv', pattern: '**/*.csv' },
  { language: 'plaintext', pattern: '**/*.csv' },
];

export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log,
    synchronize: { configurationSection: SETTINGS_SECTION },
    // The settings quick fixes ("Add 'X' to autopilot.groupTags") run in this client (groupTags/addGroupTagsCommand.ts).
    initializationOptions: { clientCommands: [ClientCommands.addGroupTags] } satisfies InitializationOptions,
    middleware: {
      didOpen: async (document, next) => {
        const encoding = await documentEncoding(document);
        // `client` is assigned below, before the client starts and any document opens.
        if (encoding) {
          await client.sendNotification(DocumentEncodingNotification.method, { uri: document.uri.toString(), encoding });
        }
        return next(document);
      },
    },
  };
  const client = new LanguageClient('autopilot-csv', 'Autopilot CSV', serverOptions, clientOptions);
  return client;
}

/** VS Code's own answer where the engine has `TextDocument.encoding`, else the file's first bytes. */
export async function documentEncoding(document: vscode.TextDocument): Promise<Encoding | undefined> {
  const fromEditor = encodingFromEditorName((document as { encoding?: string }).encoding);
  if (fromEditor) return fromEditor;
  if (document.uri.scheme !== 'file') return undefined;
  try {
    const bytes = await vscode.workspace.fs.readFile(document.uri);
    return decodeBytes(bytes.subarray(0, 4096)).encoding;
  } catch {
    return undefined;
  }
}
