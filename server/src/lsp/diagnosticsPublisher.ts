// Publishes each document's diagnostics, always of its latest version, with at most one publication per document
// under way. Keystrokes that arrive faster than a file is validated and its diagnostics written are coalesced: the
// versions typed meanwhile are never published (the document store stops their validation), and no publication
// waits in the connection's write queue holding an old version's diagnostics. Queued publications were how 300
// keystrokes in a file of 6,500 findings took the server past 4 GB and out of memory.
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { ErrorLog } from './runSafe';

interface DocumentState {
  /** The latest request (a number from one counter for all documents). */
  requested: number;
  /** The request the last publication answered. */
  answered: number;
  running: boolean;
}

export class DiagnosticsPublisher {
  private readonly states = new Map<string, DocumentState>();
  private requests = 0;

  /**
   * @param diagnosticsOf the document's diagnostics at its latest version, or undefined when there is nothing to
   *   publish (the document was closed meanwhile)
   * @param send resolves once the message is written
   */
  constructor(
    private readonly diagnosticsOf: (uri: string) => Promise<PublishDiagnosticsParams | undefined>,
    private readonly send: (params: PublishDiagnosticsParams) => Promise<void>,
    private readonly log: ErrorLog,
  ) {}

  /** The document changed (text, encoding, settings): publish its diagnostics once its latest version is validated. */
  request(uri: string): void {
    let state = this.states.get(uri);
    if (!state) {
      state = { requested: 0, answered: 0, running: false };
      this.states.set(uri, state);
    }
    state.requested = ++this.requests;
    if (!state.running) void this.run(uri, state);
  }

  /** The document was closed: nothing more is published for it (a publication under way is dropped). */
  forget(uri: string): void {
    this.states.delete(uri);
  }

  private async run(uri: string, state: DocumentState): Promise<void> {
    state.running = true;
    try {
      while (this.states.get(uri) === state && state.answered !== state.requested) {
        // The messages already received go first: a burst of keystrokes becomes one validation.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const params = await this.produce(uri);
        if (this.states.get(uri) !== state) return;
        state.answered = state.requested;
        // `diagnosticsOf` answered with the latest version, so its answer covers every request made until now.
        if (params) await this.send(params);
      }
    } catch (error) {
      this.log.error(`Publishing the diagnostics of ${uri} failed: ${describe(error)}`);
    } finally {
      state.running = false;
    }
  }

  private async produce(uri: string): Promise<PublishDiagnosticsParams | undefined> {
    try {
      return await this.diagnosticsOf(uri);
    } catch (error) {
      this.log.error(`Validating ${uri} failed: ${describe(error)}`);
      return undefined;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
