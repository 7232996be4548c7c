// The device batch names the upload learns: each workspace folder's last chosen customer and its existing batches
// (read before every upload; a batch name is a group tag, so these are tags the customer's groups already select),
// and the batch names recently used for untagged rows. Other features read them here: `batchNamesFor(folder)` and
// `onDidChange` (e.g. to tell the language server these tags are known).
import type * as vscode from 'vscode';

export interface CustomerBatchNames {
  customerId: string;
  customerName: string;
  batchNames: string[];
  /** ISO time they were read. */
  readAt: string;
}

const BY_FOLDER_KEY = 'autopilot.upload.customerBatches';
const RECENT_KEY = 'autopilot.upload.recentBatchNames';
const RECENT_KEPT = 10;

export class CustomerBatches {
  private readonly listeners = new Set<(folderUri: string) => void>();

  /** `workspaceState` for the per-folder customer, `globalState` for the names recently used anywhere. */
  constructor(
    private readonly workspaceState: vscode.Memento,
    private readonly globalState: vscode.Memento,
  ) {}

  onDidChange(listener: (folderUri: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The customer last chosen for an upload from this folder, with its batch names, if any. */
  batchNamesFor(folderUri: string): CustomerBatchNames | undefined {
    return this.byFolder()[folderUri];
  }

  /** Every folder's last chosen customer with its batch names. */
  folders(): Array<[string, CustomerBatchNames]> {
    return Object.entries(this.byFolder());
  }

  async remember(folderUri: string, names: CustomerBatchNames): Promise<void> {
    await this.workspaceState.update(BY_FOLDER_KEY, { ...this.byFolder(), [folderUri]: names });
    for (const listener of [...this.listeners]) listener(folderUri);
  }

  /** Batch names recently chosen for untagged rows, newest first. */
  recentNames(): string[] {
    const stored = this.globalState.get<unknown>(RECENT_KEY);
    return Array.isArray(stored) ? stored.filter((name): name is string => typeof name === 'string') : [];
  }

  async rememberName(name: string): Promise<void> {
    const recent = [name, ...this.recentNames().filter((other) => other !== name)].slice(0, RECENT_KEPT);
    await this.globalState.update(RECENT_KEY, recent);
  }

  private byFolder(): Record<string, CustomerBatchNames> {
    const stored = this.workspaceState.get<unknown>(BY_FOLDER_KEY);
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, CustomerBatchNames>) : {};
  }
}
