// Starts the bundled language server when the first Autopilot document is open, and tells it which encoding each
// document was opened with; its header lenses go without the upload lenses while a document shows upload results.
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
import { needsLanguageServer } from './serverNeed';
import { OncePerVersion } from './oncePerVersion';

/** Autopilot CSV files, and plain CSV files the server checks for an Autopilot header (it stays silent on others). */
export const DOCUMENT_SELECTOR = [
  { language: LANGUAGE_ID },
  { language: 'csv', pattern: '**/*.csv' },
  { language: 'plaintext', pattern: '**/*.csv' },
];

/** The server's header lenses that upload the file: while an upload's results are shown, their lens takes the place. */
const UPLOAD_LENS_COMMANDS: ReadonlySet<string> = new Set([ClientCommands.upload, ClientCommands.uploadToIntune]);

/** The lenses to show: without the upload lenses while the document shows upload results (a full header line). */
function headerLenses(lenses: vscode.CodeLens[], showsUploadResults: boolean): vscode.CodeLens[] {
  return showsUploadResults ? lenses.filter((lens) => !UPLOAD_LENS_COMMANDS.has(lens.command?.command ?? '')) : lenses;
}

/**
 * `showsUploadResults`: whether a document has upload results on its rows (the upload feature, registered after the
 * client, answers it).
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  showsUploadResults: (uri: vscode.Uri) => boolean,
): LanguageClient {
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
      provideDocumentSymbols: symbolsOncePerVersion(context),
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        return lenses ? headerLenses(lenses, showsUploadResults(document.uri)) : lenses;
      },
    },
  };
  const client = new LanguageClient('autopilot-csv', 'Autopilot CSV', serverOptions, clientOptions);
  return client;
}

type SymbolsMiddleware = NonNullable<NonNullable<LanguageClientOptions['middleware']>['provideDocumentSymbols']>;

/**
 * The askers of a document's symbols after an edit share one request per version (oncePerVersion.ts). The shared
 * request is not cancelled with the first asker. A settings change may change the devices: it drops the answer.
 */
function symbolsOncePerVersion(context: vscode.ExtensionContext): SymbolsMiddleware {
  const symbols = new OncePerVersion<Awaited<ReturnType<SymbolsMiddleware>>>();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTINGS_SECTION)) symbols.clear();
    }),
  );
  return (document, _token, next) =>
    symbols.get(document.uri.toString(), document.version, () => next(document, new vscode.CancellationTokenSource().token));
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

/**
 * The language server, started once an Autopilot document is (or was) open: the extension activates for every
 * plain-text and CSV file (it cannot tell an Autopilot file from its name), and a language server per window for
 * files it never checks would cost a Node process and its start-up for nothing.
 */
export class LanguageServer implements vscode.Disposable {
  private starting: Promise<void> | undefined;
  private readonly listeners: vscode.Disposable[] = [];
  private markRunning: () => void = () => undefined;
  /** Resolves once the server runs, without starting it (for what only a running server needs). */
  readonly running = new Promise<void>((resolve) => {
    this.markRunning = resolve;
  });

  constructor(
    readonly client: LanguageClient,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const consider = (document: vscode.TextDocument) => {
      // A failure to start is logged and shown by start().
      if (!this.starting && needsLanguageServer(factsOf(document))) this.start(document).catch(() => undefined);
    };
    this.listeners.push(
      vscode.workspace.onDidOpenTextDocument(consider),
      // A header typed or pasted into a CSV that was empty or something else.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.some((change) => change.range.start.line === 0)) consider(event.document);
      }),
    );
    for (const document of vscode.workspace.textDocuments) consider(document);
  }

  /** Whether the server was started (it may still be starting). */
  get started(): boolean {
    return this.starting !== undefined;
  }

  /** Starts the server if it is not running yet (a command that needs it); resolves once it runs. */
  start(because?: vscode.TextDocument): Promise<void> {
    if (!this.starting) {
      for (const listener of this.listeners.splice(0)) listener.dispose();
      this.log.info(`Starting the language server${because ? ` for ${because.uri.toString(true)}` : ''}.`);
      this.starting = this.client.start().then(this.markRunning, (error: unknown) => {
        this.log.error('The Autopilot CSV language server did not start', error);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('Autopilot CSV: the language server did not start. See the "Autopilot CSV" output for details.'),
        );
        throw error;
      });
    }
    return this.starting;
  }

  dispose(): void {
    for (const listener of this.listeners.splice(0)) listener.dispose();
  }
}

function factsOf(document: vscode.TextDocument): { languageId: string; path: string; firstLine: string } {
  return { languageId: document.languageId, path: document.uri.path, firstLine: document.lineCount > 0 ? document.lineAt(0).text : '' };
}
