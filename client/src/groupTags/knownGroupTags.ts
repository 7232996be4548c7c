// The group tags the language server checks tags against besides the settings: the tags of the workspace's other
// Autopilot CSV files (scanned, and scanned again when a file changes), and the device batch names of the customer
// chosen for an upload from a folder (client/src/upload/customerBatches.ts remembers them). A tag close to one of these without being
// it is reported as a misspelling, and the hover says where a tag is known from.
import * as vscode from 'vscode';
import { open } from 'node:fs/promises';
import { groupTagsOfText, standingTags } from '../../../server/src/core/groupTagPolicy';
import { decodeBytes } from '../../../server/src/core/textCodec';
import { KnownGroupTagsNotification, type KnownGroupTagEntry } from '../../../server/src/protocol/extensionProtocol';
import type { CustomerBatches, CustomerBatchNames } from '../upload/customerBatches';

/** Files scanned at most: a folder of thousands of CSV files is no workspace of device lists. */
const MAX_FILES = 500;
/**
 * Bytes read of each file: its first 4 MiB hold a thousand devices, and their tags are the file's tags. A 200 MB
 * file is not read whole for a handful of tags.
 */
const MAX_BYTES = 4 * 1024 * 1024;
/** Changes to CSV files within this time are scanned together. */
const RESCAN_DELAY_MS = 300;

/** How the known tags reach the server: the language client's notification, once it has started. */
export type SendKnownTags = (params: KnownGroupTagsNotification.Params) => Promise<void>;

export class KnownGroupTags implements vscode.Disposable {
  /** Per file URI: the tags it stands by. */
  private readonly fileTags = new Map<string, string[]>();
  private readonly pending = new Map<string, vscode.Uri>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private scanning: Promise<void> = Promise.resolve();

  constructor(
    private readonly customers: Pick<CustomerBatches, 'folders' | 'batchNamesFor' | 'onDidChange'>,
    private readonly send: SendKnownTags,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Tells the server the customers' batch names remembered, scans the workspace and watches its CSV files. Resolves
   * when the first scan is told (failures are logged, never thrown).
   */
  start(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.csv');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.rescanLater(uri)),
      watcher.onDidChange((uri) => this.rescanLater(uri)),
      watcher.onDidDelete((uri) => this.rescanLater(uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.queue(() => this.scanWorkspace())),
      this.customers.onDidChange((folder) => {
        const names = this.customers.batchNamesFor(folder);
        if (names) void this.queue(() => this.sendCustomer(folder, names));
      }),
    );
    void this.queue(() => this.sendCustomers());
    return this.queue(() => this.scanWorkspace());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async sendCustomers(): Promise<void> {
    for (const [folder, names] of this.customers.folders()) await this.sendCustomer(folder, names);
  }

  /** Once a customer is chosen for an upload from `folder`, its batch names are known tags for the files in it. */
  private sendCustomer(folder: string, { customerName, batchNames }: CustomerBatchNames): Promise<void> {
    const names = [...new Set(batchNames.map((name) => name.trim()).filter((name) => name !== ''))];
    return this.send({ source: 'customer', folder, tags: names.map((tag) => ({ tag, detail: customerName })) });
  }

  private async scanWorkspace(): Promise<void> {
    this.fileTags.clear();
    const files = await vscode.workspace.findFiles('**/*.csv', undefined, MAX_FILES + 1);
    if (files.length > MAX_FILES) {
      this.log.warn(`Known group tags: the workspace has more than ${MAX_FILES} CSV files; the tags of the first ${MAX_FILES} are used.`);
    }
    for (const uri of files.slice(0, MAX_FILES)) await this.scanFile(uri);
    const tags = new Set([...this.fileTags.values()].flat());
    this.log.info(
      `Known group tags: ${tags.size} in ${this.fileTags.size} of the workspace's ${Math.min(files.length, MAX_FILES)} CSV files.`,
    );
    await this.sendWorkspace();
  }

  private rescanLater(uri: vscode.Uri): void {
    this.pending.set(uri.toString(), uri);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const uris = [...this.pending.values()];
      this.pending.clear();
      void this.queue(async () => {
        for (const changed of uris) await this.scanFile(changed);
        await this.sendWorkspace();
      });
    }, RESCAN_DELAY_MS);
  }

  /** Scans run one after the other; one that fails is logged and does not stop the next. */
  private queue(work: () => Promise<void>): Promise<void> {
    this.scanning = this.scanning
      .then(work)
      .catch((error: unknown) => this.log.error('Could not read the group tags of the workspace', error));
    return this.scanning;
  }

  /** Reads the file's tags; a file that is gone or unreadable has none. */
  private async scanFile(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const bytes = await readHead(uri);
      if (!bytes) {
        this.fileTags.delete(key);
        return;
      }
      const { text } = decodeBytes(bytes.bytes);
      // A file read in part ends inside a row: only whole rows count.
      const whole = bytes.partial ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
      const tags = standingTags(groupTagsOfText(whole));
      if (tags.length > 0) this.fileTags.set(key, tags);
      else this.fileTags.delete(key);
    } catch (error) {
      this.fileTags.delete(key);
      this.log.warn(`Known group tags: could not read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async sendWorkspace(): Promise<void> {
    const tags: KnownGroupTagEntry[] = [];
    for (const [uri, fileTags] of this.fileTags) {
      const detail = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
      for (const tag of fileTags) tags.push({ tag, detail, uri });
    }
    await this.send({ source: 'workspace', tags });
  }
}

/** The file's first MAX_BYTES; undefined when it does not exist (any more). */
async function readHead(uri: vscode.Uri): Promise<{ bytes: Uint8Array; partial: boolean } | undefined> {
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return undefined;
  }
  if (size <= MAX_BYTES) return { bytes: await vscode.workspace.fs.readFile(uri), partial: false };
  if (uri.scheme !== 'file') throw new Error(`it is larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  const file = await open(uri.fsPath, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(MAX_BYTES), 0, MAX_BYTES, 0);
    return { bytes: buffer.subarray(0, bytesRead), partial: true };
  } finally {
    await file.close();
  }
}
