// Per-document state the server owns: the encoding each file was decoded with, its settings, and its validation
// engine (code actions, hovers and lenses read the engine's result instead of validating again).
//
// Validation is incremental and sliced: an edit re-checks only the rows it touched (core/incremental.ts), and the
// rows still to check are checked a few milliseconds at a time, yielding to the event loop in between, so requests
// are answered while a 200 MB file is validated. A newer version stops the slices of the older one; its edits are
// applied to the same engine, so the rows already checked are kept.
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeBytes } from '../core/textCodec';
import { IncrementalValidation } from '../core/incremental';
import type { Encoding, Settings } from '../core/types';
import type { Validation } from '../core/validate';
import { ServerTextDocument } from './textDocument';

/** Work per slice: short enough that a request waits at most this long behind validation. */
const SLICE_MS = 8;

interface Session {
  /** The document object (updated in place by TextDocuments, so its version is always the latest). */
  document: TextDocument;
  engine: IncrementalValidation;
  /** The document version the engine's text is. */
  version: number;
  /** The store generation (settings, encodings) the engine was made for. */
  generation: number;
  /** The slices running for this session, while rows are pending. */
  driving?: Promise<void>;
}

export class DocumentStore {
  private readonly encodings = new Map<string, { encoding: Encoding; guessedUtf16: boolean }>();
  private readonly sessions = new Map<string, Session>();
  private readonly settings = new Map<string, Promise<Partial<Settings>>>();
  /** Bumped whenever settings or an encoding change, so an engine made before the change is not used. */
  private generation = 0;
  /**
   * The order in which document objects were first seen: a file closed and opened again is a new object, and a
   * validation still running for the old one must neither replace nor keep replacing the new one's engine.
   */
  private readonly firstSeen = new WeakMap<TextDocument, number>();
  private documentsSeen = 0;

  constructor(private readonly loadSettings: (uri: string) => Promise<Partial<Settings>>) {}

  setEncoding(uri: string, encoding: Encoding): void {
    this.encodings.set(uri, { encoding, guessedUtf16: false });
    this.sessions.delete(uri);
    this.generation++;
  }

  /** The encoding the client told us, else what the file's bytes on disk say, else UTF-8. */
  async encodingOf(uri: string): Promise<{ encoding: Encoding; guessedUtf16: boolean }> {
    const known = this.encodings.get(uri);
    if (known) return known;
    const sniffed = await sniffFileEncoding(uri);
    // The client may have told us while the file was read: what it says wins.
    const told = this.encodings.get(uri);
    if (told) return told;
    this.encodings.set(uri, sniffed);
    return sniffed;
  }

  settingsFor(uri: string): Promise<Partial<Settings>> {
    let settings = this.settings.get(uri);
    if (!settings) {
      settings = this.loadSettings(uri).catch(() => ({}));
      this.settings.set(uri, settings);
    }
    return settings;
  }

  clearSettings(): void {
    this.settings.clear();
    this.sessions.clear();
    this.generation++;
  }

  /**
   * The complete validation of the document as it is when the promise resolves (a newer version that arrives
   * meanwhile is validated too). Computed in slices; never validates again when it is up to date.
   */
  async current(document: TextDocument): Promise<Validation> {
    for (;;) {
      const session = await this.session(document);
      if (!session) continue;
      // A closed document's caller discards the result: any answer will do, as long as it comes.
      if (session.document !== document) return session.engine.snapshot();
      if (session.engine.complete && session.version === document.version) return session.engine.snapshot();
      await this.drive(session);
    }
  }

  /**
   * The validation as far as it got, without waiting for the rows still pending: a partial result (`cancelled`
   * set, no cross-row findings) while a big file is being validated. For requests that must answer at once
   * (hovers, completions); everything that acts on findings uses `current`.
   */
  async provisional(document: TextDocument): Promise<Validation> {
    const session = await this.session(document);
    return session ? session.engine.snapshot() : this.current(document);
  }

  latest(uri: string): Validation | undefined {
    return this.sessions.get(uri)?.engine.snapshot();
  }

  forget(uri: string): void {
    this.encodings.delete(uri);
    this.sessions.delete(uri);
    this.settings.delete(uri);
  }

  /**
   * The document's session at its current version, made or caught up; undefined when settings changed meanwhile;
   * the newer document's session when this document object was replaced by another (closed and opened again).
   */
  private async session(document: TextDocument): Promise<Session | undefined> {
    if (!this.firstSeen.has(document)) this.firstSeen.set(document, ++this.documentsSeen);
    const generation = this.generation;
    const { encoding, guessedUtf16 } = await this.encodingOf(document.uri);
    const settings = await this.settingsFor(document.uri);
    if (generation !== this.generation) return undefined;
    let session = this.sessions.get(document.uri);
    if (session && session.document !== document && (this.firstSeen.get(session.document) ?? 0) > (this.firstSeen.get(document) ?? 0))
      return session;
    if (!session || session.generation !== generation || session.document !== document) {
      const input = { text: document.getText(), encoding, guessedUtf16, settings };
      const engine = new IncrementalValidation(input, document instanceof ServerTextDocument ? document.text : undefined);
      session = { document, engine, version: document.version, generation };
      this.sessions.set(document.uri, session);
    }
    this.catchUp(session);
    return session;
  }

  /** Applies the edits of the versions the engine has not seen; reads the text again when they are not known. */
  private catchUp(session: Session): void {
    const { document } = session;
    if (session.version === document.version) return;
    if (document instanceof ServerTextDocument) {
      // The edits since, applied around where they are: the whole text is not read.
      const edits = document.editsSince(session.version);
      if (edits) session.engine.applyEdits(edits, document.text);
      else session.engine.applyEdits([{ start: 0, end: session.engine.textLength, newText: document.getText() }], document.text);
    } else {
      session.engine.applyEdits([{ start: 0, end: session.engine.textLength, newText: document.getText() }]);
    }
    session.version = document.version;
  }

  /** Checks the pending rows slice by slice; stops early when the document has a newer version (or is gone). */
  private drive(session: Session): Promise<void> {
    if (session.driving) return session.driving;
    const run = (async () => {
      for (;;) {
        if (session.engine.step(SLICE_MS)) return;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.sessions.get(session.document.uri) !== session || session.document.version !== session.version) return;
      }
    })();
    session.driving = run;
    // Cleared once settled (not from inside: a run that finishes at once would clear before it was stored).
    const clear = () => {
      if (session.driving === run) session.driving = undefined;
    };
    run.then(clear, clear);
    return run;
  }
}

async function sniffFileEncoding(uri: string): Promise<{ encoding: Encoding; guessedUtf16: boolean }> {
  if (!uri.startsWith('file:')) return { encoding: 'utf8', guessedUtf16: false };
  try {
    // The first bytes tell; reading a 200 MB file for them would cost more than validating it.
    const file = await open(fileURLToPath(uri), 'r');
    try {
      const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
      const decoded = decodeBytes(buffer.subarray(0, bytesRead));
      return { encoding: decoded.encoding, guessedUtf16: decoded.guessedUtf16 ?? false };
    } finally {
      await file.close();
    }
  } catch {
    return { encoding: 'utf8', guessedUtf16: false };
  }
}
