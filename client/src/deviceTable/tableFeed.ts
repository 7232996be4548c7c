// Keeps one table page up to date with the language server: asks for the table when the page is ready, and for
// what changed (since the revision it holds) after each edit or new validation; one request at a time, the last
// trigger always answered.
import type { DeviceTable } from '../../../server/src/protocol/extensionProtocol';
import type { HostMessage } from '../../webview/deviceTable/tableMessages';

/** Waits before asking again after an edit: typing in the text editor beside asks once per pause, not per key. */
const EDIT_DELAY_MS = 60;
/**
 * A document the server does not know yet (opened a moment ago) gets no table: asked again this many times, after
 * these pauses, before the page says the file is not an Autopilot CSV file.
 */
const NOT_YET_DELAYS_MS = [100, 250, 500, 1000, 2000];

export interface TableFeedDeps {
  /** The server's table of the document, or the changes since `since`; null when it has none. */
  request(since: number | undefined): Promise<DeviceTable | null>;
  post(message: HostMessage): void;
  /** The document is empty (or only blank): said in place of "not an Autopilot file". */
  isEmpty(): boolean;
  log(message: string, error: unknown): void;
}

export class TableFeed {
  private revision: number | undefined;
  private running = false;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private misses = 0;
  private disposed = false;

  constructor(private readonly deps: TableFeedDeps) {}

  /** The page lost what it held (it loaded again): everything is sent again. */
  reset(): void {
    this.revision = undefined;
    this.misses = 0;
    void this.refresh();
  }

  schedule(delayMs = EDIT_DELAY_MS): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  async refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        const table = await this.deps.request(this.revision);
        if (this.disposed) return;
        if (table) {
          this.misses = 0;
          this.revision = table.revision;
          this.deps.post({ type: 'table', table });
        } else {
          this.revision = undefined;
          this.missed();
        }
      } while (this.again && !this.disposed);
    } catch (error) {
      this.revision = undefined;
      this.deps.log('The device table could not be read from the language server', error);
      this.deps.post({ type: 'state', state: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private missed(): void {
    if (this.deps.isEmpty()) {
      this.deps.post({ type: 'state', state: 'empty' });
      return;
    }
    const delay = NOT_YET_DELAYS_MS[this.misses++];
    if (delay === undefined) {
      this.deps.post({ type: 'state', state: 'not-autopilot' });
      return;
    }
    this.deps.post({ type: 'state', state: 'loading' });
    this.schedule(delay);
  }
}
