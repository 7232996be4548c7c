// A minimal LSP client for protocol-level tests: starts the bundled server over stdio, answers
// workspace/configuration with the test's settings, and waits for published diagnostics by event.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export interface TestClient {
  connection: ProtocolConnection;
  /** The server's process id (to read its memory use from /proc). */
  pid: number;
  /** What the server answered to `initialize` (its capabilities). */
  initializeResult: InitializeResult;
  settings: Record<string, unknown>;
  open(name: string, text: string, languageId?: string): string;
  change(
    uri: string,
    version: number,
    changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[],
  ): void;
  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (default: any). */
  diagnostics(uri: string, accept?: (diagnostics: Diagnostic[], version?: number) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]>;
  request<R>(method: string, params: unknown): Promise<R>;
  stop(): Promise<void>;
}

export const SERVER_PATH = path.resolve('dist/server.js');

export interface TestClientOptions {
  /** Declare support for versioned edits (`workspace.workspaceEdit.documentChanges`), as VS Code does. */
  documentChanges?: boolean;
  /** What the client tells the server at start, as the VS Code client does (e.g. the client commands it runs). */
  initializationOptions?: unknown;
  /** The client's display language, as VS Code sends it in `initialize` (`de`, `en`...). */
  locale?: string;
}

export async function startTestClient(settings: Record<string, unknown> = {}, options: TestClientOptions = {}): Promise<TestClient> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: 'pipe' });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters = new Set<(params: PublishDiagnosticsParams) => void>();
  const client: TestClient = {
    connection,
    pid: child.pid ?? -1,
    initializeResult: { capabilities: {} },
    settings,
    open(name, text, languageId = 'autopilot-csv') {
      const uri = pathToFileURL(path.resolve('/tmp/autopilot-csv-test', name)).toString();
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    change(uri, version, changes) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    diagnostics(uri, accept = () => true, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const done = (params: PublishDiagnosticsParams) => {
          if (params.uri !== uri || !accept(params.diagnostics, params.version)) return;
          clearTimeout(timer);
          waiters.delete(done);
          resolve(params.diagnostics);
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${describePublished(latest.get(uri))}`));
        }, timeoutMs);
        waiters.add(done);
        const current = latest.get(uri);
        if (current) done(current);
      });
    },
    codeActions(uri, range, diagnostics, only) {
      return connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
    },
    request(method, params) {
      return connection.sendRequest(method, params);
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        // Awaited: a write still pending when the stream is destroyed below would fail after the test ended.
        await connection.sendNotification('exit');
      } catch {
        // The server may already be gone; killing it below is enough.
      }
      connection.dispose();
      child.kill();
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    latest.set(params.uri, params);
    for (const waiter of [...waiters]) waiter(params);
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => client.settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    initializationOptions: options.initializationOptions,
    locale: options.locale,
    rootUri: null,
    capabilities: {
      workspace: {
        configuration: true,
        didChangeConfiguration: { dynamicRegistration: false },
        workspaceEdit: { documentChanges: options.documentChanges ?? false },
      },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
    },
  });
  void connection.sendNotification('initialized', {});
  return client;
}

/** The version and the first codes of a publication, for a failure message. */
function describePublished(params: PublishDiagnosticsParams | undefined): string {
  if (!params) return 'none';
  const codes = params.diagnostics.slice(0, 20).map((diagnostic) => diagnostic.code);
  const more = params.diagnostics.length > codes.length ? ` and ${params.diagnostics.length - codes.length} more` : '';
  return `version ${String(params.version)}, ${JSON.stringify(codes)}${more}`;
}
