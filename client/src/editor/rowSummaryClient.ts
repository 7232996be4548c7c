// The device rows of each visible Autopilot document as the language server summarized them (RowSummariesRequest):
// the collapsed hash cells and the status bar read them from here. Asked again a moment after the user stops
// typing, and when the settings change; nothing is decoded in the client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RowSummariesRequest, SETTINGS_SECTION } from '../../../server/src/protocol/extensionProtocol';
import { DOCUMENT_SELECTOR } from '../languageClient';

/** After the last keystroke: the server validates meanwhile, and the answer then is of the text the user sees. */
const REFRESH_DELAY_MS = 250;

export class RowSummaryClient implements vscode.Disposable {
  private readonly results = new Map<string, RowSummariesRequest.Result>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Requests on their way, per document: a newer one makes an older answer useless. */
  private readonly asked = new Map<string, number>();
  private requests = 0;
  private readonly changed = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly subscriptions: vscode.Disposable[];
  /** Fires when a document's rows arrived (they are of the document's current version then). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly started: Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      this.changed,
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        // A document edited while hidden has rows of an older version.
        for (const editor of editors) if (!this.current(editor.document)) this.refresh(editor.document, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.isShown(event.document) && event.contentChanges.length > 0) this.refresh(event.document, REFRESH_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(SETTINGS_SECTION)) return;
        for (const editor of vscode.window.visibleTextEditors) this.refresh(editor.document, REFRESH_DELAY_MS);
      }),
    ];
    for (const editor of vscode.window.visibleTextEditors) this.refresh(editor.document, 0);
  }

  /** The document's rows when they are of its current version; undefined while they are being asked for. */
  current(document: vscode.TextDocument): RowSummariesRequest.Result | undefined {
    const result = this.results.get(document.uri.toString());
    return result?.version === document.version ? result : undefined;
  }

  /** The document's last rows, perhaps of an earlier version (good enough for a status line while the user types). */
  latest(document: vscode.TextDocument): RowSummariesRequest.Result | undefined {
    return this.results.get(document.uri.toString());
  }

  /** Asks the server for the document's rows after `delayMs` (a later call restarts the wait). */
  refresh(document: vscode.TextDocument, delayMs: number): void {
    if (vscode.languages.match(DOCUMENT_SELECTOR, document) === 0) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.ask(document);
      }, delayMs),
    );
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private isShown(document: vscode.TextDocument): boolean {
    return vscode.window.visibleTextEditors.some((editor) => editor.document === document);
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.results.delete(key);
    this.asked.delete(key);
  }

  private async ask(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const request = ++this.requests;
    this.asked.set(key, request);
    try {
      await this.started;
      const result = await this.client.sendRequest<RowSummariesRequest.Result | null>(RowSummariesRequest.method, {
        uri: this.client.code2ProtocolConverter.asUri(document.uri),
      });
      if (this.asked.get(key) !== request || document.isClosed) return;
      // Not an Autopilot document, or the text moved on meanwhile (its change asked again already).
      if (!result) {
        this.results.delete(key);
        this.changed.fire(document);
        return;
      }
      if (result.version !== document.version) return;
      this.results.set(key, result);
      this.changed.fire(document);
    } catch (error) {
      if (this.asked.get(key) === request) this.log.warn(`Could not read the device rows of ${document.uri.toString()}`, error);
    }
  }
}
