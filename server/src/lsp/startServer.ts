// The LSP adapter: wires documents, settings and requests to the pure core. No validation logic lives here.
import * as l10n from '@vscode/l10n';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  RequestType,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
  type ResponseError,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { countBySeverity, deviceRecords } from '../core/devices';
import { autoFix } from '../core/fix';
import { localeFromTag, useLocale } from '../core/locale';
import { settingsFromConfiguration } from '../core/settings';
import type { Validation } from '../core/validate';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completions } from './completion';
import { toDiagnostic } from './lspTypes';
import { isAutopilotDocument } from './documentScope';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { DocumentStore } from './documentStore';
import { hover } from './hover';
import {
  ClientCommands,
  DeviceRowsRequest,
  DeviceTableRequest,
  DocumentEncodingNotification,
  FIX_ALL_KIND,
  KnownGroupTagsNotification,
  RowSummariesRequest,
  RowFixesRequest,
  SETTINGS_SECTION,
  type InitializationOptions,
} from '../protocol/extensionProtocol';
import { DeviceTables } from './deviceTable';
import { rowFixes } from './rowFixes';
import { KnownGroupTagRegistry } from './knownTagRegistry';
import { OpeningDocuments } from './openingDocuments';
import { RowSummaries } from './rowSummaries';
import { rangeTokens, SEMANTIC_TOKENS_LEGEND, SemanticTokensStore } from './semanticTokens';
import { runSafe } from './runSafe';
import { documentSymbols } from './symbols';
import { ServerTextDocuments } from './textDocument';

/** How long a request for a document that is not open yet waits for its didOpen (openingDocuments.ts). */
const OPEN_WAIT_MS = 5_000;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(ServerTextDocuments);
  let configurationSupported = false;
  let versionedEdits = false;
  let codeLensRefresh = false;
  let settingsCommands = false;
  const knownGroupTags = new KnownGroupTagRegistry();
  const store = new DocumentStore(async (uri) => {
    const raw: unknown = configurationSupported
      ? await connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      : undefined;
    return { ...settingsFromConfiguration(raw), knownGroupTags: knownGroupTags.forDocument(uri) };
  });
  const opening = new OpeningDocuments();
  const semanticTokens = new SemanticTokensStore();
  const rowSummaries = new RowSummaries();
  const tables = new DeviceTables();

  connection.onInitialize((params): InitializeResult => {
    // Diagnostics, hovers, fixes and lenses in the client's language (VS Code sends its display language).
    useLocale(localeFromTag(params.locale));
    configurationSupported = params.capabilities.workspace?.configuration === true;
    versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const options = params.initializationOptions as InitializationOptions | undefined;
    settingsCommands = options?.clientCommands?.includes(ClientCommands.addGroupTags) === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [','] },
        documentSymbolProvider: { label: l10n.t('Autopilot devices') },
        codeLensProvider: { resolveProvider: false },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
      },
      serverInfo: { name: 'autopilot-csv' },
    };
  });

  const publisher = new DiagnosticsPublisher(
    async (uri) => {
      const document = documents.get(uri);
      if (!document) return undefined;
      const validation = await store.current(document);
      if (documents.get(uri) !== document) return undefined;
      const diagnostics = isAutopilotDocument(document, validation)
        ? validation.findings.map((finding) => toDiagnostic(document, finding))
        : [];
      return { uri, version: document.version, diagnostics };
    },
    (params) => connection.sendDiagnostics(params),
    connection.console,
  );

  documents.onDidOpen((event) => {
    opening.opened(event.document);
    publisher.request(event.document.uri);
  });
  documents.onDidChangeContent((event) => publisher.request(event.document.uri));
  documents.onDidClose((event) => {
    publisher.forget(event.document.uri);
    store.forget(event.document.uri);
    semanticTokens.forget(event.document.uri);
    tables.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onNotification(DocumentEncodingNotification.method, (params: DocumentEncodingNotification.Params) => {
    store.setEncoding(params.uri, params.encoding);
    if (documents.get(params.uri)) publisher.request(params.uri);
    // The lens counts problems, and a re-saved file has one fewer (its byte-order mark) without a text change.
    if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
  });

  const revalidateAll = () => {
    store.clearSettings();
    for (const document of documents.all()) publisher.request(document.uri);
    // The lens counts problems, which settings change: ask the editor to fetch them again.
    if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type);
  };
  connection.onDidChangeConfiguration(revalidateAll);
  connection.onNotification(KnownGroupTagsNotification.method, (params: KnownGroupTagsNotification.Params) => {
    if (knownGroupTags.set(params)) revalidateAll();
  });

  /**
   * Runs a request on the document's current validation (never validating again when it is up to date), for
   * Autopilot documents only, and answers a cancelled request as cancelled.
   */
  const onDocument = <T>(
    uri: string,
    token: CancellationToken,
    fallback: T,
    what: string,
    work: (document: TextDocument, validation: Validation) => T,
    /** Answer from the rows validated so far instead of waiting for a big file's validation (hovers, completions). */
    partial = false,
  ): Promise<T | ResponseError<void>> =>
    runSafe(connection.console, token, fallback, what, async () => {
      const document = documents.get(uri) ?? (await opening.wait(uri, token, OPEN_WAIT_MS));
      if (!document) return fallback;
      const validation = await (partial ? store.provisional(document) : store.current(document));
      if (token.isCancellationRequested || !isAutopilotDocument(document, validation)) return fallback;
      return work(document, validation);
    });

  connection.onCodeAction((params, token) =>
    onDocument(params.textDocument.uri, token, [], 'Code actions', (document, validation) =>
      codeActions(document, validation, params, { versioned: versionedEdits, settingsCommands, token }),
    ),
  );
  connection.onHover((params, token) =>
    onDocument(params.textDocument.uri, token, null, 'Hover', (document, validation) => hover(document, validation, params.position), true),
  );
  connection.onCompletion((params, token) =>
    onDocument(
      params.textDocument.uri,
      token,
      null,
      'Completion',
      (document, validation) => completions(document, validation, params.position),
      true,
    ),
  );
  connection.onDocumentSymbol((params, token) =>
    onDocument(params.textDocument.uri, token, [], 'Document symbols', (document, validation) =>
      documentSymbols(document, validation, token),
    ),
  );
  connection.onCodeLens((params, token) =>
    onDocument(params.textDocument.uri, token, [], 'Code lenses', (document, validation) => codeLenses(document, validation)),
  );

  connection.languages.semanticTokens.on((params, token) =>
    onDocument(params.textDocument.uri, token, { data: [] }, 'Semantic tokens', (document, validation) =>
      semanticTokens.full(document, validation, token),
    ),
  );
  connection.languages.semanticTokens.onDelta((params, token) =>
    onDocument(params.textDocument.uri, token, { data: [] }, 'Semantic tokens', (document, validation) =>
      semanticTokens.delta(document, validation, params.previousResultId, token),
    ),
  );
  // The visible lines of a big file get their colours from the rows validated so far, before the rest is done.
  connection.languages.semanticTokens.onRange((params, token) =>
    onDocument(
      params.textDocument.uri,
      token,
      { data: [] },
      'Semantic tokens',
      (_document, validation) => rangeTokens(validation, { start: params.range.start.line, end: params.range.end.line + 1 }, token),
      true,
    ),
  );
  connection.onRequest(
    new RequestType<DeviceRowsRequest.Params, DeviceRowsRequest.Result | null, void>(DeviceRowsRequest.method),
    (params, token) =>
      onDocument<DeviceRowsRequest.Result | null>(params.uri, token, null, 'Device rows', (document, validation) => ({
        version: document.version,
        format: validation.sheet.format ?? null,
        ...countBySeverity(validation),
        ...namedProblems(document, validation),
        rows: deviceRecords(validation),
      })),
  );
  connection.onRequest(
    new RequestType<RowSummariesRequest.Params, RowSummariesRequest.Result | null, void>(RowSummariesRequest.method),
    (params, token) =>
      onDocument<RowSummariesRequest.Result | null>(params.uri, token, null, 'Row summaries', (document, validation) =>
        rowSummaries.of(document, validation, token),
      ),
  );

  connection.onRequest(
    new RequestType<DeviceTableRequest.Params, DeviceTableRequest.Result, void>(DeviceTableRequest.method),
    (params, token) =>
      onDocument<DeviceTableRequest.Result>(params.uri, token, null, 'Device table', (document, validation) =>
        tables.answer(document, validation, params.since),
      ),
  );

  connection.onRequest(
    new RequestType<RowFixesRequest.Params, RowFixesRequest.Result | null, void>(RowFixesRequest.method),
    (params, token) =>
      onDocument<RowFixesRequest.Result | null>(params.uri, token, null, 'Row fixes', (document, validation) =>
        rowFixes(document, validation, params.lines),
      ),
  );

  documents.listen(connection);
}

/** What the upload's confirmation names: how many errors Fix All repairs, and the first warnings. */
function namedProblems(document: TextDocument, validation: Validation): Pick<DeviceRowsRequest.Result, 'fixableErrors' | 'warningList'> {
  let fixableErrors = 0;
  const warningList: DeviceRowsRequest.NamedFinding[] = [];
  for (const finding of validation.findings) {
    if (finding.severity === 'error' && autoFix(finding)) fixableErrors++;
    if (finding.severity === 'warning' && warningList.length < NAMED_WARNINGS) {
      warningList.push({ line: document.positionAt(finding.start).line, code: finding.code, message: finding.message });
    }
  }
  return { fixableErrors, warningList };
}

const NAMED_WARNINGS = 20;
