// The LSP adapter: wires documents, settings and requests to the pure core. No validation logic lives here.
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { looksLikeAutopilot } from '../core/sheet';
import { settingsFromConfiguration } from '../core/settings';
import type { Validation } from '../core/validate';
import { codeActions } from './codeActions';
import { toDiagnostic } from './convert';
import { DocumentStore } from './documentStore';
import { DocumentEncodingNotification, FIX_ALL_KIND, LANGUAGE_ID, SETTINGS_SECTION } from './protocol';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let configurationSupported = false;
  const store = new DocumentStore(async (uri) => {
    if (!configurationSupported) return {};
    const raw: unknown = await connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
    return settingsFromConfiguration(raw);
  });
  /** Latest requested version per document: an older validation still running is not published. */
  const pending = new Map<string, number>();

  connection.onInitialize((params): InitializeResult => {
    configurationSupported = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'autopilot-csv' },
    };
  });

  const schedule = (document: TextDocument) => {
    pending.set(document.uri, document.version);
    setImmediate(() => void publish(document.uri, document.version));
  };

  const publish = async (uri: string, version: number) => {
    if (pending.get(uri) !== version) return;
    const document = documents.get(uri);
    if (!document || document.version !== version) return;
    try {
      const validation = await store.current(document);
      if (pending.get(uri) !== version) return;
      const silent = document.languageId !== LANGUAGE_ID && !looksLikeAutopilot(validation.sheet);
      const diagnostics = silent ? [] : validation.findings.map((finding) => toDiagnostic(document, finding));
      await connection.sendDiagnostics({ uri, version, diagnostics });
    } catch (error) {
      connection.console.error(`Validating ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  documents.onDidOpen((event) => schedule(event.document));
  documents.onDidChangeContent((event) => schedule(event.document));
  documents.onDidClose((event) => {
    pending.delete(event.document.uri);
    store.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onNotification(DocumentEncodingNotification.method, (params: DocumentEncodingNotification.Params) => {
    store.setEncoding(params.uri, params.encoding);
    const document = documents.get(params.uri);
    if (document) schedule(document);
  });

  connection.onDidChangeConfiguration(() => {
    store.clearSettings();
    for (const document of documents.all()) schedule(document);
  });

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const validation: Validation = await store.current(document);
    return codeActions(document, validation, params);
  });

  documents.listen(connection);
}
