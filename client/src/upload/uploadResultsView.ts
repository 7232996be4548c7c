// Upload results on the rows: problems as diagnostics (Problems panel, squiggles), registered devices as a check
// mark in the gutter with a hover, and a code lens on the header that counts them. Results follow their row through
// edits (rowFingerprints.ts), survive closing the file and reloading the window (uploadResultsStore.ts), and go
// away with "Clear Upload Results". `resultsFor` / `onDidChangeResults` give other views (the device table) the
// results per document.
import * as vscode from 'vscode';
import { whatToDo } from '../../../server/src/cloud/uploadReport';
import { INTUNE_SERVICE } from '../../../server/src/cloud/graphClient';
import type { UploadRowResult, UploadStatus } from '../../../server/src/cloud/uploadEngine';
import { ruleDocUrl, type Code } from '../../../server/src/core/codes';
import { LANGUAGE_ID } from '../../../server/src/protocol/extensionProtocol';
import { partnerCenterPart } from '../../../server/src/core/devices';
import { RowFingerprints, type LineChange } from '../../../server/src/core/rowFingerprints';
import type { StoredUpload, UploadResultsStore } from './uploadResultsStore';

/** A result shown on a row of an open document. */
export interface RowResult {
  line: number;
  result: UploadRowResult;
  upload: Pick<StoredUpload, 'destination' | 'uploadedAt' | 'customerId'>;
}

/** The check mark of a registered row (an inline SVG: no file to ship). */
const CHECK_ICON = vscode.Uri.parse(
  `data:image/svg+xml;utf8,${encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><path fill="#388a34" d="M6.3 11.3 2.7 7.7l1-1 2.6 2.6 6-6 1 1z"/></svg>',
  )}`,
);

const RENDER_DELAY_MS = 100;

interface Tracked {
  document: vscode.TextDocument;
  rows: RowFingerprints;
}

export class UploadResultsView implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('autopilot-csv-upload');
  private readonly registeredMark = vscode.window.createTextEditorDecorationType({
    gutterIconPath: CHECK_ICON,
    gutterIconSize: 'contain',
    overviewRulerColor: new vscode.ThemeColor('testing.iconPassed'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly tracked = new Map<string, Tracked>();
  /** Rows found registered before an upload (shown until the upload's own results replace them). */
  private readonly previews = new Map<string, StoredUpload>();
  private readonly shown = new Map<string, RowResult[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lensChanged = new vscode.EventEmitter<void>();
  private readonly resultsChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];

  /** Fired with a document's URI when the results shown on it change. */
  readonly onDidChangeResults = this.resultsChanged.event;

  constructor(private readonly store: UploadResultsStore) {
    this.disposables.push(
      this.diagnostics,
      this.registeredMark,
      this.lensChanged,
      this.resultsChanged,
      vscode.workspace.onDidOpenTextDocument((document) => this.refresh(document.uri.toString())),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((event) => this.follow(event)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
      this.store.onDidChange((fileUri) => this.refresh(fileUri)),
      vscode.languages.registerCodeLensProvider([{ language: LANGUAGE_ID }, { pattern: '**/*.csv' }], {
        onDidChangeCodeLenses: this.lensChanged.event,
        provideCodeLenses: (document) => this.codeLenses(document),
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.refresh(document.uri.toString());
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The results shown on an open document, by line. */
  resultsFor(uri: vscode.Uri | string): RowResult[] {
    return this.shown.get(uri.toString()) ?? [];
  }

  /** Shows what was found before an upload (rows the customer already has) until the upload's results arrive. */
  preview(upload: StoredUpload): void {
    this.previews.set(upload.fileUri, upload);
    this.refresh(upload.fileUri);
  }

  clearPreview(fileUri: string): void {
    if (this.previews.delete(fileUri)) this.refresh(fileUri);
  }

  private upload(fileUri: string): StoredUpload | undefined {
    return this.previews.get(fileUri) ?? this.store.forFile(fileUri);
  }

  /** Reads the document's rows again and shows its results (or removes them). */
  private refresh(fileUri: string): void {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === fileUri);
    if (!document || !this.upload(fileUri)) {
      this.tracked.delete(fileUri);
      this.show(fileUri, []);
      return;
    }
    this.tracked.set(fileUri, { document, rows: new RowFingerprints(linesOf(document)) });
    this.render(fileUri);
  }

  private forget(fileUri: string): void {
    this.tracked.delete(fileUri);
    const timer = this.timers.get(fileUri);
    if (timer) clearTimeout(timer);
    this.timers.delete(fileUri);
    this.show(fileUri, []);
  }

  private follow(event: vscode.TextDocumentChangeEvent): void {
    const fileUri = event.document.uri.toString();
    const tracked = this.tracked.get(fileUri);
    if (!tracked || event.contentChanges.length === 0) return;
    const changes: LineChange[] = event.contentChanges.map((change) => ({
      startLine: change.range.start.line,
      endLine: change.range.end.line,
      text: change.text,
    }));
    tracked.rows.applyChanges(changes);
    // Typing fires an event per key: show the outcome once it settles.
    const pending = this.timers.get(fileUri);
    if (pending) clearTimeout(pending);
    this.timers.set(
      fileUri,
      setTimeout(() => {
        this.timers.delete(fileUri);
        this.render(fileUri);
      }, RENDER_DELAY_MS),
    );
  }

  private render(fileUri: string): void {
    const tracked = this.tracked.get(fileUri);
    const upload = this.upload(fileUri);
    if (!tracked || !upload) {
      this.show(fileUri, []);
      return;
    }
    const byFingerprint = new Map(upload.results.map((result) => [result.fingerprint, result]));
    const rows: RowResult[] = [];
    for (const [line, fingerprint] of tracked.rows.entries()) {
      // An Intune import's result is the whole fingerprint's; a Partner Center upload's ignores the Assigned User.
      const result = byFingerprint.get(fingerprint) ?? byFingerprint.get(partnerCenterPart(fingerprint));
      if (result) rows.push({ line, result, upload });
    }
    this.show(fileUri, rows);
  }

  private show(fileUri: string, rows: RowResult[]): void {
    const before = this.shown.get(fileUri);
    if (rows.length === 0 && !before) return;
    if (rows.length === 0) this.shown.delete(fileUri);
    else this.shown.set(fileUri, rows);
    const uri = vscode.Uri.parse(fileUri);
    const document = this.tracked.get(fileUri)?.document;
    const diagnostics = document ? rows.flatMap((row) => toDiagnostic(document, row) ?? []) : [];
    if (diagnostics.length > 0) this.diagnostics.set(uri, diagnostics);
    else this.diagnostics.delete(uri);
    this.decorate(fileUri);
    this.lensChanged.fire();
    this.resultsChanged.fire(uri);
  }

  private decorateAll(): void {
    for (const fileUri of new Set([...this.shown.keys(), ...this.tracked.keys()])) this.decorate(fileUri);
  }

  private decorate(fileUri: string): void {
    const rows = this.shown.get(fileUri) ?? [];
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() !== fileUri) continue;
      const marks: vscode.DecorationOptions[] = rows
        .filter((row) => row.result.status === 'registered' && row.line < editor.document.lineCount)
        .map((row) => ({
          range: firstCell(editor.document, row.line),
          hoverMessage: new vscode.MarkdownString(registeredText(row, true)),
        }));
      editor.setDecorations(this.registeredMark, marks);
    }
  }

  private codeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const rows = this.shown.get(document.uri.toString());
    const upload = this.upload(document.uri.toString());
    if (!rows || rows.length === 0 || !upload || document.lineCount === 0) return [];
    const counts = new Map<UploadStatus, number>();
    for (const row of rows) counts.set(row.result.status, (counts.get(row.result.status) ?? 0) + 1);
    const parts = LENS_ORDER.flatMap((status) => {
      const count = counts.get(status);
      return count ? [lensWords(status, count)] : [];
    }).join(' · ');
    const { customerName, tenantId, service } = upload.destination;
    const preview = this.previews.has(document.uri.toString());
    const title = preview
      ? `$(search) ${vscode.l10n.t('{0}: {1} (before the upload)', customerName, parts)}`
      : `$(cloud-upload) ${customerName}: ${parts}`;
    return [
      new vscode.CodeLens(document.lineAt(0).range, {
        title,
        tooltip: vscode.l10n.t(
          'Uploaded to {0} (tenant {1}) in {2}, {3}. Click for the report, the status of pending devices, or to clear these results.',
          customerName,
          tenantId,
          service,
          new Date(upload.uploadedAt).toLocaleString(),
        ),
        command: 'autopilot.uploadResultActions',
        arguments: [document.uri],
      }),
    ];
  }
}

/** The order the lens counts the results in. */
const LENS_ORDER: readonly UploadStatus[] = [
  'registered',
  'already-registered',
  'tag-not-applied',
  'rejected',
  'pending',
  'not-sent',
  'unknown',
];

/** `3 registered`: how many rows have a result, in the lens. */
function lensWords(status: UploadStatus, count: number): string {
  switch (status) {
    case 'registered':
      return vscode.l10n.t('{0} registered', count);
    case 'already-registered':
      return vscode.l10n.t('{0} already registered', count);
    case 'tag-not-applied':
      return vscode.l10n.t('{0} tag not applied', count);
    case 'rejected':
      return vscode.l10n.t('{0} rejected', count);
    case 'pending':
      return vscode.l10n.t('{0} still processing', count);
    case 'not-sent':
      return vscode.l10n.t('{0} not sent', count);
    case 'unknown':
      return vscode.l10n.t('{0} no result', count);
  }
}

function linesOf(document: vscode.TextDocument): { readonly lineCount: number; lineText(line: number): string } {
  return {
    get lineCount() {
      return document.lineCount;
    },
    lineText: (line) => document.lineAt(line).text,
  };
}

function firstCell(document: vscode.TextDocument, line: number): vscode.Range {
  const text = document.lineAt(line).text;
  const end = text.search(/[,;\t]/);
  return new vscode.Range(line, 0, line, end < 0 ? text.length : end);
}

/** A registered row's words: its check mark's hover (markdown), or plain for other views. */
function registeredText(row: RowResult, markdown: boolean): string {
  const { destination } = row.upload;
  const intune = destination.service === INTUNE_SERVICE;
  const strong = (text: string) => (markdown ? `**${text}**` : text);
  const literal = (text: string) => (markdown ? `\`${text}\`` : `"${text}"`);
  const { batchName, trackingId } = row.result;
  const parts = [
    vscode.l10n.t('Registered to {0} (tenant {1}) in {2}', strong(destination.customerName), destination.tenantId, destination.service),
    ...(batchName ? [intune ? vscode.l10n.t('group tag {0}', literal(batchName)) : vscode.l10n.t('batch {0}', literal(batchName))] : []),
    new Date(row.upload.uploadedAt).toLocaleString(),
  ];
  const id = trackingId ? ` (${intune ? vscode.l10n.t('import id {0}', trackingId) : vscode.l10n.t('tracking id {0}', trackingId)})` : '';
  return `${parts.join(', ')}${id}.`;
}

/** What a row's result says, in plain words: its Problems entry, or a registered row's hover (the device table). */
export function uploadResultText(row: RowResult): string {
  return row.result.status === 'registered' ? registeredText(row, false) : resultWords(row)[2];
}

/** The diagnostic of a result; registered rows get none (their mark is in the gutter). */
function toDiagnostic(document: vscode.TextDocument, row: RowResult): vscode.Diagnostic | undefined {
  if (row.result.status === 'registered' || row.line >= document.lineCount) return undefined;
  const [code, severity, message] = resultWords(row);
  const diagnostic = new vscode.Diagnostic(document.lineAt(row.line).range, message, severity);
  diagnostic.source = 'autopilot-csv';
  diagnostic.code = { value: code, target: vscode.Uri.parse(ruleDocUrl(code)) };
  return diagnostic;
}

/** A result that is not 'registered' as a code, a severity and a message. */
function resultWords(row: RowResult): [Code, vscode.DiagnosticSeverity, string] {
  const { result } = row;
  const { service, customerName } = row.upload.destination;
  const intune = service === INTUNE_SERVICE;
  const error = [result.errorCode, result.errorDescription].filter(Boolean).join(' ');
  switch (result.status) {
    case 'rejected': {
      const rejected = error
        ? vscode.l10n.t('{0} rejected this device: {1}.', service, error)
        : vscode.l10n.t('{0} rejected this device.', service);
      return ['upload-rejected', vscode.DiagnosticSeverity.Error, `${rejected} ${whatToDo(result, service)}`];
    }
    case 'tag-not-applied': {
      const batch = result.existingBatch;
      const registered = batch
        ? result.errorCode
          ? vscode.l10n.t('Already registered to {0} in batch "{1}" ({2}).', customerName, batch, error)
          : vscode.l10n.t('Already registered to {0} in batch "{1}".', customerName, batch)
        : result.errorCode
          ? vscode.l10n.t('Already registered to {0} ({1}).', customerName, error)
          : vscode.l10n.t('Already registered to {0}.', customerName);
      return ['upload-tag-not-applied', vscode.DiagnosticSeverity.Warning, `${registered} ${whatToDo(result, service)}`];
    }
    case 'already-registered':
      return [
        'upload-already-registered',
        vscode.DiagnosticSeverity.Information,
        intune
          ? vscode.l10n.t('Already registered to {0} in Intune: nothing to do.', customerName)
          : vscode.l10n.t(
              'Already registered to {0} in batch "{1}": nothing to do.',
              customerName,
              result.existingBatch ?? result.batchName ?? '',
            ),
      ];
    case 'pending':
      return [
        'upload-pending',
        vscode.DiagnosticSeverity.Information,
        intune
          ? vscode.l10n.t(
              '{0} was still processing this device when the upload stopped waiting (import id {1}). Run "Autopilot CSV: Check Upload Status…" for its result.',
              service,
              result.trackingId ?? '',
            )
          : vscode.l10n.t(
              '{0} was still processing this device when the upload stopped waiting (tracking id {1}). Run "Autopilot CSV: Check Upload Status…" for its result.',
              service,
              result.trackingId ?? '',
            ),
      ];
    case 'not-sent': {
      const notUploaded = vscode.l10n.t('Not uploaded to {0}.', customerName);
      const why = result.errorDescription?.trim();
      return ['upload-not-sent', vscode.DiagnosticSeverity.Warning, why ? `${notUploaded} ${why}` : notUploaded];
    }
    default:
      return [
        'upload-no-result',
        vscode.DiagnosticSeverity.Warning,
        result.trackingId
          ? vscode.l10n.t('{0} did not report on this device (tracking id {1}): check it in {0}.', service, result.trackingId)
          : vscode.l10n.t('{0} did not report on this device: check it in {0}.', service),
      ];
  }
}
