// Just enough of the `vscode` API to run the upload and sign-in commands under node:test, with a
// scripted user answering messages, quick picks and input boxes. Installed by ./registerFakeVscode.
import { readFileSync } from 'node:fs';

/** What VS Code reads for `vscode.l10n` when its display language is German. */
const GERMAN_BUNDLE = JSON.parse(readFileSync('l10n/bundle.l10n.de.json', 'utf8')) as Record<string, string>;

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((candidate) => candidate !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    private readonly rest = '',
  ) {}
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?([^?#]*)(.*)$/i.exec(value);
    return match ? new Uri(match[1] ?? 'file', match[2] ?? '', match[3] ?? '') : new Uri('file', value);
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.path, this.rest);
  }
  toString(): string {
    return this.scheme === 'file' ? `file://${this.path}` : `${this.scheme}:${this.path}${this.rest}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
    this.start = new Position(startLine, startCharacter);
    this.end = new Position(endLine, endCharacter);
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class MarkdownString {
  constructor(readonly value = '') {}
}

export class CodeLens {
  constructor(
    readonly range: Range,
    readonly command?: { title: string; command: string; tooltip?: string; arguments?: unknown[] },
  ) {}
}

export class EventEmitter<T> {
  private readonly emitter = new Emitter<T>();
  readonly event = this.emitter.event;
  fire(value: T): void {
    this.emitter.fire(value);
  }
  dispose(): void {}
}

export enum OverviewRulerLane {
  Left = 1,
  Center = 2,
  Right = 4,
  Full = 7,
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity = DiagnosticSeverity.Error,
  ) {}
}

export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum QuickPickItemKind {
  Separator = -1,
  Default = 0,
}

export interface FakeDocument {
  uri: Uri;
  lineCount: number;
  version: number;
  getText(): string;
  lineAt(line: number): { text: string; range: Range };
}

/** A quick pick shown through `showQuickPick` (a list of choices). */
export interface ShownPick {
  items: string[];
  title?: string;
}

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  message: string;
  items: string[];
  modal: boolean;
  detail?: string;
}

export class FakeQuickPick<T extends { label: string }> {
  title?: string;
  placeholder?: string;
  matchOnDescription = false;
  matchOnDetail = false;
  ignoreFocusOut = false;
  busy = false;
  value = '';
  selectedItems: T[] = [];
  /** What Enter would pick; VS Code focuses the first item unless the extension says otherwise. */
  activeItems: T[] = [];
  private itemList: T[] = [];
  private readonly accepted = new Emitter<void>();
  private readonly hidden = new Emitter<void>();
  private readonly valueChanged = new Emitter<string>();
  readonly onDidAccept = this.accepted.event;
  readonly onDidHide = this.hidden.event;
  readonly onDidChangeValue = this.valueChanged.event;
  constructor(private readonly ui: ScriptedUser) {}
  get items(): T[] {
    return this.itemList;
  }
  set items(items: T[]) {
    this.itemList = items;
    this.activeItems = items.filter((item) => (item as { kind?: number }).kind !== QuickPickItemKind.Separator).slice(0, 1);
    // The scripted user looks once the extension is done setting items and active items (as VS Code batches them).
    queueMicrotask(() => {
      if (this.itemList === items) this.ui.quickPickItems?.(this);
    });
  }
  /** What the user does: type into the filter box. */
  type(value: string): void {
    this.value = value;
    this.valueChanged.fire(value);
  }
  show(): void {
    this.ui.quickPickShown?.(this);
  }
  /** What the user does: pick the item with this label and press Enter. */
  pick(label: string): void {
    const item = this.itemList.find((candidate) => candidate.label === label);
    if (!item) throw new Error(`no item "${label}" in the quick pick`);
    this.selectedItems = [item];
    this.accepted.fire();
  }
  /** What the user does: press Enter, which picks the active item if there is one. */
  pressEnter(): void {
    this.selectedItems = this.activeItems.slice(0, 1);
    this.accepted.fire();
  }
  hide(): void {
    this.hidden.fire();
  }
  dispose(): void {}
}

/** The test's stand-in for the person at the keyboard. */
export interface ScriptedUser {
  answer?(message: ShownMessage): string | undefined;
  quickPickShown?(quickPick: FakeQuickPick<{ label: string }>): void;
  quickPickItems?(quickPick: FakeQuickPick<{ label: string }>): void;
  inputBox?(options: { value?: string; validateInput?: (value: string) => string | undefined }): string | undefined;
  saveDialog?(options: { defaultUri?: Uri }): Uri | undefined;
  /** A list of choices (`showQuickPick`): the label chosen. */
  pick?(shown: ShownPick): string | undefined;
}

export interface FakeAuthenticationSession {
  id: string;
  accessToken: string;
  account: { id: string; label: string };
  scopes: readonly string[];
}

/** What VS Code's Accounts menu uses of an AuthenticationProvider. */
export interface FakeAuthenticationProvider {
  onDidChangeSessions: Emitter<{
    added?: FakeAuthenticationSession[];
    removed?: FakeAuthenticationSession[];
    changed?: FakeAuthenticationSession[];
  }>['event'];
  getSessions(scopes: readonly string[] | undefined): Promise<FakeAuthenticationSession[]>;
  createSession(scopes: readonly string[]): Promise<FakeAuthenticationSession>;
  removeSession(sessionId: string): Promise<void>;
}

export class FakeVscode {
  readonly messages: ShownMessage[] = [];
  readonly executed: Array<{ command: string; args: unknown[] }> = [];
  readonly progress: Array<{ title?: string; message?: string; increment?: number }> = [];
  readonly writtenFiles = new Map<string, string>();
  readonly collections = new Map<string, Map<string, Diagnostic[]>>();
  readonly settings = new Map<string, unknown>();
  readonly documents = new Map<string, FakeDocument>();
  readonly statusBarItems: Array<{ text: string; tooltip: string; command: string; visible: boolean }> = [];
  readonly shownDocuments: string[] = [];
  readonly codeLensProviders: Array<{ provideCodeLenses(document: FakeDocument): CodeLens[] }> = [];
  /** Authentication providers by id, as the Accounts menu finds them. */
  readonly authenticationProviders = new Map<string, { label: string; provider: FakeAuthenticationProvider }>();
  /** Decorations set per document URI (registered rows' marks). */
  readonly decorations = new Map<string, Array<{ range: Range; hoverMessage?: MarkdownString }>>();
  ui: ScriptedUser = {};
  /** VS Code's display language: German as with the German language pack installed (l10n/bundle.l10n.de.json). */
  language: 'en' | 'de' = 'en';
  private readonly documentOpened = new Emitter<FakeDocument>();
  private readonly documentClosed = new Emitter<FakeDocument>();
  private readonly documentChanged = new Emitter<{
    document: FakeDocument;
    contentChanges: Array<{ range: Range; text: string }>;
  }>();
  private readonly commandHandlers = new Map<string, (...args: unknown[]) => unknown>();
  private readonly editors = new Map<string, { replaceLines(start: number, end: number, lines: string[]): void }>();
  private readonly messageShown = new Emitter<ShownMessage>();
  private readonly fileWritten = new Emitter<string>();
  /** The module object handed out for `require('vscode')`. */
  readonly api = this.buildApi();

  /** Forgets what earlier tests showed and answered. */
  reset(): void {
    this.messages.length = 0;
    this.executed.length = 0;
    this.progress.length = 0;
    this.writtenFiles.clear();
    this.settings.clear();
    this.shownDocuments.length = 0;
    this.decorations.clear();
    this.codeLensProviders.length = 0;
    this.authenticationProviders.clear();
    this.workspaceStateValues.clear();
    this.documents.clear();
    this.ui = {};
    this.language = 'en';
  }

  openDocument(path: string, text: string): FakeDocument {
    let lines = text.split(/\r?\n/);
    let version = 1;
    const document: FakeDocument = {
      uri: Uri.file(path),
      get lineCount() {
        return lines.length;
      },
      get version() {
        return version;
      },
      getText: () => lines.join('\r\n'),
      lineAt: (line) => ({ text: lines[line] ?? '', range: new Range(line, 0, line, (lines[line] ?? '').length) }),
    };
    this.documents.set(document.uri.toString(), document);
    this.editors.set(document.uri.toString(), {
      replaceLines: (start, end, newLines) => {
        lines = [...lines.slice(0, start), ...newLines, ...lines.slice(end + 1)];
        version += 1;
      },
    });
    this.documentOpened.fire(document);
    return document;
  }

  /** What the user does: replace lines `start`..`end` (inclusive) of an open document with `newLines`. */
  editLines(document: FakeDocument, start: number, end: number, newLines: string[]): void {
    const endText = document.lineAt(end).text;
    this.editors.get(document.uri.toString())?.replaceLines(start, end, newLines);
    this.documentChanged.fire({
      document,
      contentChanges: [{ range: new Range(start, 0, end, endText.length), text: newLines.join('\r\n') }],
    });
  }

  closeDocument(document: FakeDocument): void {
    this.documents.delete(document.uri.toString());
    this.documentClosed.fire(document);
  }

  /** The code lenses the extension's providers give for a document. */
  codeLenses(document: FakeDocument): CodeLens[] {
    return this.codeLensProviders.flatMap((provider) => provider.provideCodeLenses(document));
  }

  diagnostics(collection: string, uri: Uri): Diagnostic[] {
    return this.collections.get(collection)?.get(uri.toString()) ?? [];
  }

  execute(command: string, ...args: unknown[]): Promise<unknown> {
    return this.api.commands.executeCommand(command, ...args);
  }

  /** Resolves with the next message shown (or one already shown that matches). */
  nextMessage(predicate: (message: ShownMessage) => boolean): Promise<ShownMessage> {
    const seen = this.messages.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const subscription = this.messageShown.event((message) => {
        if (!predicate(message)) return;
        subscription.dispose();
        resolve(message);
      });
    });
  }

  /** Resolves with the file's content once something wrote it. */
  async writtenFile(path: string): Promise<string> {
    while (!this.writtenFiles.has(path)) {
      await new Promise<void>((resolve) => {
        const subscription = this.fileWritten.event(() => {
          subscription.dispose();
          resolve();
        });
      });
    }
    return this.writtenFiles.get(path) ?? '';
  }

  extensionContext(): {
    subscriptions: Array<{ dispose(): unknown }>;
    globalState: { get<T>(key: string, fallback: T): T; update(key: string, value: unknown): Promise<void> };
    workspaceState: { get<T>(key: string, fallback?: T): T | undefined; update(key: string, value: unknown): Promise<void> };
    secrets: {
      get(key: string): Promise<string | undefined>;
      store(key: string, value: string): Promise<void>;
      delete(key: string): Promise<void>;
      onDidChange: Emitter<{ key: string }>['event'];
    };
  } {
    const state = new Map<string, unknown>();
    const secrets = new Map<string, string>();
    const secretChanged = new Emitter<{ key: string }>();
    return {
      subscriptions: [],
      globalState: {
        get: <T>(key: string, fallback: T): T => (state.has(key) ? (state.get(key) as T) : fallback),
        update: async (key, value) => void state.set(key, value),
      },
      workspaceState: this.workspaceState,
      secrets: {
        get: async (key) => secrets.get(key),
        store: async (key, value) => {
          secrets.set(key, value);
          secretChanged.fire({ key });
        },
        delete: async (key) => {
          secrets.delete(key);
          secretChanged.fire({ key });
        },
        onDidChange: secretChanged.event,
      },
    };
  }

  private readonly workspaceStateValues = new Map<string, string>();
  /** The workspace's state: it outlives a context (a window reload registers the commands again with it). */
  readonly workspaceState = {
    // Stored as JSON, as VS Code does: what comes back is a copy.
    get: <T>(key: string, fallback?: T): T | undefined => {
      const stored = this.workspaceStateValues.get(key);
      return stored === undefined ? fallback : (JSON.parse(stored) as T);
    },
    update: async (key: string, value: unknown): Promise<void> =>
      void (value === undefined ? this.workspaceStateValues.delete(key) : this.workspaceStateValues.set(key, JSON.stringify(value))),
  };

  private buildApi() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the env getter below is an object literal's
    const fake = this;
    const show =
      (severity: ShownMessage['severity']) =>
      async (message: string, ...rest: unknown[]): Promise<string | undefined> => {
        const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest.shift() as { modal?: boolean; detail?: string }) : {};
        const shown: ShownMessage = { severity, message, items: rest as string[], modal: Boolean(options.modal), detail: options.detail };
        this.messages.push(shown);
        this.messageShown.fire(shown);
        return this.ui.answer?.(shown);
      };
    const noEvent = (): { dispose(): void } => ({ dispose: () => {} });
    const { documents, decorations } = this;
    return {
      Uri,
      Range,
      Position,
      Diagnostic,
      DiagnosticSeverity,
      ProgressLocation,
      StatusBarAlignment,
      QuickPickItemKind,
      ThemeColor,
      MarkdownString,
      CodeLens,
      EventEmitter,
      OverviewRulerLane,
      window: {
        get activeTextEditor() {
          return undefined as unknown;
        },
        /** Every open document counts as visible: decorations are recorded per document. */
        get visibleTextEditors() {
          return [...documents.values()].map((document) => ({
            document,
            setDecorations: (_type: unknown, marks: Array<{ range: Range; hoverMessage?: MarkdownString }>) =>
              void decorations.set(document.uri.toString(), marks),
          }));
        },
        onDidChangeVisibleTextEditors: noEvent,
        createTextEditorDecorationType: () => ({ dispose: () => {} }),
        showTextDocument: async (target: Uri | FakeDocument) => {
          this.shownDocuments.push(('uri' in target ? target.uri : target).toString());
          return undefined;
        },
        showInformationMessage: show('info'),
        showWarningMessage: show('warning'),
        showErrorMessage: show('error'),
        showQuickPick: async (items: string[] | Array<{ label: string }>, options?: { title?: string }) => {
          const labels = items.map((item) => (typeof item === 'string' ? item : item.label));
          const chosen = this.ui.pick?.({ items: labels, title: options?.title });
          return items.find((item) => (typeof item === 'string' ? item : item.label) === chosen);
        },
        showInputBox: async (options: { value?: string; validateInput?: (value: string) => string | undefined }) =>
          this.ui.inputBox ? this.ui.inputBox(options) : options.value,
        showSaveDialog: async (options: { defaultUri?: Uri }) => this.ui.saveDialog?.(options),
        createQuickPick: () => new FakeQuickPick(this.ui),
        createStatusBarItem: () => {
          const item = {
            text: '',
            tooltip: '',
            command: '',
            name: '',
            visible: false,
            show: () => void (item.visible = true),
            hide: () => void (item.visible = false),
            dispose: () => {},
          };
          this.statusBarItems.push(item);
          return item;
        },
        withProgress: (
          options: { title?: string },
          task: (progress: { report(value: { message?: string; increment?: number }): void }, token: unknown) => Promise<unknown>,
        ): Promise<unknown> => {
          const cancelled = new Emitter<void>();
          return task(
            { report: (value) => void this.progress.push({ title: options.title, ...value }) },
            { isCancellationRequested: false, onCancellationRequested: cancelled.event },
          );
        },
        onDidChangeActiveTextEditor: noEvent,
      },
      workspace: {
        isTrusted: true,
        get textDocuments() {
          return [...documents.values()];
        },
        getWorkspaceFolder: () => undefined,
        onDidOpenTextDocument: this.documentOpened.event,
        onDidChangeTextDocument: this.documentChanged.event,
        getConfiguration: (section: string) => ({
          get: <T>(key: string, fallback: T): T =>
            this.settings.has(`${section}.${key}`) ? (this.settings.get(`${section}.${key}`) as T) : fallback,
        }),
        openTextDocument: async (uri: Uri) => {
          const document = this.documents.get(uri.toString());
          if (!document) throw new Error(`cannot open ${uri.toString()}`);
          return document;
        },
        onDidChangeConfiguration: noEvent,
        onDidCloseTextDocument: this.documentClosed.event,
        fs: {
          writeFile: async (uri: Uri, bytes: Uint8Array) => {
            this.writtenFiles.set(uri.path, Buffer.from(bytes).toString('utf8'));
            this.fileWritten.fire(uri.path);
          },
        },
      },
      languages: {
        registerCodeLensProvider: (_selector: unknown, provider: { provideCodeLenses(document: FakeDocument): CodeLens[] }) => {
          this.codeLensProviders.push(provider);
          return { dispose: () => this.codeLensProviders.splice(this.codeLensProviders.indexOf(provider), 1) };
        },
        createDiagnosticCollection: (name: string) => {
          const store = new Map<string, Diagnostic[]>();
          this.collections.set(name, store);
          return {
            name,
            set: (uri: Uri, diagnostics: Diagnostic[]) => void store.set(uri.toString(), diagnostics),
            delete: (uri: Uri) => void store.delete(uri.toString()),
            get: (uri: Uri) => store.get(uri.toString()),
            dispose: () => store.clear(),
          };
        },
      },
      commands: {
        registerCommand: (command: string, handler: (...args: unknown[]) => unknown) => {
          this.commandHandlers.set(command, handler);
          return { dispose: () => this.commandHandlers.delete(command) };
        },
        executeCommand: async (command: string, ...args: unknown[]): Promise<unknown> => {
          this.executed.push({ command, args });
          return this.commandHandlers.get(command)?.(...args);
        },
      },
      authentication: {
        registerAuthenticationProvider: (id: string, label: string, provider: FakeAuthenticationProvider) => {
          if (this.authenticationProviders.has(id)) throw new Error(`authentication provider ${id} is already registered`);
          this.authenticationProviders.set(id, { label, provider });
          return { dispose: () => this.authenticationProviders.delete(id) };
        },
      },
      // The message in the display language (English as VS Code without a language pack, else the extension's
      // bundle for it; a message the bundle lacks stays English), with its `{0}` placeholders filled in.
      l10n: {
        t: (message: string, ...args: Array<string | number | boolean>) =>
          (this.language === 'de' ? (GERMAN_BUNDLE[message] ?? message) : message).replace(/\{(\d+)\}/g, (placeholder, index: string) =>
            String(args[Number(index)] ?? placeholder),
          ),
      },
      env: {
        get language() {
          return fake.language;
        },
        remoteName: undefined as string | undefined,
        openExternal: async () => true,
        clipboard: { writeText: async () => {} },
      },
    };
  }
}

export const fakeVscode = new FakeVscode();

export function fakeLogChannel(): {
  lines: string[];
  show(): void;
  info(m: string): void;
  warn(m: string): void;
  error(m: string): void;
  debug(m: string): void;
  trace(m: string): void;
} {
  const lines: string[] = [];
  return {
    lines,
    show: () => {},
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
    debug: (m) => lines.push(m),
    trace: (m) => lines.push(m),
  };
}
