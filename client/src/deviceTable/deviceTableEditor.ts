// "Open Device Table": an Autopilot CSV file as a table of devices, a custom editor on the same document as the text
// editor (a CustomTextEditorProvider), so an edit in either shows in both, and Undo and Save work as for text.
// The rows come from the language server's validation (tableFeed.ts); the page (client/webview/deviceTable/) only
// shows them and asks for changes, which become WorkspaceEdits here (tableEdits.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DeviceTableRequest, RowFixesRequest, SETTINGS_SECTION } from '../../../server/src/protocol/extensionProtocol';
import type { CellEdit, HostMessage, PageMessage, TableAction } from '../../webview/deviceTable/tableMessages';
import { invalidCellValue } from '../../webview/deviceTable/tableModel';
import { TableFeed } from './tableFeed';
import { applyCellEdits, applyTextEdits, deleteRows, toRange, type EditOutcome } from './tableEdits';
import { tablePageHtml, tablePageRoot } from './tablePage';
import { cellValueProblemText } from './tableTranslations';
import type { UploadResultSource } from './uploadResults';

export const DEVICE_TABLE_VIEW_TYPE = 'autopilot-csv.deviceTable';
/** Set while the active device table has selected rows: the selection commands show in the Command Palette. */
const HAS_SELECTION = 'autopilot.deviceTable.hasSelection';

export interface DeviceTableDeps {
  client: LanguageClient;
  started: Promise<void>;
  log: vscode.LogOutputChannel;
  uploads: UploadResultSource;
}

export function registerDeviceTable(context: vscode.ExtensionContext, deps: DeviceTableDeps): void {
  const panels = new Set<TablePanel>();
  const active = () => [...panels].find((panel) => panel.active);
  const updateContext = () => void vscode.commands.executeCommand('setContext', HAS_SELECTION, (active()?.selected ?? 0) > 0);
  const runOnActive = (action: TableAction) => () => {
    const panel = active();
    if (panel) panel.run(action);
    else void vscode.window.showInformationMessage(vscode.l10n.t('Select devices in a device table first.'));
  };

  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(
      DEVICE_TABLE_VIEW_TYPE,
      {
        resolveCustomTextEditor(document, webviewPanel) {
          const panel = new TablePanel(context, deps, document, webviewPanel, updateContext);
          panels.add(panel);
          webviewPanel.onDidDispose(() => {
            panels.delete(panel);
            updateContext();
          });
        },
      },
      // The page keeps its own state (filter, sort, scroll) through the webview state API instead of staying alive
      // while hidden: 5,000 rows are not worth keeping a hidden page's memory for.
      { webviewOptions: { retainContextWhenHidden: false, enableFindWidget: false }, supportsMultipleEditorsPerDocument: true },
    ),
    vscode.commands.registerCommand('autopilot.openDeviceTable', (arg?: vscode.Uri | { uri?: string } | string) => openDeviceTable(arg)),
    vscode.commands.registerCommand('autopilot.deviceTable.setGroupTag', runOnActive('setGroupTag')),
    vscode.commands.registerCommand('autopilot.deviceTable.deleteRows', runOnActive('deleteRows')),
    vscode.commands.registerCommand('autopilot.deviceTable.applyFixes', runOnActive('applyFixes')),
  );
}

async function openDeviceTable(arg?: vscode.Uri | { uri?: string } | string): Promise<void> {
  // From the editor title VS Code passes the file's URI; the code lens passes `{ uri }` as the server wrote it.
  const uri =
    arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.parse(arg) : arg?.uri ? vscode.Uri.parse(arg.uri) : activeFile();
  if (!uri) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open an Autopilot CSV file to see its devices in a table.'));
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, DEVICE_TABLE_VIEW_TYPE);
}

/**
 * The file of the active editor: a text editor's, or the file behind a tab that shows no text editor (VS Code in a
 * browser shows a file over 10 MB only after a confirmation, and a table of 5,000 devices is 19 MB).
 */
function activeFile(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

class TablePanel {
  /** Rows selected in the page. */
  selected = 0;
  private readonly feed: TableFeed;
  private readonly fileName: string;
  private uploadsSent: string | undefined;

  constructor(
    context: vscode.ExtensionContext,
    private readonly deps: DeviceTableDeps,
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly selectionChanged: () => void,
  ) {
    this.fileName = path.basename(document.uri.path);
    const { webview } = panel;
    webview.options = { enableScripts: true, localResourceRoots: [tablePageRoot(context.extensionUri)] };
    webview.html = tablePageHtml(webview, context.extensionUri);
    this.feed = new TableFeed({
      request: async (since) => {
        await deps.started;
        const params: DeviceTableRequest.Params = { uri: deps.client.code2ProtocolConverter.asUri(document.uri) };
        if (since !== undefined) params.since = since;
        return deps.client.sendRequest<DeviceTableRequest.Result>(DeviceTableRequest.method, params);
      },
      post: (message) => this.post(message),
      isEmpty: () => document.getText().trim() === '',
      log: (message, error) => deps.log.error(message, error),
    });
    const subscriptions: vscode.Disposable[] = [
      webview.onDidReceiveMessage((message: PageMessage) => void this.receive(message)),
      // A hidden page is gone (it loads again, and asks for every row, when shown): nothing to keep up to date.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (panel.visible && event.document === document && event.contentChanges.length > 0) this.feed.schedule();
      }),
      // A new validation (settings changed, the server caught up) can change the problems without an edit.
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (panel.visible && event.uris.some((uri) => uri.toString() === document.uri.toString())) this.feed.schedule();
      }),
      deps.uploads.onDidChange((uris) => {
        if (uris.some((uri) => uri.toString() === document.uri.toString())) this.postUploadResults();
      }),
      panel.onDidChangeViewState(() => selectionChanged()),
    ];
    panel.onDidDispose(() => {
      this.feed.dispose();
      for (const subscription of subscriptions) subscription.dispose();
    });
  }

  get active(): boolean {
    return this.panel.active;
  }

  run(action: TableAction): void {
    this.post({ type: 'run', action });
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  /** Sends the upload results when they differ from those sent last (every new validation fires the event). */
  private postUploadResults(force = false): void {
    const results = this.deps.uploads.resultsFor(this.document.uri);
    const key = JSON.stringify(results);
    if (!force && key === this.uploadsSent) return;
    this.uploadsSent = key;
    this.post({ type: 'uploadResults', results });
  }

  private async receive(message: PageMessage): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          this.postUploadResults(true);
          this.feed.reset();
          return;
        case 'reveal':
          await this.reveal(message.line, message.span, message.focus);
          return;
        case 'edit':
          this.report(await applyCellEdits(this.document, message.version, message.edits), (count) =>
            count === 0 ? undefined : count === 1 ? vscode.l10n.t('Changed 1 cell.') : vscode.l10n.t('Changed {0} cells.', count),
          );
          return;
        case 'setGroupTag':
          await this.setGroupTag(message);
          return;
        case 'deleteRows':
          this.report(await deleteRows(this.document, message.version, message.rows), (count) =>
            count === 1
              ? vscode.l10n.t('Deleted 1 row. Undo (Ctrl+Z) brings it back.')
              : vscode.l10n.t('Deleted {0} rows. Undo (Ctrl+Z) brings them back.', count),
          );
          return;
        case 'applyFixes':
          await this.applyFixes(message.lines);
          return;
        case 'selection':
          this.selected = message.count;
          this.selectionChanged();
          return;
        case 'openText':
          await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default');
          return;
      }
    } catch (error) {
      this.deps.log.error(`Device table: ${message.type} failed`, error);
      void vscode.window.showErrorMessage(vscode.l10n.t('Device table: {0}', error instanceof Error ? error.message : String(error)));
    }
  }

  /** Shows the cell in the text editor beside the table (the one already open there, if any). */
  private async reveal(line: number, span: [number, number, number, number] | undefined, focus: boolean): Promise<void> {
    const document = this.document;
    const range = span ? toRange(span) : document.lineAt(Math.min(line, document.lineCount - 1)).range;
    const shown = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: shown?.viewColumn ?? vscode.ViewColumn.Beside,
      preserveFocus: !focus,
      preview: false,
      selection: range,
    });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async setGroupTag(message: Extract<PageMessage, { type: 'setGroupTag' }>): Promise<void> {
    const configured = vscode.workspace.getConfiguration(SETTINGS_SECTION, this.document.uri).get<string[]>('groupTags', []);
    const tag = await pickGroupTag(message.targets.length, message.tags, configured);
    if (tag === undefined) return;
    const edits: CellEdit[] = message.targets.map((target) => ({ ...target, role: 'groupTag', newValue: tag }));
    const devices = message.targets.length;
    this.report(await applyCellEdits(this.document, message.version, edits), (count) =>
      count === 0
        ? devices === 1
          ? vscode.l10n.t('The device already had the group tag {0}.', tag)
          : vscode.l10n.t('The {0} devices already had the group tag {1}.', devices, tag)
        : count === 1
          ? vscode.l10n.t('Set the group tag {0} on 1 device.', tag)
          : vscode.l10n.t('Set the group tag {0} on {1} devices.', tag, count),
    );
  }

  private async applyFixes(lines: number[]): Promise<void> {
    await this.deps.started;
    const uri = this.deps.client.code2ProtocolConverter.asUri(this.document.uri);
    const result = await this.deps.client.sendRequest<RowFixesRequest.Result | null>(RowFixesRequest.method, { uri, lines });
    if (!result) return;
    if (result.version !== this.document.version) {
      this.report({ refused: vscode.l10n.t('The file changed while the fixes were computed: try once more.') }, () => undefined);
      return;
    }
    const rest =
      result.unfixable === 0
        ? ''
        : ` ${
            result.unfixable === 1
              ? vscode.l10n.t('1 problem in these rows needs a change only you can make.')
              : vscode.l10n.t('{0} problems in these rows need a change only you can make.', result.unfixable)
          }`;
    if (result.edits.length === 0) {
      this.post({ type: 'notice', text: vscode.l10n.t('Nothing to fix automatically.') + rest });
      return;
    }
    const applied = result.fixed === 1 ? vscode.l10n.t('Applied 1 fix.') : vscode.l10n.t('Applied {0} fixes.', result.fixed);
    this.report(await applyTextEdits(this.document, result.edits), () => applied + rest);
  }

  /** Tells the page (and, for a refused change, the user) what a change did. */
  private report(outcome: EditOutcome, done: (count: number) => string | undefined): void {
    if ('refused' in outcome) {
      this.post({ type: 'notice', text: outcome.refused });
      void vscode.window.showWarningMessage(`${this.fileName}: ${outcome.refused}`);
      this.feed.schedule(0);
      return;
    }
    const text = done(outcome.applied);
    if (text) this.post({ type: 'notice', text });
  }
}

interface TagItem extends vscode.QuickPickItem {
  tag: string;
}

/** Asks for the tag: the tags in settings and in the file to pick from, or any tag typed. */
async function pickGroupTag(count: number, inFile: readonly string[], configured: readonly string[]): Promise<string | undefined> {
  const known: TagItem[] = [];
  const seen = new Set<string>();
  for (const [tags, description] of [
    [inFile, vscode.l10n.t('in this file')],
    [configured, vscode.l10n.t('from the {0} setting', 'autopilot.groupTags')],
  ] as const) {
    for (const tag of tags) {
      if (!tag || seen.has(tag)) continue;
      seen.add(tag);
      known.push({ label: tag, description, tag });
    }
  }
  const pick = vscode.window.createQuickPick<TagItem>();
  const title = count === 1 ? vscode.l10n.t('Set Group Tag of 1 Device') : vscode.l10n.t('Set Group Tag of {0} Devices', count);
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Type a group tag, or pick one');
  pick.items = known;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const invalid = invalidCellValue(typed, ',');
    // The quick pick has no validation message of its own (an input box has): the title says why.
    pick.title = invalid ? `${title}: ${cellValueProblemText(invalid)}` : title;
    const exists = known.some((item) => item.tag === typed);
    pick.items =
      typed && !exists && !invalid
        ? [{ label: typed, description: vscode.l10n.t('the tag you typed'), tag: typed, alwaysShow: true }, ...known]
        : known;
  });
  try {
    return await new Promise<string | undefined>((resolve) => {
      pick.onDidAccept(() => {
        const chosen = pick.selectedItems[0]?.tag ?? pick.activeItems[0]?.tag;
        if (chosen === undefined || invalidCellValue(chosen, ',')) return;
        resolve(chosen);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}
