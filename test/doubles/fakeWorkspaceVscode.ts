// Just enough of the `vscode` API for the group-tag client code (client/src/groupTags) under node:test: a workspace of
// real files in a temp folder (findFiles, fs, a file watcher the test fires), configuration with its targets
// (inspect, update) and a workspace state. `installFakeWorkspaceVscode()` makes `require('vscode')` return it; call it
// before the client modules load (import this file first).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { Uri } from './fakeVscode';

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((candidate) => candidate !== listener)) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
  WorkspaceFolder = 3,
}

interface Values {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

const TARGET_KEYS: Record<ConfigurationTarget, keyof Values> = {
  [ConfigurationTarget.Global]: 'globalValue',
  [ConfigurationTarget.Workspace]: 'workspaceValue',
  [ConfigurationTarget.WorkspaceFolder]: 'workspaceFolderValue',
};

export class FakeWorkspace {
  /** The one workspace folder (undefined: no folder open). */
  folder: string | undefined;
  /** Set for a multi-root workspace (a .code-workspace file). */
  workspaceFile: Uri | undefined;
  /** Settings by full key (`autopilot.groupTags`), per target. */
  readonly settings = new Map<string, Values>();
  readonly updates: Array<{ key: string; value: unknown; target: ConfigurationTarget }> = [];
  readonly statusMessages: string[] = [];
  readonly errors: string[] = [];
  readonly created = new Emitter<Uri>();
  readonly changed = new Emitter<Uri>();
  readonly deleted = new Emitter<Uri>();
  private readonly commands = new Map<string, (...args: unknown[]) => unknown>();

  readonly api = {
    Uri,
    ConfigurationTarget,
    workspace: {
      get workspaceFolders() {
        return fake().folder ? [fake().folderObject()] : undefined;
      },
      get workspaceFile() {
        return fake().workspaceFile;
      },
      findFiles: async (_include: string, _exclude: unknown, max: number) => fake().csvFiles().slice(0, max),
      asRelativePath: (uri: Uri) =>
        fake().folder
          ? path
              .relative(fake().folder ?? '', uri.fsPath)
              .split(path.sep)
              .join('/')
          : uri.fsPath,
      getWorkspaceFolder: (uri: Uri) => {
        const folder = fake().folder;
        return folder && uri.fsPath.startsWith(`${folder}${path.sep}`) ? fake().folderObject() : undefined;
      },
      createFileSystemWatcher: () => ({
        onDidCreate: fake().created.event,
        onDidChange: fake().changed.event,
        onDidDelete: fake().deleted.event,
        dispose: () => {},
      }),
      onDidChangeWorkspaceFolders: () => ({ dispose: () => {} }),
      fs: {
        stat: async (uri: Uri) => ({ size: statSync(uri.fsPath).size }),
        readFile: async (uri: Uri) => new Uint8Array(readFileSync(uri.fsPath)),
      },
      getConfiguration: (section: string) => ({
        get: <T>(key: string, fallback: T): T => {
          const values = fake().settings.get(`${section}.${key}`) ?? {};
          return (values.workspaceFolderValue ?? values.workspaceValue ?? values.globalValue ?? fallback) as T;
        },
        inspect: (key: string) => ({ key: `${section}.${key}`, ...fake().settings.get(`${section}.${key}`) }),
        update: async (key: string, value: unknown, target: ConfigurationTarget) => {
          const full = `${section}.${key}`;
          fake().updates.push({ key: full, value, target });
          fake().settings.set(full, { ...fake().settings.get(full), [TARGET_KEYS[target]]: value });
        },
      }),
    },
    window: {
      activeTextEditor: undefined,
      setStatusBarMessage: (text: string) => {
        fake().statusMessages.push(text);
        return { dispose: () => {} };
      },
      showErrorMessage: async (message: string) => void fake().errors.push(message),
      showInformationMessage: async () => undefined,
      showQuickPick: async () => undefined,
    },
    commands: {
      registerCommand: (command: string, handler: (...args: unknown[]) => unknown) => {
        fake().commands.set(command, handler);
        return { dispose: () => fake().commands.delete(command) };
      },
      executeCommand: async (command: string, ...args: unknown[]) => fake().commands.get(command)?.(...args),
    },
    // English, as VS Code without a language pack.
    l10n: {
      t: (message: string, ...args: Array<string | number | boolean>) =>
        message.replace(/\{(\d+)\}/g, (placeholder, index: string) => String(args[Number(index)] ?? placeholder)),
    },
  };

  reset(folder: string | undefined): void {
    this.folder = folder;
    this.workspaceFile = undefined;
    this.settings.clear();
    this.updates.length = 0;
    this.statusMessages.length = 0;
    this.errors.length = 0;
  }

  folderObject() {
    return { uri: Uri.file(this.folder ?? ''), name: path.basename(this.folder ?? ''), index: 0 };
  }

  /** The .csv files under the folder, as findFiles('**\/*.csv') finds them. */
  csvFiles(): Uri[] {
    if (!this.folder) return [];
    const entries = readdirSync(this.folder, { recursive: true, encoding: 'utf8' });
    return entries
      .filter((name) => name.endsWith('.csv'))
      .sort()
      .map((name) => Uri.file(path.join(this.folder ?? '', name)));
  }
}

let instance: FakeWorkspace | undefined;
function fake(): FakeWorkspace {
  if (!instance) throw new Error('installFakeWorkspaceVscode() was not called');
  return instance;
}

/** A workspace state (ExtensionContext.workspaceState) kept in memory. */
export function memento(): { get<T>(key: string, fallback: T): T; update(key: string, value: unknown): Promise<void> } {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string, fallback: T): T => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key, value) => void values.set(key, value),
  };
}

export function installFakeWorkspaceVscode(): FakeWorkspace {
  instance ??= new FakeWorkspace();
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = loader._load.bind(loader);
  const api = instance.api;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? api : load(request, parent, isMain));
  return instance;
}

export const fakeWorkspace = installFakeWorkspaceVscode();
