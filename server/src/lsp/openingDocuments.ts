// Requests can reach the server before the document they are about. The VS Code client sends a document's didOpen
// only once its middleware is done (ours first tells the server the document's encoding), while the Outline asks
// for symbols as soon as the editor shows the file. The editor keeps an answer for a document version until the
// next edit, so a request answered "no such document" left the Outline and Go to Symbol empty until the user
// typed: a request for a document not open yet waits a moment for it instead.
import type { CancellationToken } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export class OpeningDocuments {
  private readonly waiting = new Map<string, Set<(document: TextDocument | undefined) => void>>();

  /** Hands an opened document to the requests waiting for it. */
  opened(document: TextDocument): void {
    const waiters = this.waiting.get(document.uri);
    if (!waiters) return;
    this.waiting.delete(document.uri);
    for (const waiter of waiters) waiter(document);
  }

  /** The document once it opens; undefined when it does not open within `timeoutMs` or the request is cancelled. */
  wait(uri: string, token: CancellationToken, timeoutMs: number): Promise<TextDocument | undefined> {
    return new Promise((resolve) => {
      let waiters = this.waiting.get(uri);
      if (!waiters) {
        waiters = new Set();
        this.waiting.set(uri, waiters);
      }
      const own = waiters;
      const done = (document: TextDocument | undefined) => {
        clearTimeout(timer);
        cancellation.dispose();
        own.delete(done);
        if (own.size === 0 && this.waiting.get(uri) === own) this.waiting.delete(uri);
        resolve(document);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const cancellation = token.onCancellationRequested(() => done(undefined));
      own.add(done);
    });
  }
}
