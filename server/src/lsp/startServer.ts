// The LSP adapter: wires documents, settings and requests to the pure core. No validation logic lives here.
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isCode } from '../core/codes';
import { looksLikeAutopilot } from '../core/sheet';
import type { Settings, SeveritySetting } from '../core/types';
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
    return readSettings(raw);
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

/** Reads the `autopilot` settings section defensively: a wrong type in settings.json falls back to the default. */
export function readSettings(raw: unknown): Partial<Settings> {
  if (!raw || typeof raw !== 'object') return {};
  const section = raw as Record<string, unknown>;
  const settings: Partial<Settings> = {};
  if (section.format === 'auto' || section.format === 'intune' || section.format === 'partner-center' || section.format === 'mmd-portal') {
    settings.format = section.format;
  }
  if (section.rules && typeof section.rules === 'object') {
    const rules: Record<string, SeveritySetting> = {};
    for (const [code, level] of Object.entries(section.rules as Record<string, unknown>)) {
      if (isCode(code) && (level === 'off' || level === 'hint' || level === 'info' || level === 'warning' || level === 'error')) {
        rules[code] = level;
      }
    }
    settings.rules = rules;
  }
  if (Array.isArray(section.groupTags)) {
    settings.groupTags = section.groupTags.filter((tag): tag is string => typeof tag === 'string' && tag.length > 0);
  }
  if (typeof section.requireGroupTag === 'boolean') settings.requireGroupTag = section.requireGroupTag;
  if (typeof section.maxRows === 'number' && section.maxRows >= 0) settings.maxRows = Math.floor(section.maxRows);
  return settings;
}
