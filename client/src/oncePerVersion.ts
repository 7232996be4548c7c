// One request per document version, shared by every asker of that version. The workbench asks for a document's
// symbols two or three times after each edit (breadcrumbs and outline, sticky scroll), and a file of 5,000 devices
// has 5,000 symbols: about 1.3 MB of JSON per answer, which the server computes, the extension host parses and
// converts, and the workbench builds an outline from, per asker.

export class OncePerVersion<T> {
  private shared: { uri: string; version: number; answer: Promise<T> } | undefined;

  /** The answer for this version of the document: the one under way or given, else `ask()`'s. */
  get(uri: string, version: number, ask: () => T | PromiseLike<T>): Promise<T> {
    if (this.shared?.uri === uri && this.shared.version === version) return this.shared.answer;
    const answer = Promise.resolve().then(ask);
    const entry = { uri, version, answer };
    this.shared = entry;
    // A failed request is not kept for the next asker.
    answer.catch(() => {
      if (this.shared === entry) this.shared = undefined;
    });
    return answer;
  }

  /** Something other than the text changed the answer (the settings): the next asker asks again. */
  clear(): void {
    this.shared = undefined;
  }
}
